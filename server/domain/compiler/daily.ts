/**
 * Daily time ranges and weekdays of schedule entries, in the input's time zone, turned into plain
 * [start, end) instants once per compile: the sweep then compares numbers instead of asking Intl.
 */
import { addDays, fromLocal, toLocal, type LocalDateTime } from '../time.js';
import type { ScheduleEntry } from './model.js';

export type Range = readonly [number, number];
type Day = Pick<LocalDateTime, 'year' | 'month' | 'day'>;

function at(day: Day, hhmm: string, timeZone: string): number {
  return fromLocal({ ...day, hour: +hhmm.slice(0, 2), minute: +hhmm.slice(3, 5) }, timeZone).getTime();
}

/** ISO weekday (1 = Monday) of a calendar date; the zone plays no part in it. */
function weekday(day: Day): number {
  return new Date(Date.UTC(day.year, day.month - 1, day.day)).getUTCDay() || 7;
}

const nextDay = (d: Day): Day => addDays({ ...d, hour: 0, minute: 0 }, 1);
const key = (d: Day) => d.year * 10000 + d.month * 100 + d.day;

/**
 * The entry's active ranges that start on the local days around [from, until), or undefined when
 * it has no daily rule (always on). A range past midnight belongs to the weekday it starts on.
 * Memoised per rule and span: a thousand displays with the same rule resolve it once.
 */
export function dailyRanges(
  entry: ScheduleEntry,
  from: number,
  until: number,
  timeZone: string,
  memo: Map<string, Range[]>,
): Range[] | undefined {
  if (!entry.daily && !entry.weekdays) return undefined;
  const memoKey = JSON.stringify([entry.daily ?? null, entry.weekdays ?? null, from, until]);
  const known = memo.get(memoKey);
  if (known) return known;
  const daily = entry.daily ?? { from: '00:00', until: '00:00' };
  const wraps = daily.until <= daily.from;
  const ranges: Range[] = [];
  const last = key(toLocal(new Date(until), timeZone));
  // Start a day early: yesterday's range past midnight may reach into the span.
  for (let d: Day = addDays({ ...toLocal(new Date(from), timeZone), hour: 0, minute: 0 }, -1); key(d) <= last; d = nextDay(d)) {
    if (entry.weekdays && !entry.weekdays.includes(weekday(d))) continue;
    const r: Range = [at(d, daily.from, timeZone), at(wraps ? nextDay(d) : d, daily.until, timeZone)];
    if (r[0] < until && r[1] > from) ranges.push(r);
  }
  memo.set(memoKey, ranges);
  return ranges;
}
