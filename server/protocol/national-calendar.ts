// The national calendar: days that come back every year, by the solar calendar (2/9) or the
// Vietnamese lunar one (Tết Nguyên đán, Giỗ Tổ Hùng Vương 10/3 âm lịch). Plans anchor to a day of
// it in a given year; schedules recur around it every year. Pure: the panel imports it too.
import { z } from 'zod';
import { Id, vietnameseText } from './text.js';

export const CALENDAR_SYSTEMS = ['solar', 'lunar'] as const;
export type CalendarSystem = (typeof CALENDAR_SYSTEMS)[number];

/** 'holiday': a day off by the Labour Code; 'anniversary': a day offices mark (kỷ niệm). */
export const NATIONAL_DAY_KINDS = ['holiday', 'anniversary'] as const;

/** Years a plan anchor or an occurrence query may name: where the lunar method is checked. */
export const CALENDAR_YEARS = { min: 1900, max: 2199 } as const;
export const CalendarYear = z.number().int().min(CALENDAR_YEARS.min).max(CALENDAR_YEARS.max);

/** When a day recurs: a day of a (non-leap) month of either calendar. */
export interface NationalDayRule {
  calendar: CalendarSystem;
  month: number;
  day: number;
}

const SOLAR_MONTH_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

/**
 * Why a rule does not give a day every year, or undefined when it does. 29/02 and 30 of a lunar
 * month exist only in some years (a lunar month has 29 or 30 days), so they cannot recur.
 */
export function ruleProblem(rule: NationalDayRule): { path: 'day' | 'month'; message: string } | undefined {
  if (rule.month < 1 || rule.month > 12) return { path: 'month', message: 'Tháng phải từ 1 đến 12' };
  if (rule.calendar === 'lunar') {
    if (rule.day === 30) {
      return { path: 'day', message: 'Ngày 30 âm lịch không có mỗi năm: tháng âm lịch có năm chỉ có 29 ngày' };
    }
    return rule.day >= 1 && rule.day <= 29 ? undefined : { path: 'day', message: 'Ngày âm lịch phải từ 1 đến 29' };
  }
  if (rule.month === 2 && rule.day === 29) return { path: 'day', message: 'Ngày 29/02 không có mỗi năm' };
  const days = SOLAR_MONTH_DAYS[rule.month - 1]!;
  return rule.day >= 1 && rule.day <= days ? undefined : { path: 'day', message: `Tháng ${rule.month} không có ngày ${rule.day}` };
}

const ruleFields = {
  calendar: z.enum(CALENDAR_SYSTEMS),
  month: z.number().int().min(1).max(12),
  day: z.number().int().min(1).max(31),
};

const nameFields = {
  /** Vietnamese, shown first. */
  nameVi: vietnameseText({ maxLength: 200 }),
  nameEn: vietnameseText({ maxLength: 200 }),
  kind: z.enum(NATIONAL_DAY_KINDS),
  note: vietnameseText({ maxLength: 1000 }).optional(),
};

function checkRule(v: Partial<NationalDayRule>, ctx: z.RefinementCtx) {
  if (v.calendar === undefined || v.month === undefined || v.day === undefined) return;
  const problem = ruleProblem(v as NationalDayRule);
  if (problem) ctx.addIssue({ code: 'custom', path: [problem.path], message: problem.message });
}

export const CreateNationalDayRequestSchema = z.strictObject({ id: Id, ...nameFields, ...ruleFields }).superRefine(checkRule);
export type CreateNationalDayRequest = z.infer<typeof CreateNationalDayRequestSchema>;

/** Calendar, month and day change together or not at all, so a half-moved day is never stored. */
export const UpdateNationalDayRequestSchema = z
  .strictObject({
    nameVi: nameFields.nameVi.optional(),
    nameEn: nameFields.nameEn.optional(),
    kind: nameFields.kind.optional(),
    note: vietnameseText({ maxLength: 1000 }).nullable().optional(),
    date: z.strictObject(ruleFields).superRefine(checkRule).optional(),
  })
  .refine((v) => Object.keys(v).length > 0, 'Không có thay đổi nào');
export type UpdateNationalDayRequest = z.infer<typeof UpdateNationalDayRequestSchema>;

export const NationalDayViewSchema = z.object({
  id: z.string(),
  nameVi: z.string(),
  nameEn: z.string(),
  kind: z.enum(NATIONAL_DAY_KINDS),
  calendar: z.enum(CALENDAR_SYSTEMS),
  month: z.number().int(),
  day: z.number().int(),
  note: z.string().nullable(),
  /** Shipped with Pano (the days of law): its date cannot change and it cannot be deleted. */
  builtIn: z.boolean(),
  /** Its solar date in each year asked for (the panel shows and resolves anchors with these). */
  dates: z.array(z.strictObject({ year: z.number().int(), date: z.string() })),
});
export type NationalDayView = z.infer<typeof NationalDayViewSchema>;

export const NationalDaysQuerySchema = z
  .strictObject({
    from: z.coerce.number().pipe(CalendarYear).optional(),
    to: z.coerce.number().pipe(CalendarYear).optional(),
  })
  .refine((q) => q.from === undefined || q.to === undefined || (q.to >= q.from && q.to - q.from <= 50), {
    message: 'Khoảng năm phải tăng dần và không quá 50 năm',
    path: ['to'],
  });

/**
 * A schedule that comes back every year around a day of the national calendar: starts
 * `offsetDays` from it (negative = before) and lasts `days` local days. "The 10 days before Tết"
 * is { tet-nguyen-dan, -10, 10 }; "2/9, 3 days" is { quoc-khanh, 0, 3 }.
 */
export const RecurringWindowSchema = z.strictObject({
  nationalDay: Id,
  offsetDays: z.number().int().min(-180).max(180),
  days: z.number().int().min(1).max(120),
});
export type RecurringWindow = z.infer<typeof RecurringWindowSchema>;

/** Who or what still anchors to a day: refusing a delete names them. */
export interface NationalDayUse {
  kind: 'schedule' | 'phase' | 'item';
  name: string;
}
