import { openDatabase, type Db } from './db/database.js';
import { ContentRepository } from './db/content-repository.js';
import { PlanRepository, type ImportResult } from './db/plan-repository.js';
import { UserRepository } from './db/user-repository.js';
import { SessionRepository } from './db/session-repository.js';
import { AuditRepository } from './db/audit-repository.js';
import { ScheduleRepository } from './db/schedule-repository.js';
import { loadPlanFile, SEED_PLAN_FILE } from './plans.js';

export interface Store {
  db: Db;
  plans: PlanRepository;
  content: ContentRepository;
  users: UserRepository;
  sessions: SessionRepository;
  audit: AuditRepository;
  schedules: ScheduleRepository;
  /** What importing the seed plan did on this open (nothing after the first start). */
  seed: ImportResult;
  close(): void;
}

/** Opens the database in dataDir and imports the seed plan on first use; shared by server and CLI. */
export function openStore(dataDir: string, synchronous: 'NORMAL' | 'FULL' = 'FULL', busyTimeoutMs?: number): Store {
  const db = openDatabase(dataDir, { synchronous, ...(busyTimeoutMs === undefined ? {} : { busyTimeoutMs }) });
  try {
    const plans = new PlanRepository(db);
    const seedPlan = loadPlanFile(SEED_PLAN_FILE);
    const seed = plans.importPlan(seedPlan);
    const audit = new AuditRepository(db);
    if (seed.imported) {
      audit.append({ actorId: null, actor: 'system', action: 'plan.import', target: `plan:${seed.documentId}`, after: { document: seedPlan.document.number, items: seed.items } });
    }
    const schedules = new ScheduleRepository(db);
    schedules.seedFromPlan(seedPlan, new Date());
    return {
      db,
      plans,
      content: new ContentRepository(db),
      users: new UserRepository(db),
      sessions: new SessionRepository(db),
      audit,
      schedules,
      seed,
      close: () => db.close(),
    };
  } catch (err) {
    db.close();
    throw err;
  }
}
