import { z } from 'zod';
import { PlanSchema } from '../protocol/plan.js';
import { PlanImportResultSchema, PlanListSchema } from '../protocol/content.js';
import { assertFound, defineRoute, signedIn } from '../http/route.js';
import { HttpProblem } from '../http/problem.js';
import type { Db } from '../db/database.js';
import { PlanConflict, type PlanRepository } from '../db/plan-repository.js';
import type { AuditRepository } from '../db/audit-repository.js';
import { NationalDayRepository } from '../db/national-day-repository.js';
import { checkPlanNationalDays } from './national-days.js';

const IdParam = z.coerce.number().int().positive();

/**
 * Whole plans in the file format of assets/plans. Import is for those who answer for content
 * (approver, admin) and all-or-nothing; its items still need approval by someone else. Export
 * is open to every signed-in user: it holds only approved, public campaign text.
 */
export function planRoutes(deps: { db: Db; plans: PlanRepository; audit: AuditRepository; onContentChanged: () => void }) {
  const { db, plans, audit } = deps;
  return [
    defineRoute({
      method: 'get',
      path: '/api/plans',
      summary: 'Các kế hoạch đã nhập (stored plan documents)',
      tag: 'plans',
      access: 'signed-in',
      response: PlanListSchema,
      handler: () => ({ plans: plans.listPlans() }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/plans/:id/export',
      summary: 'Xuất kế hoạch (pano-plan/1) with the register’s approved items in their approved text',
      tag: 'plans',
      access: 'signed-in',
      response: PlanSchema,
      problems: [404],
      handler: ({ params, res }) => {
        const id = IdParam.safeParse(params.id);
        const plan = assertFound(id.success ? plans.exportPlan(id.data) : undefined, `kế hoạch "${params.id}"`);
        const file = plan.document.number.normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'D').replace(/[^A-Za-z0-9-]+/g, '-');
        res.setHeader('Content-Disposition', `attachment; filename="${file}.json"`);
        return plan;
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/plans/import',
      summary: 'Nhập kế hoạch: validated, all or nothing, every problem with its path; items arrive submitted for approval',
      tag: 'plans',
      access: ['admin', 'approver'],
      body: PlanSchema,
      response: PlanImportResultSchema,
      status: 201,
      problems: [409],
      handler: (ctx) => {
        const { id, username } = signedIn(ctx).user;
        const plan = ctx.body;
        checkPlanNationalDays(plan, new NationalDayRepository(db));
        const result = db.transaction(() => {
          try {
            const imported = plans.importForReview(plan, { id, username }, new Date());
            const summary = plans.listPlans().find((p) => p.id === imported.documentId)!;
            audit.append({
              actorId: id,
              actor: username,
              action: 'plan.import',
              target: `plan:${imported.documentId}`,
              after: { document: plan.document, places: plan.places.map((p) => p.id), items: plan.items.map((i) => i.id) },
              remoteAddress: ctx.remoteAddress,
            });
            return { plan: summary, items: imported.items, zones: plan.places.length };
          } catch (err) {
            if (!(err instanceof PlanConflict)) throw err;
            const errors = err.errors.map((e) => ({ path: `body.${e.path}`, message: e.message }));
            throw new HttpProblem(409, 'Không nhập được kế hoạch', `Có ${errors.length} xung đột với dữ liệu đã có; không có gì được ghi.`, errors);
          }
        })();
        deps.onContentChanged();
        return result;
      },
    }),
  ];
}
