import { openDatabase, type Db } from './db/database.js';
import { ContentRepository } from './db/content-repository.js';
import { PlanRepository, type ImportResult } from './db/plan-repository.js';
import { UserRepository } from './db/user-repository.js';
import { SessionRepository } from './db/session-repository.js';
import { AuditRepository } from './db/audit-repository.js';
import { loadPlanFile, SEED_PLAN_FILE } from './plans.js';

export interface Store {
  db: Db;
  plans: PlanRepository;
  content: ContentRepository;
  users: UserRepository;
  sessions: SessionRepository;
  audit: AuditRepository;
  /** What importing the seed plan did on this open (nothing after the first start). */
  seed: ImportResult;
  close(): void;
}

/** Opens the database in dataDir and imports the seed plan on first use; shared by server and CLI. */
export function openStore(dataDir: string, synchronous: 'NORMAL' | 'FULL' = 'FULL'): Store {
  const db = openDatabase(dataDir, { synchronous });
  try {
    const plans = new PlanRepository(db);
    const seed = plans.importPlan(loadPlanFile(SEED_PLAN_FILE));
    return {
      db,
      plans,
      content: new ContentRepository(db),
      users: new UserRepository(db),
      sessions: new SessionRepository(db),
      audit: new AuditRepository(db),
      seed,
      close: () => db.close(),
    };
  } catch (err) {
    db.close();
    throw err;
  }
}
