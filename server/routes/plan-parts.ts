import { z } from 'zod';
import type { Anchor } from '../protocol/plan.js';
import {
  CampaignRequestSchema,
  CampaignViewSchema,
  EventRequestSchema,
  PhaseRequestSchema,
  PlanEventViewSchema,
  PlanPhaseViewSchema,
  UpdateCampaignRequestSchema,
  UpdatePlanEventRequestSchema,
  UpdatePlanPhaseRequestSchema,
  type CampaignView,
  type Dependent,
  type PlanEventView,
  type PlanPhaseView,
  type PlanView,
} from '../protocol/plans.js';
import { assertFound, defineRoute, signedIn, type RouteContext } from '../http/route.js';
import { auditedChange } from '../http/audited.js';
import { HttpProblem } from '../http/problem.js';
import { hasAnyRole } from '../auth/auth-service.js';
import type { Engine, Tx } from '../db/engine.js';
import type { PlanRepository } from '../db/plan-repository.js';
import { PlanPartsRepository } from '../db/plan-parts-repository.js';
import type { AuditRepository } from '../db/audit-repository.js';
import { slugify } from '../domain/slug.js';
import { fieldProblem } from './calendar.js';
import { findPlan, PLAN_WRITERS } from './plans.js';

interface PartDeps {
  engine: Engine;
  plans: PlanRepository;
  audit: AuditRepository;
}

const OK = z.object({ ok: z.literal(true) });

const KIND_LABEL: Record<Dependent['kind'], string> = { phase: 'Đợt', item: 'Mục', schedule: 'Lịch phát', event: 'Sự kiện' };

/** 409 naming everything that still depends on what was to be deleted. */
function dependentsProblem(what: string, dependents: Dependent[]): HttpProblem {
  return new HttpProblem(
    409,
    'Không xóa được: còn nội dung phụ thuộc',
    `Không xóa được ${what}: còn ${dependents.length} mục neo vào hoặc dùng nó; hãy sửa hoặc xóa các mục đó trước. ` +
      `(Cannot delete: ${dependents.length} dependent(s) listed in errors.)`,
    dependents.map((x) => ({
      path: `dependents.${x.kind}.${x.id}`,
      message: `${KIND_LABEL[x.kind]} «${x.label}»${x.planNumber ? ` (kế hoạch ${x.planNumber})` : ''}`,
    })),
  );
}

/**
 * A plan's events, sections (campaigns) and phases (đợt): create, edit, delete. Anchors of a
 * phase name events of its own plan; a phase never ends before it starts, also after an event
 * it hangs on moves; a delete is refused while anything depends on the row.
 */
export function planPartRoutes(d: PartDeps) {
  const { plans } = d;
  const parts = plans.parts;

  /** In an active plan, an event's name and kind reach screens (a congress's backdrop): approvers only. */
  const guardShown = (ctx: RouteContext<unknown>, plan: PlanView) => {
    if (plan.state === 'active' && !hasAnyRole(signedIn(ctx).user, ['approver'])) {
      throw new HttpProblem(403, 'Không có quyền', 'Kế hoạch đang chạy: chỉ người duyệt nội dung mới thêm hoặc đổi tên, loại sự kiện.');
    }
  };

  const checkAnchor = async (plan: PlanView, a: Anchor | null | undefined, path: string) => {
    if (!a || !('event' in a)) return;
    const event = await parts.findEvent(a.event);
    if (!event) throw fieldProblem(`${path}.event`, `Không có sự kiện "${a.event}"`);
    if (event.planId !== plan.id) throw fieldProblem(`${path}.event`, `Sự kiện "${a.event}" thuộc kế hoạch khác (${event.planNumber}); đợt chỉ neo vào sự kiện của kế hoạch mình`);
  };
  /** Every phase of the plan still ends after it starts (run after a change, inside its transaction: `parts` made over it). */
  const checkOrder = async (parts: PlanPartsRepository, planId: number, path: (phaseId: string) => string) => {
    const [wrong] = await parts.misorderedPhases(planId);
    if (wrong) throw fieldProblem(path(wrong.id), `Đợt «${wrong.label}» kết thúc trước khi bắt đầu`);
  };
  const findEvent = async (plan: PlanView, id: string | undefined) => {
    const e = id ? await parts.findEvent(id) : undefined;
    return assertFound(e?.planId === plan.id ? e : undefined, `sự kiện "${id}"`);
  };
  const findPhase = async (plan: PlanView, id: string | undefined) => {
    const p = id ? await parts.findPhase(id) : undefined;
    return assertFound(p?.planId === plan.id ? p : undefined, `đợt "${id}"`);
  };
  const findCampaign = async (plan: PlanView, id: string | undefined) => {
    const c = id ? (await parts.planCampaigns(plan.id)).find((x) => x.id === id) : undefined;
    return assertFound(c, `mục "${id}"`);
  };
  const keyFree = async (table: 'events' | 'campaigns' | 'phases', plan: PlanView, key: string) => {
    if (await parts.keyTaken(table, plan.id, key)) throw new HttpProblem(409, 'Mã đã có trong kế hoạch', `Kế hoạch đã có mã "${key}".`, [{ path: 'body.key', message: 'Mã đã có' }]);
  };

  /** A change that may move phases, rolled back when one would end before it starts; screens told. */
  const orderedChange = async <T>(
    ctx: RouteContext<unknown>,
    plan: PlanView,
    audit: { action: string; target: string | ((after: T) => string); before?: unknown },
    orderPath: string,
    apply: (parts: PlanPartsRepository) => Promise<T>,
  ): Promise<T> => {
    const after = await auditedChange(d, ctx, audit, async (tx: Tx) => {
      const parts = new PlanPartsRepository(tx);
      const result = await apply(parts);
      await checkOrder(parts, plan.id, () => orderPath);
      return result;
    });
    return after;
  };
  /** Deletes a row, audited, unless anything depends on it (409 naming each). */
  const deleteUnlessUsed = async (
    ctx: RouteContext<unknown>,
    what: string,
    dependents: Dependent[],
    audit: { action: string; target: string; before: unknown },
    remove: (parts: PlanPartsRepository) => Promise<void>,
  ) => {
    if (dependents.length) throw dependentsProblem(what, dependents);
    await auditedChange(d, ctx, audit, (tx) => remove(new PlanPartsRepository(tx)));
    return { ok: true as const };
  };

  return [
    // ---- sections (campaigns) ----
    defineRoute({
      method: 'post',
      path: '/api/plans/:id/campaigns',
      summary: 'Thêm mục (chiến dịch) vào kế hoạch: section "II.1" and title',
      tag: 'plans',
      access: PLAN_WRITERS,
      body: CampaignRequestSchema,
      response: CampaignViewSchema,
      status: 201,
      problems: [404, 409],
      handler: async (ctx) => {
        const plan = await findPlan(plans, ctx.params.id);
        const key = ctx.body.key ?? (await parts.freeKey('campaigns', plan.id, slugify(ctx.body.section)));
        await keyFree('campaigns', plan, key);
        return auditedChange(d, ctx, { action: 'plan.campaign.create', target: (c: CampaignView) => `campaign:${c.id}` }, async (tx) => {
          const parts = new PlanPartsRepository(tx);
          const id = await parts.createCampaign(plan.id, { ...ctx.body, key }, new Date());
          return (await parts.planCampaigns(plan.id)).find((c) => c.id === id)!;
        });
      },
    }),
    defineRoute({
      method: 'patch',
      path: '/api/plans/:id/campaigns/:campaignId',
      summary: 'Sửa mục (chiến dịch)',
      tag: 'plans',
      access: PLAN_WRITERS,
      body: UpdateCampaignRequestSchema,
      response: CampaignViewSchema,
      problems: [404],
      handler: async (ctx) => {
        const plan = await findPlan(plans, ctx.params.id);
        const before = await findCampaign(plan, ctx.params.campaignId);
        const after = await auditedChange(d, ctx, { action: 'plan.campaign.update', target: `campaign:${before.id}`, before }, async (tx) => {
          const parts = new PlanPartsRepository(tx);
          await parts.updateCampaign(before.id, ctx.body, new Date());
          return (await parts.planCampaigns(plan.id)).find((c) => c.id === before.id)!;
        });
        return after;
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/api/plans/:id/campaigns/:campaignId',
      summary: 'Xóa mục (chiến dịch): refused (409) while phases or items belong to it',
      tag: 'plans',
      access: PLAN_WRITERS,
      response: OK,
      problems: [404, 409],
      handler: async (ctx) => {
        const plan = await findPlan(plans, ctx.params.id);
        const before = await findCampaign(plan, ctx.params.campaignId);
        return deleteUnlessUsed(ctx, `mục ${before.section}`, await parts.campaignDependents(before.id), { action: 'plan.campaign.delete', target: `campaign:${before.id}`, before }, (parts) =>
          parts.deleteCampaign(before.id),
        );
      },
    }),

    // ---- events ----
    defineRoute({
      method: 'post',
      path: '/api/plans/:id/events',
      summary: 'Thêm sự kiện: name, kind (congress, anniversary, holiday, other), opens/closes, date source, note',
      tag: 'plans',
      access: PLAN_WRITERS,
      body: EventRequestSchema,
      response: PlanEventViewSchema,
      status: 201,
      problems: [404, 409],
      handler: async (ctx) => {
        const plan = await findPlan(plans, ctx.params.id);
        guardShown(ctx, plan);
        const body = ctx.body;
        if (body.closes < body.opens) throw fieldProblem('body.closes', 'Sự kiện kết thúc trước khi bắt đầu');
        const key = body.key ?? (await parts.freeKey('events', plan.id, slugify(body.name)));
        await keyFree('events', plan, key);
        const created = await auditedChange(d, ctx, { action: 'plan.event.create', target: (e: PlanEventView) => `event:${e.id}` }, (tx) =>
          new PlanPartsRepository(tx).createEvent(plan.id, { ...body, key }, new Date()),
        );
        return created;
      },
    }),
    defineRoute({
      method: 'patch',
      path: '/api/plans/:id/events/:eventId',
      summary: 'Sửa sự kiện; everything anchored to it moves, and no phase may end up ending before it starts',
      tag: 'plans',
      access: PLAN_WRITERS,
      body: UpdatePlanEventRequestSchema,
      response: PlanEventViewSchema,
      problems: [404],
      handler: async (ctx) => {
        const plan = await findPlan(plans, ctx.params.id);
        const before = await findEvent(plan, ctx.params.eventId);
        if (ctx.body.name !== undefined || ctx.body.kind !== undefined) guardShown(ctx, plan);
        const opens = ctx.body.opens ?? before.opens;
        const closes = ctx.body.closes ?? before.closes;
        if (closes < opens) throw fieldProblem('body.closes', 'Sự kiện kết thúc trước khi bắt đầu');
        return orderedChange(ctx, plan, { action: 'plan.event.update', target: `event:${before.id}`, before }, 'body.opens', (parts) =>
          parts.updateEvent(before.id, ctx.body, new Date()),
        );
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/api/plans/:id/events/:eventId',
      summary: 'Xóa sự kiện: refused (409) with the list of phases, items and schedules anchored to it',
      tag: 'plans',
      access: PLAN_WRITERS,
      response: OK,
      problems: [404, 409],
      handler: async (ctx) => {
        const plan = await findPlan(plans, ctx.params.id);
        const before = await findEvent(plan, ctx.params.eventId);
        const ok = await deleteUnlessUsed(ctx, `sự kiện «${before.name}»`, await parts.eventDependents(before.id), { action: 'plan.event.delete', target: `event:${before.id}`, before }, (parts) =>
          parts.deleteEvent(before.id),
        );
        return ok;
      },
    }),

    // ---- phases ----
    defineRoute({
      method: 'post',
      path: '/api/plans/:id/phases',
      summary: 'Thêm đợt: start and end each a date or an event edge plus offset days ("bế mạc Đại hội + 90 ngày")',
      tag: 'plans',
      access: PLAN_WRITERS,
      body: PhaseRequestSchema,
      response: PlanPhaseViewSchema,
      status: 201,
      problems: [404, 409],
      handler: async (ctx) => {
        const plan = await findPlan(plans, ctx.params.id);
        const body = ctx.body;
        const campaign = await parts.findCampaign(body.campaignId);
        if (campaign?.planId !== plan.id) throw fieldProblem('body.campaignId', `Kế hoạch không có mục "${body.campaignId}"`);
        await checkAnchor(plan, body.starts, 'body.starts');
        await checkAnchor(plan, body.ends, 'body.ends');
        const key = body.key ?? (await parts.freeKey('phases', plan.id, `${campaign.key}-${slugify(body.title)}`.slice(0, 60)));
        await keyFree('phases', plan, key);
        return orderedChange(ctx, plan, { action: 'plan.phase.create', target: (p: PlanPhaseView) => `phase:${p.id}` }, 'body.ends', (parts) =>
          parts.createPhase(plan.id, { ...body, key, summary: body.summary ?? '', themes: body.themes ?? [] }, new Date()),
        );
      },
    }),
    defineRoute({
      method: 'patch',
      path: '/api/plans/:id/phases/:phaseId',
      summary: 'Sửa đợt (title, summary, themes, start, end)',
      tag: 'plans',
      access: PLAN_WRITERS,
      body: UpdatePlanPhaseRequestSchema,
      response: PlanPhaseViewSchema,
      problems: [404],
      handler: async (ctx) => {
        const plan = await findPlan(plans, ctx.params.id);
        const before = await findPhase(plan, ctx.params.phaseId);
        await checkAnchor(plan, ctx.body.starts, 'body.starts');
        await checkAnchor(plan, ctx.body.ends, 'body.ends');
        return orderedChange(ctx, plan, { action: 'plan.phase.update', target: `phase:${before.id}`, before }, 'body.ends', (parts) =>
          parts.updatePhase(before.id, ctx.body, new Date()),
        );
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/api/plans/:id/phases/:phaseId',
      summary: 'Xóa đợt: refused (409) with the items and schedules that use it',
      tag: 'plans',
      access: PLAN_WRITERS,
      response: OK,
      problems: [404, 409],
      handler: async (ctx) => {
        const plan = await findPlan(plans, ctx.params.id);
        const before = await findPhase(plan, ctx.params.phaseId);
        const ok = await deleteUnlessUsed(ctx, `đợt «${before.label}»`, await parts.phaseDependents(before.id), { action: 'plan.phase.delete', target: `phase:${before.id}`, before }, (parts) =>
          parts.deletePhase(before.id),
        );
        return ok;
      },
    }),
  ];
}
