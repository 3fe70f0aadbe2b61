/**
 * Yearly windows of schedule entries ("the 10 days before Tết, every year") turned into plain
 * [start, end) instants over the compiled span, once per compile, like daily ranges.
 */
import type { NationalDateOf } from '../../protocol/plan.js';
import { addDays, fromLocal, toLocal } from '../time.js';
import type { Range } from './daily.js';
import type { RecurringWindow } from './model.js';

function startOfDay(date: string, shiftDays: number, timeZone: string): number {
  const day = addDays({ year: +date.slice(0, 4), month: +date.slice(5, 7), day: +date.slice(8, 10), hour: 0, minute: 0 }, shiftDays);
  return fromLocal(day, timeZone).getTime();
}

/**
 * The occurrences of a yearly window that overlap [from, until), in order. A lunar day of year Y
 * can fall in solar year Y + 1 (tháng Chạp) and an offset can reach across New Year, so the years
 * around the span are all tried. An unknown day has no occurrence: the entry never plays.
 */
export function recurringRanges(
  rule: RecurringWindow,
  nationalDate: NationalDateOf,
  from: number,
  until: number,
  timeZone: string,
): Range[] {
  const first = toLocal(new Date(from), timeZone).year - 1;
  const last = toLocal(new Date(until), timeZone).year + 1;
  const ranges: Range[] = [];
  for (let year = first; year <= last; year++) {
    const date = nationalDate(rule.nationalDay, year);
    if (!date) continue;
    const r: Range = [startOfDay(date, rule.offsetDays, timeZone), startOfDay(date, rule.offsetDays + rule.days, timeZone)];
    if (r[0] < until && r[1] > from) ranges.push(r);
  }
  return ranges;
}
