/**
 * What the clocks of a time zone read at an instant, and how Vietnamese writes it (dd/mm/yyyy,
 * HH:mm, 24-hour). Pure (Intl only), shared by the server, the screens and the control panel, so
 * every place writes dates the same way whatever zone the machine itself is set to.
 */
export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
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

export function wallClock(instant: Date | number | string, timeZone: string): WallClock {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(instant))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour!, minute: parts.minute!, second: parts.second! };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** dd/mm/yyyy */
export function formatDate(instant: Date | number | string, timeZone: string): string {
  const c = wallClock(instant, timeZone);
  return `${pad(c.day)}/${pad(c.month)}/${c.year}`;
}

/** HH:mm */
export function formatClock(instant: Date | number | string, timeZone: string): string {
  const c = wallClock(instant, timeZone);
  return `${pad(c.hour)}:${pad(c.minute)}`;
}

/** dd/mm/yyyy HH:mm */
export function formatDateTime(instant: Date | number | string, timeZone: string): string {
  return `${formatDate(instant, timeZone)} ${formatClock(instant, timeZone)}`;
}
