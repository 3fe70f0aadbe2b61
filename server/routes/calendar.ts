import { z } from 'zod';
import {
  CreateZoneRequestSchema,
  EventSchema,
  PhaseViewSchema,
  UpdateEventRequestSchema,
  UpdatePhaseRequestSchema,
  ZoneSchema,
} from '../protocol/schedule.js';
import type { Anchor } from '../protocol/plan.js';
import { assertFound, defineRoute } from '../http/route.js';
import { auditedChange } from '../http/audited.js';
import { HttpProblem } from '../http/problem.js';
import { ScheduleRepository } from '../db/schedule-repository.js';
import type { PlanRepository } from '../db/plan-repository.js';
import { PlanPartsRepository } from '../db/plan-parts-repository.js';
import type { Engine, Tx } from '../db/engine.js';

export interface CalendarDeps {
  engine: Engine;
  schedules: ScheduleRepository;
  plans: PlanRepository;
}

/** 400 with the field's path, the way zod issues read, for rules zod cannot see (cross-row). */
export function fieldProblem(path: string, message: string): HttpProblem {
  return new HttpProblem(400, 'Dữ liệu không hợp lệ', message, [{ path, message }]);
}

export async function checkAnchor(schedules: ScheduleRepository, anchor: Anchor | null | undefined, path: string): Promise<void> {
  if (anchor && 'event' in anchor && !(await schedules.findEvent(anchor.event))) {
    throw fieldProblem(`${path}.event`, `Không có sự kiện "${anchor.event}"`);
  }
  if (anchor && 'nationalDay' in anchor && !(await schedules.nationalDays.find(anchor.nationalDay))) {
    throw fieldProblem(`${path}.nationalDay`, `Không có ngày "${anchor.nationalDay}" trong lịch ngày lễ`);
  }
}

/** Inside the change's transaction: a phase of the plan that now ends before it starts undoes it. */
async function checkPhaseOrder(tx: Tx, planId: number, path: string): Promise<void> {
  const [wrong] = await new PlanPartsRepository(tx).misorderedPhases(planId);
  if (wrong) throw fieldProblem(path, `Đợt «${wrong.label}» sẽ kết thúc trước khi bắt đầu`);
}

/** Events and phases of the plan (move a congress, and everything anchored to it moves) and zones. */
export function calendarRoutes(d: CalendarDeps) {
  return [
    defineRoute({
      method: 'get',
      path: '/api/events',
      summary: 'Sự kiện của kế hoạch (congresses, anniversaries, holidays) with their local dates',
      tag: 'schedule',
      access: 'signed-in',
      response: z.object({ events: z.array(EventSchema) }),
      handler: async () => ({ events: await d.schedules.listEvents() }),
    }),
    defineRoute({
      method: 'patch',
      path: '/api/events/:id',
      summary: 'Dời sự kiện: every phase, validity and schedule anchored to it moves too (recompiled at once)',
      tag: 'schedule',
      access: ['operator', 'admin'],
      body: UpdateEventRequestSchema,
      response: EventSchema,
      problems: [404],
      handler: async (ctx) => {
        const before = assertFound(await d.schedules.findEvent(ctx.params.id ?? ''), `sự kiện "${ctx.params.id}"`);
        const opens = ctx.body.opens ?? before.opens;
        const closes = ctx.body.closes ?? before.closes;
        if (closes <= opens) throw fieldProblem('body.closes', 'Thời điểm bế mạc phải sau thời điểm khai mạc');
        const after = await auditedChange(d, ctx, { action: 'event.update', target: `event:${before.id}`, before }, async (tx) => {
          const moved = await new ScheduleRepository(tx).updateEvent(before.id, ctx.body, new Date());
          await checkPhaseOrder(tx, moved.planId, 'body.opens');
          return moved;
        });
        return after;
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/phases',
      summary: 'Các đợt tuyên truyền (campaign phases) with their anchors',
      tag: 'schedule',
      access: 'signed-in',
      response: z.object({ phases: z.array(PhaseViewSchema) }),
      handler: async () => ({ phases: await d.schedules.listPhases() }),
    }),
    defineRoute({
      method: 'patch',
      path: '/api/phases/:id',
      summary: 'Sửa mốc bắt đầu/kết thúc của một đợt (a date, or an event edge plus days)',
      tag: 'schedule',
      access: ['operator', 'admin'],
      body: UpdatePhaseRequestSchema,
      response: PhaseViewSchema,
      problems: [404],
      handler: async (ctx) => {
        const before = assertFound(await d.schedules.findPhase(ctx.params.id ?? ''), `đợt "${ctx.params.id}"`);
        await checkAnchor(d.schedules, ctx.body.starts, 'body.starts');
        await checkAnchor(d.schedules, ctx.body.ends, 'body.ends');
        const after = await auditedChange(d, ctx, { action: 'phase.update', target: `phase:${before.id}`, before }, async (tx) => {
          const updated = await new ScheduleRepository(tx).updatePhase(before.id, ctx.body, new Date());
          await checkPhaseOrder(tx, updated.planId, 'body.ends');
          return updated;
        });
        return after;
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/zones',
      summary: 'Khu vực hiển thị (gate, lobby, hall, … and the ones the admin added)',
      tag: 'schedule',
      access: 'signed-in',
      response: z.object({ zones: z.array(ZoneSchema) }),
      handler: async () => ({ zones: (await d.plans.listZones()) as z.infer<typeof ZoneSchema>[] }),
    }),
    defineRoute({
      method: 'post',
      path: '/api/zones',
      summary: 'Thêm khu vực hiển thị (admin)',
      tag: 'schedule',
      access: ['admin'],
      body: CreateZoneRequestSchema,
      response: ZoneSchema,
      status: 201,
      problems: [409],
      handler: async (ctx) => {
        if (await d.plans.zoneExists(ctx.body.id)) throw new HttpProblem(409, 'Khu vực đã tồn tại', `Đã có khu vực "${ctx.body.id}".`);
        return auditedChange(d, ctx, { action: 'zone.create', target: `zone:${ctx.body.id}` }, async (tx) => {
          await new ScheduleRepository(tx).createZone(ctx.body);
          return ctx.body;
        });
      },
    }),
  ];
}
