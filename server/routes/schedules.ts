import { z } from 'zod';
import { PreviewSchema, ScheduleRequestSchema, ScheduleViewSchema, type ScheduleRequest, type ScheduleView } from '../protocol/schedule.js';
import { InstantSchema, TimelineSchema } from '../protocol/timeline.js';
import { assertFound, defineRoute } from '../http/route.js';
import { auditedChange } from '../http/audited.js';
import { HttpProblem, validationProblem } from '../http/problem.js';
import { nowShowing } from '../protocol/playback.js';
import { ScheduleRepository } from '../db/schedule-repository.js';
import type { PlanRepository } from '../db/plan-repository.js';
import type { AuditRepository } from '../db/audit-repository.js';
import type { Engine } from '../db/engine.js';
import type { PrintJobRepository } from '../db/print-job-repository.js';
import type { TimelineService } from '../timelines.js';
import type { ZoneKind } from '../domain/compiler/index.js';
import { checkAnchor, fieldProblem } from './calendar.js';
import { PreviewPlanQuerySchema } from '../protocol/plans.js';

export interface ScheduleDeps {
  engine: Engine;
  schedules: ScheduleRepository;
  plans: PlanRepository;
  audit: AuditRepository;
  timelines: TimelineService;
  itemExists: (id: number) => Promise<boolean>;
  /** Photo panels (print jobs) a schedule may show as a slideshow. */
  photoPanels: Pick<PrintJobRepository, 'photoPanels' | 'photoPanel'>;
  displayExists: (id: string) => Promise<boolean>;
}

const IdParam = z.coerce.number().int().positive();
const TimelineQuerySchema = z.strictObject({
  from: InstantSchema.optional(),
  days: z.coerce.number().int().min(1).max(31).default(7),
  /** Compile as if this plan (a draft) were active: a preview that changes nothing. */
  previewPlan: PreviewPlanQuerySchema.optional(),
});
const PreviewQuerySchema = z.strictObject({ at: InstantSchema.optional(), previewPlan: PreviewPlanQuerySchema.optional() });

/** A previewed plan must exist: a typo must not silently show the plain timeline. */
async function checkPreviewPlan(d: ScheduleDeps, id: number | undefined): Promise<void> {
  if (id !== undefined && !(await d.plans.getPlan(id))) throw fieldProblem('query.previewPlan', `Không có kế hoạch số ${id}`);
}

/** Object-level checks zod cannot do: every id an entry names must exist. */
export async function checkScheduleRefs(d: ScheduleDeps, s: ScheduleRequest): Promise<void> {
  if ('zoneId' in s.target && !(await d.plans.zoneExists(s.target.zoneId))) throw fieldProblem('body.target.zoneId', `Không có khu vực "${s.target.zoneId}"`);
  if ('displayId' in s.target && !(await d.displayExists(s.target.displayId))) throw fieldProblem('body.target.displayId', `Không có màn hình "${s.target.displayId}"`);
  if (s.content.kind === 'phase' && !(await d.schedules.listPhases()).some((p) => p.id === (s.content as { phaseId: string }).phaseId)) {
    throw fieldProblem('body.content.phaseId', `Không có đợt "${s.content.phaseId}"`);
  }
  if (s.content.kind === 'photo-panel' && !(await d.photoPanels.photoPanel(s.content.printJobId))) {
    throw fieldProblem('body.content.printJobId', 'Không có pa nô ảnh này (hoặc tệp của nó đã bị xóa)');
  }
  if (s.content.kind === 'items' || s.content.kind === 'template') {
    for (const [i, id] of s.content.itemIds.entries()) {
      if (!(await d.itemExists(id))) throw fieldProblem(`body.content.itemIds.${i}`, `Không có nội dung số ${id}`);
    }
  }
  if (s.content.kind === 'template') {
    for (const [field, id] of Object.entries(s.content.fields)) {
      if (typeof id === 'number' && !(await d.itemExists(id))) throw fieldProblem(`body.content.fields.${field}`, `Không có nội dung số ${id}`);
    }
  }
  for (const edge of ['from', 'until'] as const) {
    const e = s.window?.[edge];
    if (e && !('instant' in e)) await checkAnchor(d.schedules, e, `body.window.${edge}`);
  }
  if (s.recurring && !(await d.schedules.nationalDays.find(s.recurring.nationalDay))) {
    throw fieldProblem('body.recurring.nationalDay', `Không có ngày "${s.recurring.nationalDay}" trong lịch ngày lễ`);
  }
  const from = s.window?.from;
  const until = s.window?.until;
  if (from && until && 'instant' in from && 'instant' in until && until.instant <= from.instant) {
    throw fieldProblem('body.window.until', 'Thời điểm kết thúc phải sau thời điểm bắt đầu');
  }
}

export function scheduleRoutes(d: ScheduleDeps) {
  const find = async (raw: string | undefined) => {
    const id = IdParam.safeParse(raw);
    return assertFound(id.success ? await d.schedules.findSchedule(id.data) : undefined, `lịch phát "${raw}"`);
  };
  return [
    defineRoute({
      method: 'get',
      path: '/api/schedules',
      summary: 'Lịch phát (schedule entries): target, content, window, daily hours, priority',
      tag: 'schedule',
      access: 'signed-in',
      response: z.object({ schedules: z.array(ScheduleViewSchema) }),
      handler: async () => ({ schedules: await d.schedules.listSchedules() }),
    }),
    defineRoute({
      method: 'post',
      path: '/api/schedules',
      summary: 'Tạo lịch phát; higher priority wins where entries overlap, equal priorities share one rotation',
      tag: 'schedule',
      access: ['operator', 'admin'],
      body: ScheduleRequestSchema,
      response: ScheduleViewSchema,
      status: 201,
      handler: async (ctx) => {
        await checkScheduleRefs(d, ctx.body);
        const created = await auditedChange(d, ctx, { action: 'schedule.create', target: (s: ScheduleView) => `schedule:${s.id}` }, (tx) =>
          new ScheduleRepository(tx).createSchedule(ctx.body, ctx.principal!.user.id, new Date()),
        );
        return created;
      },
    }),
    defineRoute({
      method: 'put',
      path: '/api/schedules/:id',
      summary: 'Sửa lịch phát (replaces the entry)',
      tag: 'schedule',
      access: ['operator', 'admin'],
      body: ScheduleRequestSchema,
      response: ScheduleViewSchema,
      problems: [404],
      handler: async (ctx) => {
        const before = await find(ctx.params.id);
        await checkScheduleRefs(d, ctx.body);
        const after = await auditedChange(d, ctx, { action: 'schedule.update', target: `schedule:${before.id}`, before }, (tx) =>
          new ScheduleRepository(tx).replaceSchedule(before.id, ctx.body, new Date()),
        );
        return after;
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/api/schedules/:id',
      summary: 'Xóa lịch phát',
      tag: 'schedule',
      access: ['operator', 'admin'],
      response: z.object({ ok: z.literal(true) }),
      problems: [404],
      handler: async (ctx) => {
        const before = await find(ctx.params.id);
        await auditedChange(d, ctx, { action: 'schedule.delete', target: `schedule:${before.id}`, before }, (tx) => new ScheduleRepository(tx).deleteSchedule(before.id));
        return { ok: true as const };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/zones/:id/timeline',
      summary: 'Lịch phát đã biên dịch của một khu vực (?from=ISO instant, ?days=1–31, ?previewPlan=plan id to see a draft as if active)',
      tag: 'schedule',
      access: 'signed-in',
      response: TimelineSchema,
      problems: [400, 404],
      handler: async ({ req, params }) => {
        const query = TimelineQuerySchema.safeParse(req.query);
        if (!query.success) throw validationProblem(query.error, 'query');
        const zoneId = params.id ?? '';
        if (!(await d.plans.zoneExists(zoneId))) throw new HttpProblem(404, 'Không tìm thấy', `Không có khu vực "${zoneId}".`);
        await checkPreviewPlan(d, query.data.previewPlan);
        const from = new Date(query.data.from ?? Date.now());
        return (await d.timelines.forZones(from, query.data.days, query.data.previewPlan)).get(zoneId)!;
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/preview',
      summary: 'Xem trước: what every zone shows at one instant (?at=ISO instant, default now; ?previewPlan=plan id), for the timeline scrubber',
      tag: 'schedule',
      access: 'signed-in',
      response: PreviewSchema,
      problems: [400],
      handler: async ({ req }) => {
        const query = PreviewQuerySchema.safeParse(req.query);
        if (!query.success) {
          if (query.error.issues.some((i) => i.path[0] === 'at')) {
            throw new HttpProblem(400, 'Thời điểm không hợp lệ', 'Tham số at phải là thời điểm ISO 8601, ví dụ 2021-01-25T01:00:00.000Z.');
          }
          throw validationProblem(query.error, 'query');
        }
        await checkPreviewPlan(d, query.data.previewPlan);
        const instant = new Date(query.data.at ?? Date.now());
        const byZone = await d.timelines.forZones(instant, 1, query.data.previewPlan);
        const zones = await d.plans.listZones();
        return {
          at: instant.toISOString(),
          zones: zones.map((z) => {
            const timeline = byZone.get(z.id);
            const showing = timeline ? nowShowing(timeline, instant.getTime()) : undefined;
            const interval = showing?.interval ?? timeline?.intervals.find((i) => Date.parse(i.start) <= instant.getTime() && instant.getTime() < Date.parse(i.end));
            return {
              zoneId: z.id,
              zoneName: z.name,
              zoneKind: z.kind as ZoneKind,
              intervalKind: interval?.kind ?? null,
              template: interval?.template ?? null,
              fields: interval?.fields ?? null,
              entry: showing?.entry ?? null,
              playlistLength: interval?.playlist.length ?? 0,
              rehearsalAsOf: interval?.asOf ?? null,
            };
          }),
        };
      },
    }),
  ];
}
