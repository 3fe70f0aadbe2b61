/**
 * Calendar arithmetic in a named time zone, with Intl only (no tz database of our own).
 * Instants are Date (UTC); plan dates are local calendar dates/times in the plan's zone.
 */

export interface LocalDateTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall-clock reading of an instant in a zone. */
export function toLocal(instant: Date, timeZone: string): LocalDateTime & { second: number } {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(instant)) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return {
    year: parts.year!,
    month: parts.month!,
    day: parts.day!,
    hour: parts.hour!,
    minute: parts.minute!,
    second: parts.second!,
  };
}

function offsetMs(instant: Date, timeZone: string): number {
  const l = toLocal(instant, timeZone);
  const asUtc = Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute, l.second);
  return asUtc - (instant.getTime() - instant.getUTCMilliseconds());
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

/** dd/mm/yyyy, the Vietnamese way of writing a date. */
export function formatDateVi(instant: Date, timeZone: string): string {
  const l = toLocal(instant, timeZone);
  return `${pad(l.day)}/${pad(l.month)}/${l.year}`;
}

export function formatTimeVi(instant: Date, timeZone: string): string {
  const l = toLocal(instant, timeZone);
  return `${pad(l.hour)}:${pad(l.minute)}`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
