import { z } from 'zod';
import { PlanSchema } from '../protocol/plan.js';
import { PlanImportResultSchema } from '../protocol/content.js';
import {
  CreatePlanRequestSchema,
  LinkItemRequestSchema,
  PlanDetailSchema,
  type PlanDetail,
  PlanStateRequestSchema,
  PlanViewListSchema,
  PlanViewSchema,
  ProposeItemRequestSchema,
  UpdatePlanRequestSchema,
  MEDIA_LEFT_OUT_HEADER,
  type PlanView,
} from '../protocol/plans.js';
import { ItemDetailSchema } from '../protocol/content.js';
import { assertFound, defineRoute, signedIn, type RouteContext } from '../http/route.js';
import { auditedChange } from '../http/audited.js';
import { HttpProblem } from '../http/problem.js';
import { hasAnyRole } from '../auth/auth-service.js';
import type { Engine } from '../db/engine.js';
import { PlanConflict, PlanRepository } from '../db/plan-repository.js';
import { PlanTransfer } from '../db/plan-transfer.js';
import { ContentRepository, type Actor } from '../db/content-repository.js';
import { AuditRepository } from '../db/audit-repository.js';
import { NationalDayRepository } from '../db/national-day-repository.js';
import { checkPlanNationalDays } from './national-days.js';
import { ACTION_ROLES } from '../domain/workflow.js';
import { slugify } from '../domain/slug.js';
import { fieldProblem } from './calendar.js';
import { newItem } from './content.js';
import { planPartRoutes } from './plan-parts.js';
import { planReportRoutes, type ReportDeps } from './plan-report.js';

export interface PlanRouteDeps {
  engine: Engine;
  plans: PlanRepository;
  transfer: PlanTransfer;
  content: ContentRepository;
  audit: AuditRepository;
  report: Omit<ReportDeps, 'plans'>;
}

const IdParam = z.coerce.number().int().positive();

/** Those who write plans: the facilities staff and the propaganda committee (and the admin). */
export const PLAN_WRITERS = ['operator', 'approver', 'admin'] as const;

export async function findPlan(plans: PlanRepository, raw: string | undefined): Promise<PlanView> {
  const id = IdParam.safeParse(raw);
  return assertFound(id.success ? await plans.getPlan(id.data) : undefined, `kế hoạch "${raw}"`);
}

export function actorOf(ctx: RouteContext<unknown>): Actor {
  const { id, username } = signedIn(ctx).user;
  return { id, username };
}

/**
 * Plans: list, write (a draft), change state, propose items into them, link register items,
 * import and export whole plans (pano-plan/1). Events, sections and phases are in plan-parts.ts,
 * the report in plan-report.ts. Every change is audited; bad input stores nothing.
 */
export function planRoutes(d: PlanRouteDeps) {
  const { plans } = d;

  /** Run inside the change's transaction: `plans` is the one made over it. */
  const numberFree = async (plans: PlanRepository, number: string, except?: number) => {
    const other = await plans.findByNumber(number);
    if (other && other.id !== except) {
      throw new HttpProblem(409, 'Số kế hoạch đã có', `Đã có kế hoạch số ${number}; mỗi kế hoạch mang một số riêng.`, [
        { path: 'body.number', message: `Đã có kế hoạch số ${number}` },
      ]);
    }
  };
  const zonesExist = async (ids: readonly string[] | undefined) => {
    for (const [i, z] of (ids ?? []).entries()) {
      if (!(await plans.zoneExists(z))) throw fieldProblem(`body.places.${i}`, `Không có khu vực "${z}"`);
    }
  };
  /** Where an item sits in the plan: a phase or section of this plan, and its label. */
  const placeInPlan = async (plan: PlanView, body: { campaignId?: string | undefined; phaseId?: string | undefined; section?: string | undefined }) => {
    const phase = body.phaseId ? await plans.parts.findPhase(body.phaseId) : undefined;
    if (body.phaseId && phase?.planId !== plan.id) throw fieldProblem('body.phaseId', `Kế hoạch không có đợt "${body.phaseId}"`);
    const campaignId = body.campaignId ?? phase?.campaignId ?? null;
    const campaign = campaignId ? await plans.parts.findCampaign(campaignId) : undefined;
    if (campaignId && campaign?.planId !== plan.id) throw fieldProblem('body.campaignId', `Kế hoạch không có mục "${campaignId}"`);
    if (phase && campaignId && phase.campaignId !== campaignId) throw fieldProblem('body.phaseId', 'Đợt không thuộc mục đã chọn');
    return { section: body.section ?? phase?.label ?? campaign?.section ?? '', campaignId, phaseId: phase?.id ?? null };
  };

  return [
    defineRoute({
      method: 'get',
      path: '/api/plans',
      summary: 'Các kế hoạch: every plan with its state (draft, active, ended) and counts',
      tag: 'plans',
      access: 'signed-in',
      response: PlanViewListSchema,
      handler: async () => ({ plans: await plans.listPlans() }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/plans/:id',
      summary: 'Một kế hoạch: metadata, places, events, sections with their phases, linked items',
      tag: 'plans',
      access: 'signed-in',
      response: PlanDetailSchema,
      problems: [404],
      handler: async ({ params }) => (await plans.detail((await findPlan(plans, params.id)).id))!,
    }),
    defineRoute({
      method: 'post',
      path: '/api/plans',
      summary: 'Viết kế hoạch mới: a draft (nothing of it plays until it is made active)',
      tag: 'plans',
      access: PLAN_WRITERS,
      body: CreatePlanRequestSchema,
      response: PlanDetailSchema,
      status: 201,
      problems: [409],
      handler: async (ctx) => {
        const body = ctx.body;
        await zonesExist(body.places);
        const by = actorOf(ctx);
        const sections = body.sections ?? [];
        const keys = new Set<string>();
        sections.forEach((s, i) => {
          const key = s.key ?? slugify(s.section);
          if (keys.has(key)) throw fieldProblem(`body.sections.${i}.key`, `Mục "${key}" bị trùng`);
          keys.add(key);
        });
        const detail = await auditedChange(d, ctx, { action: 'plan.create', target: (p: PlanDetail) => `plan:${p.plan.id}` }, async (tx) => {
          const plans = new PlanRepository(tx);
          await numberFree(plans, body.number);
          const at = new Date();
          const id = await plans.createPlan(body, { state: 'draft', by, at, timeZone: 'Asia/Ho_Chi_Minh', documentId: null });
          await plans.setPlaces(id, body.places ?? []);
          for (const s of sections) await plans.parts.createCampaign(id, { key: s.key ?? slugify(s.section), section: s.section, title: s.title, note: s.note }, at);
          return (await plans.detail(id))!;
        });
        return detail;
      },
    }),
    defineRoute({
      method: 'patch',
      path: '/api/plans/:id',
      summary: 'Sửa thông tin kế hoạch (number, issuer, date, place, title, signer, places)',
      tag: 'plans',
      access: PLAN_WRITERS,
      body: UpdatePlanRequestSchema,
      response: PlanViewSchema,
      problems: [404, 409],
      handler: async (ctx) => {
        const before = await findPlan(plans, ctx.params.id);
        const { places, ...fields } = ctx.body;
        await zonesExist(places);
        if (fields.number) await numberFree(plans, fields.number, before.id);
        const after = await auditedChange(d, ctx, { action: 'plan.update', target: `plan:${before.id}`, before }, async (tx) => {
          const plans = new PlanRepository(tx);
          if (places) await plans.setPlaces(before.id, places);
          return plans.updatePlan(before.id, fields, new Date());
        });
        return after;
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/plans/:id/state',
      summary: 'Đổi trạng thái kế hoạch: active (its phases play), ended (they stop; items keep their history), draft',
      tag: 'plans',
      access: ['approver', 'admin'],
      body: PlanStateRequestSchema,
      response: PlanViewSchema,
      problems: [404, 409],
      handler: async (ctx) => {
        const before = await findPlan(plans, ctx.params.id);
        const { state, reason } = ctx.body;
        // What an active plan shows (a congress's name on the hall backdrop) is content: only
        // someone who answers for content makes a plan play.
        if (state === 'active' && !hasAnyRole(signedIn(ctx).user, ['approver'])) {
          throw new HttpProblem(403, 'Không có quyền', 'Chỉ người duyệt nội dung mới cho kế hoạch chạy.');
        }
        if (state === before.state) {
          throw new HttpProblem(409, 'Trạng thái không đổi', 'Kế hoạch đã ở trạng thái này.', [{ path: 'body.state', message: 'Trạng thái không đổi' }]);
        }
        const after = await auditedChange(d, ctx, { action: `plan.${state === 'active' ? 'activate' : state === 'ended' ? 'end' : 'draft'}`, target: `plan:${before.id}`, before: { state: before.state } }, async (tx) => ({
          ...(await new PlanRepository(tx).setState(before.id, state, new Date())),
          ...(reason ? { reason } : {}),
        }));
        const { reason: _r, ...view } = after;
        return view;
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/plans/:id/items',
      summary: 'Đề xuất khẩu hiệu/thông điệp vào kế hoạch: enters the register submitted, with its provenance (plan, section, đợt)',
      tag: 'plans',
      access: ACTION_ROLES.create,
      body: ProposeItemRequestSchema,
      response: ItemDetailSchema,
      status: 201,
      problems: [404],
      handler: async (ctx) => {
        const plan = await findPlan(plans, ctx.params.id);
        const body = ctx.body;
        const where = await placeInPlan(plan, body);
        const events = await plans.eventIds(null);
        const zones = new Set((await plans.listZones()).flatMap((z) => [z.id, z.kind]));
        body.events.forEach((e, i) => {
          if (!events.has(e)) throw fieldProblem(`body.events.${i}`, `Không có sự kiện "${e}"`);
        });
        body.places.forEach((p, i) => {
          if (!zones.has(p)) throw fieldProblem(`body.places.${i}`, `Không có địa điểm "${p}"`);
        });
        for (const edge of ['validFrom', 'validUntil'] as const) {
          const a = body[edge];
          if (a && 'event' in a && !events.has(a.event)) throw fieldProblem(`body.${edge}.event`, `Không có sự kiện "${a.event}"`);
        }
        const by = actorOf(ctx);
        const detail = await d.engine.transaction(async (tx) => {
          const plans = new PlanRepository(tx);
          const content = new ContentRepository(tx);
          const at = new Date();
          const documentId = await plans.documentId(plan.id);
          const id = await content.create(
            await newItem(content, body, undefined, {
              source: { document: plan.number, issuer: plan.issuer, issuedOn: plan.issuedOn, section: where.section },
              sourceDocumentId: documentId,
            }),
            by,
            at,
            'submitted',
          );
          await plans.link(plan.id, id, where, by, at);
          const after = await content.getItem(id);
          await new AuditRepository(tx).append({ actorId: by.id, actor: by.username, action: 'plan.propose', target: `item:${id}`, after: { plan: plan.number, ...where, item: after }, remoteAddress: ctx.remoteAddress });
          return (await content.getDetail(id))!;
        });
        return detail;
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/plans/:id/links',
      summary: 'Gắn một mục có sẵn vào kế hoạch (no copy: one item, one approval)',
      tag: 'plans',
      access: ACTION_ROLES.create,
      body: LinkItemRequestSchema,
      response: PlanDetailSchema,
      status: 201,
      problems: [404, 409],
      handler: async (ctx) => {
        const plan = await findPlan(plans, ctx.params.id);
        const item = await d.content.getItem(ctx.body.itemId);
        if (!item) throw fieldProblem('body.itemId', `Không có nội dung số ${ctx.body.itemId}`);
        const where = await placeInPlan(plan, ctx.body);
        if (await plans.isLinked(plan.id, item.id)) {
          throw new HttpProblem(409, 'Mục đã thuộc kế hoạch', `Mục số ${item.id} đã thuộc kế hoạch ${plan.number}.`, [{ path: 'body.itemId', message: 'Đã gắn' }]);
        }
        const by = actorOf(ctx);
        await auditedChange(d, ctx, { action: 'plan.link', target: `plan:${plan.id}` }, async (tx) => {
          await new PlanRepository(tx).link(plan.id, item.id, where, by, new Date());
          return { item: item.id, ...where };
        });
        return (await plans.detail(plan.id))!;
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/plans/:id/export',
      summary: 'Xuất kế hoạch (pano-plan/1): events, sections, phases under their keys; approved slogans and messages in their approved text (pictures and clips are left out, counted in the Pano-Media-Left-Out header)',
      tag: 'plans',
      access: 'signed-in',
      response: PlanSchema,
      problems: [404],
      handler: async ({ params, res }) => {
        const id = (await findPlan(plans, params.id)).id;
        const plan = (await d.transfer.exportPlan(id))!;
        // The file holds text only; the panel tells the person how many pictures and clips stayed behind.
        res.setHeader(MEDIA_LEFT_OUT_HEADER, String(await d.transfer.mediaLeftOut(id)));
        const file = plan.document.number.normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'D').replace(/[^A-Za-z0-9-]+/g, '-');
        res.setHeader('Content-Disposition', `attachment; filename="${file}.json"`);
        return plan;
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/plans/import',
      summary: 'Nhập kế hoạch: validated, all or nothing; lands as a draft with its events and phases, items submitted for approval',
      tag: 'plans',
      access: ['admin', 'approver'],
      body: PlanSchema,
      response: PlanImportResultSchema,
      status: 201,
      problems: [409],
      handler: async (ctx) => {
        const by = actorOf(ctx);
        const plan = ctx.body;
        await checkPlanNationalDays(plan, new NationalDayRepository(d.engine.db));
        const result = await d.engine.transaction(async (tx) => {
          try {
            const plans = new PlanRepository(tx);
            const imported = await new PlanTransfer(tx, plans).importPlan(plan, { by, at: new Date(), state: 'draft' });
            const summary = (await plans.getPlan(imported.planId))!;
            await new AuditRepository(tx).append({
              actorId: by.id,
              actor: by.username,
              action: 'plan.import',
              target: `plan:${imported.planId}`,
              after: { document: plan.document, state: 'draft', places: plan.places.map((p) => p.id), events: plan.events.map((e) => e.id), items: plan.items.map((i) => i.id), linked: imported.linked },
              remoteAddress: ctx.remoteAddress,
            });
            return { plan: summary, items: imported.items, zones: plan.places.length };
          } catch (err) {
            if (!(err instanceof PlanConflict)) throw err;
            const errors = err.errors.map((e) => ({ path: `body.${e.path}`, message: e.message }));
            throw new HttpProblem(409, 'Không nhập được kế hoạch', `Có ${errors.length} xung đột với dữ liệu đã có; không có gì được ghi.`, errors);
          }
        });
        return result;
      },
    }),
    ...planPartRoutes(d),
    ...planReportRoutes({ plans, ...d.report }),
  ];
}
