import { openDatabase, type Db } from './db/database.js';
import { ContentRepository } from './db/content-repository.js';
import { PlanRepository } from './db/plan-repository.js';
import { PlanTransfer, type ImportResult } from './db/plan-transfer.js';
import { UserRepository } from './db/user-repository.js';
import { SessionRepository } from './db/session-repository.js';
import { AuditRepository } from './db/audit-repository.js';
import { ScheduleRepository } from './db/schedule-repository.js';
import { loadPlanFile, SEED_PLAN_FILE } from './plans.js';

export interface Store {
  db: Db;
  plans: PlanRepository;
  transfer: PlanTransfer;
  content: ContentRepository;
  users: UserRepository;
  sessions: SessionRepository;
  audit: AuditRepository;
  schedules: ScheduleRepository;
  /** What importing the seed plan did on this open (nothing after the first start). */
  seed: ImportResult | undefined;
  close(): void;
}

/** Opens the database in dataDir and imports the seed plan on first use; shared by server and CLI. */
export function openStore(dataDir: string, synchronous: 'NORMAL' | 'FULL' = 'FULL', busyTimeoutMs?: number): Store {
  const db = openDatabase(dataDir, { synchronous, ...(busyTimeoutMs === undefined ? {} : { busyTimeoutMs }) });
  try {
    const plans = new PlanRepository(db);
    const transfer = new PlanTransfer(db, plans);
    const content = new ContentRepository(db);
    const audit = new AuditRepository(db);
    const seed = db.transaction(() => settle({ plans, transfer, content, audit }, new Date()))();
    return {
      db,
      plans,
      transfer,
      content,
      users: new UserRepository(db),
      sessions: new SessionRepository(db),
      audit,
      schedules: new ScheduleRepository(db),
      seed,
      close: () => db.close(),
    };
  } catch (err) {
    db.close();
    throw err;
  }
}

/**
 * What every open makes true, each step audited: plans imported before version 10 get their
 * events and phases; nothing stays approved that no person approved; the seed plan is imported
 * on first start like any plan (items submitted), and is active, as Pano ships to run it.
 */
function settle(s: { plans: PlanRepository; transfer: PlanTransfer; content: ContentRepository; audit: AuditRepository }, now: Date): ImportResult | undefined {
  for (const planId of s.transfer.adoptLegacyPlans(now)) {
    s.audit.append({ actorId: null, actor: 'system', action: 'plan.adopt', target: `plan:${planId}`, after: s.plans.detail(planId) });
  }
  const withdrawn = s.content.withdrawApprovalsWithoutPerson(now);
  if (withdrawn.length) {
    s.audit.append({
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
  const seedPlan = loadPlanFile(SEED_PLAN_FILE);
  if (s.plans.findByNumber(seedPlan.document.number)) return undefined;
  const seed = s.transfer.importPlan(seedPlan, { by: null, at: now, state: 'active' });
  s.audit.append({ actorId: null, actor: 'system', action: 'plan.import', target: `plan:${seed.planId}`, after: { document: seedPlan.document.number, items: seed.items, state: 'active' } });
  return seed;
}
