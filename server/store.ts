import { openPostgresEngine, openSqliteEngine, type Engine } from './db/engine.js';
import type { Plan } from './protocol/plan.js';
import { ContentRepository } from './db/content-repository.js';
import { PlanRepository } from './db/plan-repository.js';
import { PlanTransfer, type ImportResult } from './db/plan-transfer.js';
import { UserRepository } from './db/user-repository.js';
import { SessionRepository } from './db/session-repository.js';
import { AuditRepository } from './db/audit-repository.js';
import { ChangeGenerationRepository } from './db/change-generation-repository.js';
import { ScheduleRepository } from './db/schedule-repository.js';
import { loadPlanFile, SEED_PLAN_FILE } from './plans.js';

export interface Store {
  engine: Engine;
  plans: PlanRepository;
  transfer: PlanTransfer;
  content: ContentRepository;
  users: UserRepository;
  sessions: SessionRepository;
  audit: AuditRepository;
  schedules: ScheduleRepository;
  /** What importing the seed plan did on this open (nothing after the first start). */
  seed: ImportResult | undefined;
  close(): Promise<void>;
}

/**
 * Opens the database and imports the seed plan on first use; shared by server and CLI. With
 * `databaseUrl` (DATABASE_URL) PostgreSQL, shared by every node; without, SQLite in dataDir.
 */
export async function openStore(
  dataDir: string,
  synchronous: 'NORMAL' | 'FULL' = 'FULL',
  busyTimeoutMs?: number,
  databaseUrl?: string,
): Promise<Store> {
  const engine = databaseUrl
    ? await openPostgresEngine(databaseUrl)
    : openSqliteEngine(dataDir, { synchronous, ...(busyTimeoutMs === undefined ? {} : { busyTimeoutMs }) });
  try {
    // Read before the transaction: no file work while it holds the write lock.
    const seedPlan = loadPlanFile(SEED_PLAN_FILE);
    const seed = await engine.transaction(async (tx) => {
      await new ChangeGenerationRepository(tx).holdStartupLock(tx);
      const plans = new PlanRepository(tx);
      const repos = { plans, transfer: new PlanTransfer(tx, plans), content: new ContentRepository(tx), audit: new AuditRepository(tx) };
      return settle(repos, seedPlan, new Date());
    });
    const plans = new PlanRepository(engine.db);
    return {
      engine,
      plans,
      transfer: new PlanTransfer(engine.db, plans),
      content: new ContentRepository(engine.db),
      users: new UserRepository(engine.db),
      sessions: new SessionRepository(engine.db),
      audit: new AuditRepository(engine.db),
      schedules: new ScheduleRepository(engine.db),
      seed,
      close: () => engine.close(),
    };
  } catch (err) {
    await engine.close();
    throw err;
  }
}

/**
 * What every open makes true, each step audited: plans imported before version 10 get their
 * events and phases; nothing stays approved that no person approved; the seed plan is imported
 * on first start like any plan (items submitted), and is active, as Pano ships to run it.
 */
async function settle(
  s: { plans: PlanRepository; transfer: PlanTransfer; content: ContentRepository; audit: AuditRepository },
  seedPlan: Plan,
  now: Date,
): Promise<ImportResult | undefined> {
  for (const planId of await s.transfer.adoptLegacyPlans(now)) {
    await s.audit.append({ actorId: null, actor: 'system', action: 'plan.adopt', target: `plan:${planId}`, after: await s.plans.detail(planId) });
  }
  const withdrawn = await s.content.withdrawApprovalsWithoutPerson(now);
  if (withdrawn.length) {
    await s.audit.append({
      actorId: null,
      actor: 'system',
      action: 'item.approval-withdrawn',
      target: 'items',
      before: { status: 'approved', items: withdrawn },
      after: {
        status: 'submitted',
        reason:
          'Các mục này được ghi là đã duyệt khi nhập kế hoạch, không do người nào duyệt; nay trở lại chờ duyệt để một người duyệt. ' +
          '(Marked approved by a plan import, never by a person; back to submitted so that a person decides.)',
      },
    });
  }
  if (await s.plans.findByNumber(seedPlan.document.number)) return undefined;
  const seed = await s.transfer.importPlan(seedPlan, { by: null, at: now, state: 'active' });
  await s.audit.append({ actorId: null, actor: 'system', action: 'plan.import', target: `plan:${seed.planId}`, after: { document: seedPlan.document.number, items: seed.items, state: 'active' } });
  return seed;
}
