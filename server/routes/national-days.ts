import { z } from 'zod';
import {
  CreateNationalDayRequestSchema,
  NationalDaysQuerySchema,
  NationalDayViewSchema,
  UpdateNationalDayRequestSchema,
  type NationalDayRule,
  type NationalDayView,
} from '../protocol/national-calendar.js';
import { DEFAULT_TIME_ZONE, type Anchor, type Plan } from '../protocol/plan.js';
import { assertFound, defineRoute } from '../http/route.js';
import { auditedChange } from '../http/audited.js';
import { HttpProblem, validationProblem } from '../http/problem.js';
import { dateInYear } from '../domain/national-calendar.js';
import { toLocal } from '../domain/time.js';
import { NationalDayRepository, type NationalDay } from '../db/national-day-repository.js';
import type { ScheduleRepository } from '../db/schedule-repository.js';
import type { Engine } from '../db/engine.js';

export interface NationalDayDeps {
  engine: Engine;
  schedules: ScheduleRepository;
}

/** Without a range: last year to five years ahead, in Vietnam's calendar. */
function defaultYears(): { from: number; to: number } {
  const year = toLocal(new Date(), DEFAULT_TIME_ZONE).year;
  return { from: year - 1, to: year + 5 };
}

function view(day: NationalDay, years: { from: number; to: number }): NationalDayView {
  const dates: NationalDayView['dates'] = [];
  for (let year = years.from; year <= years.to; year++) {
    const date = dateInYear(day, year);
    if (date) dates.push({ year, date });
  }
  return { ...day, dates };
}

/** A plan whose phases or items anchor to days the calendar lacks is refused (400), naming each anchor. */
export async function checkPlanNationalDays(plan: Plan, days: NationalDayRepository): Promise<void> {
  const errors: { path: string; message: string }[] = [];
  const known = new Set((await days.list()).map((day) => day.id));
  const check = (anchor: Anchor | null | undefined, path: string) => {
    if (anchor && 'nationalDay' in anchor && !known.has(anchor.nationalDay)) {
      errors.push({ path: `${path}.nationalDay`, message: `Không có ngày "${anchor.nationalDay}" trong lịch ngày lễ` });
    }
  };
  plan.campaigns.forEach((c, i) =>
    c.phases.forEach((p, j) => {
      check(p.starts, `body.campaigns.${i}.phases.${j}.starts`);
      check(p.ends, `body.campaigns.${i}.phases.${j}.ends`);
    }),
  );
  plan.items.forEach((it, i) => {
    check(it.validFrom, `body.items.${i}.validFrom`);
    check(it.validUntil, `body.items.${i}.validUntil`);
  });
  if (errors.length) throw new HttpProblem(400, 'Dữ liệu không hợp lệ', `Có ${errors.length} lỗi trong dữ liệu gửi lên.`, errors);
}

const describeRule = (r: NationalDayRule) => `${r.day}/${r.month}${r.calendar === 'lunar' ? ' âm lịch' : ''}`;

/**
 * The national calendar (Tết, Giỗ Tổ, 2/9 …) that plans and schedules anchor to. Everyone reads
 * it; the admin adds the agency's own days and renames; dates of the shipped days are law.
 */
export function nationalDayRoutes(d: NationalDayDeps) {
  const days = d.schedules.nationalDays;
  const sameDate = async (rule: NationalDayRule, except?: string) => {
    const other = await days.findByDate(rule);
    if (other && other.id !== except) {
      throw new HttpProblem(409, 'Ngày đã có trong lịch', `Ngày ${describeRule(rule)} đã có trong lịch: "${other.nameVi}".`);
    }
  };
  return [
    defineRoute({
      method: 'get',
      path: '/api/national-days',
      summary: 'Lịch ngày lễ, kỷ niệm (national calendar) with their solar dates in each year (?from=&to= years, at most 50)',
      tag: 'calendar',
      access: 'signed-in',
      response: z.object({ days: z.array(NationalDayViewSchema) }),
      handler: async ({ req }) => {
        const query = NationalDaysQuerySchema.safeParse(req.query);
        if (!query.success) throw validationProblem(query.error, 'query');
        const fallback = defaultYears();
        const from = query.data.from ?? (query.data.to !== undefined ? query.data.to - 6 : fallback.from);
        const years = { from, to: query.data.to ?? (query.data.from !== undefined ? from + 6 : fallback.to) };
        return { days: (await days.list()).map((day) => view(day, years)) };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/national-days',
      summary: 'Thêm ngày vào lịch (admin): a solar or lunar day that recurs every year, e.g. the agency’s founding day',
      tag: 'calendar',
      access: ['admin'],
      body: CreateNationalDayRequestSchema,
      response: NationalDayViewSchema,
      status: 201,
      problems: [409],
      handler: async (ctx) => {
        const existing = await days.find(ctx.body.id);
        if (existing) throw new HttpProblem(409, 'Ngày đã có trong lịch', `Mã "${ctx.body.id}" đã dùng cho "${existing.nameVi}".`);
        await sameDate(ctx.body);
        const created = await auditedChange(d, ctx, { action: 'national-day.create', target: `national-day:${ctx.body.id}` }, (tx) =>
          new NationalDayRepository(tx).create(ctx.body, new Date()),
        );
        return view(created, defaultYears());
      },
    }),
    defineRoute({
      method: 'patch',
      path: '/api/national-days/:id',
      summary: 'Sửa tên, ghi chú hoặc ngày (admin); the date of a shipped day cannot change. Schedules anchored to it move',
      tag: 'calendar',
      access: ['admin'],
      body: UpdateNationalDayRequestSchema,
      response: NationalDayViewSchema,
      problems: [404, 409],
      handler: async (ctx) => {
        const before = assertFound(await days.find(ctx.params.id ?? ''), `ngày "${ctx.params.id}" trong lịch`);
        if (ctx.body.date) {
          if (before.builtIn) {
            throw new HttpProblem(409, 'Không đổi được ngày', `"${before.nameVi}" là ngày do Nhà nước quy định: chỉ sửa được tên và ghi chú.`);
          }
          await sameDate(ctx.body.date, before.id);
        }
        const after = await auditedChange(d, ctx, { action: 'national-day.update', target: `national-day:${before.id}`, before }, (tx) =>
          new NationalDayRepository(tx).update(before.id, ctx.body, new Date()),
        );
        return view(after, defaultYears());
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/api/national-days/:id',
      summary: 'Xoá một ngày do cơ quan thêm (admin); refused while a schedule, phase or item anchors to it',
      tag: 'calendar',
      access: ['admin'],
      response: z.object({ deleted: z.literal(true) }),
      problems: [404, 409],
      handler: async (ctx) => {
        const before = assertFound(await days.find(ctx.params.id ?? ''), `ngày "${ctx.params.id}" trong lịch`);
        if (before.builtIn) throw new HttpProblem(409, 'Không xoá được', `"${before.nameVi}" là ngày do Nhà nước quy định.`);
        const uses = await days.uses(before.id);
        if (uses.length > 0) {
          const label = { schedule: 'Lịch phát', phase: 'Đợt', item: 'Nội dung' } as const;
          throw new HttpProblem(
            409,
            'Ngày đang được dùng',
            `Không xoá được "${before.nameVi}": ${uses.map((u) => `${label[u.kind]} "${u.name}"`).join('; ')} đang gắn với ngày này.`,
            uses.map((u, i) => ({ path: `uses.${i}`, message: `${label[u.kind]} "${u.name}"` })),
          );
        }
        await auditedChange(d, ctx, { action: 'national-day.delete', target: `national-day:${before.id}`, before }, (tx) => new NationalDayRepository(tx).delete(before.id));
        return { deleted: true as const };
      },
    }),
  ];
}
