/** Daily time ranges and weekdays of schedule entries, in the input's time zone. */
import { addDays, fromLocal, toLocal, type LocalDateTime } from '../time.js';
import type { ScheduleEntry } from './model.js';

type Day = Pick<LocalDateTime, 'year' | 'month' | 'day'>;

function at(day: Day, hhmm: string, timeZone: string): number {
  return fromLocal({ ...day, hour: +hhmm.slice(0, 2), minute: +hhmm.slice(3, 5) }, timeZone).getTime();
}

/** ISO weekday (1 = Monday) of a calendar date; the zone plays no part in it. */
function weekday(day: Day): number {
  return new Date(Date.UTC(day.year, day.month - 1, day.day)).getUTCDay() || 7;
}

/** The range that starts on `day`, or undefined when the entry skips that weekday. */
function rangeOn(entry: ScheduleEntry, day: Day, timeZone: string): [number, number] | undefined {
  const daily = entry.daily!;
  if (entry.weekdays && !entry.weekdays.includes(weekday(day))) return undefined;
  const wraps = daily.until <= daily.from;
  const end = wraps ? addDays({ ...day, hour: 0, minute: 0 }, 1) : day;
  return [at(day, daily.from, timeZone), at(end, daily.until, timeZone)];
}

const dayOf = (t: number, timeZone: string): Day => toLocal(new Date(t), timeZone);
const nextDay = (d: Day): Day => addDays({ ...d, hour: 0, minute: 0 }, 1);
const prevDay = (d: Day): Day => addDays({ ...d, hour: 0, minute: 0 }, -1);

export function isDailyActive(entry: ScheduleEntry, t: number, timeZone: string): boolean {
  if (!entry.daily) return !entry.weekdays || entry.weekdays.includes(weekday(dayOf(t, timeZone)));
  const today = dayOf(t, timeZone);
  // A range past midnight that started yesterday may still hold.
  return [prevDay(today), today].some((d) => {
    const r = rangeOn(entry, d, timeZone);
    return r !== undefined && r[0] <= t && t < r[1];
  });
}

/** Every instant in [from, until) where the entry's daily state may change. */
export function dailyEdges(entry: ScheduleEntry, from: number, until: number, timeZone: string, out: Set<number>): void {
  if (!entry.daily && !entry.weekdays) return;
  const last = dayOf(until, timeZone);
  const lastKey = last.year * 10000 + last.month * 100 + last.day;
  for (let d = prevDay(dayOf(from, timeZone)); d.year * 10000 + d.month * 100 + d.day <= lastKey; d = nextDay(d)) {
    const r = entry.daily ? rangeOn(entry, d, timeZone) : [at(d, '00:00', timeZone), at(nextDay(d), '00:00', timeZone)];
    if (!r) continue;
    for (const e of r) if (e >= from && e < until) out.add(e);
  }
}
