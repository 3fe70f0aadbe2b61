/**
 * Calendar arithmetic in a named time zone, with Intl only (no tz database of our own).
 * Instants are Date (UTC); plan dates are local calendar dates/times in the plan's zone.
 */
import { wallClock, type WallClock } from '../protocol/wall-clock.js';

export interface LocalDateTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

/** The wall-clock reading of an instant in a zone. */
export function toLocal(instant: Date, timeZone: string): WallClock {
  return wallClock(instant, timeZone);
}

/**
 * Offsets already worked out, by zone and instant. Intl is slow, and every compile asks the same
 * instants again (each event's, phase's and window's local times): without this, a burst of
 * changes spent a fifth of a node's time formatting dates.
 */
const offsets = new Map<string, number>();
const OFFSETS_KEPT = 100_000;

function offsetMs(instant: Date, timeZone: string): number {
  const key = `${timeZone} ${instant.getTime()}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    const l = toLocal(instant, timeZone);
    const asUtc = Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute, l.second);
    offset = asUtc - (instant.getTime() - instant.getUTCMilliseconds());
    // Bounded: a long-running node forgets them all at once now and then, and works them out again.
    if (offsets.size >= OFFSETS_KEPT) offsets.clear();
    offsets.set(key, offset);
  }
  return offset;
}

/** The instant at which the zone's clocks read the given local time (first match across a DST gap). */
export function fromLocal(local: LocalDateTime, timeZone: string): Date {
  const naive = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute);
  let guess = naive - offsetMs(new Date(naive), timeZone);
  const corrected = naive - offsetMs(new Date(guess), timeZone);
  if (corrected !== guess) guess = corrected;
  return new Date(guess);
}

/** Local midnight that starts the calendar day containing the instant. */
export function startOfLocalDay(instant: Date, timeZone: string): Date {
  const l = toLocal(instant, timeZone);
  return fromLocal({ year: l.year, month: l.month, day: l.day, hour: 0, minute: 0 }, timeZone);
}

export function addDays(local: LocalDateTime, days: number): LocalDateTime {
  const d = new Date(Date.UTC(local.year, local.month - 1, local.day + days, local.hour, local.minute));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: local.hour, minute: local.minute };
}
