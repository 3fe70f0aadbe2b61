/**
 * Where the days of the national calendar fall in a given year: solar days as they are, lunar
 * days by the Vietnamese lunar calendar (UTC+7). Pure.
 */
import type { LocalDate, NationalDateOf } from '../protocol/plan.js';
import type { NationalDayRule } from '../protocol/national-calendar.js';
import { lunarToSolar } from './lunar.js';

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/**
 * The solar date of a rule in `year` (for a lunar day, the lunar year: 23 tháng Chạp of 2026
 * falls in January 2027), or undefined where it does not exist that year.
 */
export function dateInYear(rule: NationalDayRule, year: number): LocalDate | undefined {
  if (rule.calendar === 'solar') {
    const t = new Date(Date.UTC(year, rule.month - 1, rule.day));
    if (t.getUTCMonth() !== rule.month - 1) return undefined;
    return `${pad(year, 4)}-${pad(rule.month)}-${pad(rule.day)}`;
  }
  const solar = lunarToSolar({ year, month: rule.month, day: rule.day, leap: false });
  return solar && `${pad(solar.year, 4)}-${pad(solar.month)}-${pad(solar.day)}`;
}

/** A resolver for plan anchors over a set of days, computing each (day, year) once. */
export function nationalDateResolver(days: readonly (NationalDayRule & { id: string })[]): NationalDateOf {
  const byId = new Map(days.map((d) => [d.id, d]));
  const memo = new Map<string, LocalDate | undefined>();
  return (id, year) => {
    const key = `${id}|${year}`;
    if (!memo.has(key)) {
      const rule = byId.get(id);
      memo.set(key, rule && dateInYear(rule, year));
    }
    return memo.get(key);
  };
}
