/**
 * Dates as the control panel shows and reads them: dd/mm/yyyy HH:mm in the plan's zone
 * (Asia/Ho_Chi_Minh, UTC+7 all year: Vietnam has kept no daylight saving since 1975), whatever
 * the browser's own zone. The plan speaks local "YYYY-MM-DDTHH:mm"; takeovers, mourning,
 * rehearsals and the preview speak UTC instants. Pure: unit-tested without a DOM.
 */

/** Asia/Ho_Chi_Minh's fixed offset from UTC. */
const PLAN_OFFSET_MS = 7 * 3_600_000;
export const DAY_MS = 86_400_000;

const pad = (n: number) => String(n).padStart(2, '0');

function isCalendarDate(y: number, m: number, d: number): boolean {
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

/** "dd/mm/yyyy" (1-digit day and month allowed) → "YYYY-MM-DD", or null when it is no calendar date. */
export function parseDayMonthYear(text: string): string | null {
  const m = /^\s*(\d{1,2})\/(\d{1,2})\/(\d{4})\s*$/.exec(text);
  if (!m) return null;
  const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return isCalendarDate(y, mo, d) ? `${y}-${pad(mo)}-${pad(d)}` : null;
}

/** "HH:mm" (1-digit hour allowed) → "HH:mm", or null. */
export function parseHourMinute(text: string): string | null {
  const m = /^\s*(\d{1,2}):(\d{2})\s*$/.exec(text);
  if (!m) return null;
  const [h, min] = [Number(m[1]), Number(m[2])];
  return h < 24 && min < 60 ? `${pad(h)}:${pad(min)}` : null;
}

/** A date and a time as typed → the plan's local "YYYY-MM-DDTHH:mm", or null. */
export function parseLocalDateTime(date: string, time: string): string | null {
  const d = parseDayMonthYear(date);
  const t = parseHourMinute(time);
  return d && t ? `${d}T${t}` : null;
}

/** "YYYY-MM-DD" → "dd/mm/yyyy". */
export function formatLocalDate(localDate: string): string {
  return `${localDate.slice(8, 10)}/${localDate.slice(5, 7)}/${localDate.slice(0, 4)}`;
}

/** "YYYY-MM-DDTHH:mm" → "dd/mm/yyyy HH:mm". */
export function formatLocalDateTime(local: string): string {
  return `${formatLocalDate(local.slice(0, 10))} ${local.slice(11, 16)}`;
}

/** Local wall-clock time in Hà Nội → ms since the Unix epoch. */
export function localToMs(local: string): number {
  const [y, mo, d, h, min] = [local.slice(0, 4), local.slice(5, 7), local.slice(8, 10), local.slice(11, 13) || '0', local.slice(14, 16) || '0'].map(Number);
  return Date.UTC(y!, mo! - 1, d!, h!, min!) - PLAN_OFFSET_MS;
}

/** Local wall-clock time in Hà Nội → UTC ISO instant (what the override and preview routes take). */
export function localToInstant(local: string): string {
  return new Date(localToMs(local)).toISOString();
}

/** ms since the Unix epoch → local "YYYY-MM-DDTHH:mm" in Hà Nội. */
export function msToLocal(ms: number): string {
  const t = new Date(ms + PLAN_OFFSET_MS);
  return `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}T${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}`;
}

/** UTC ISO instant → local "YYYY-MM-DDTHH:mm" in Hà Nội. */
export function instantToLocal(iso: string): string {
  return msToLocal(Date.parse(iso));
}

/** ms → "dd/mm/yyyy HH:mm" in Hà Nội. */
export function formatMs(ms: number): string {
  return formatLocalDateTime(msToLocal(ms));
}

/** Local midnight in Hà Nội at or before `ms`. */
export function startOfLocalDay(ms: number): number {
  return Math.floor((ms + PLAN_OFFSET_MS) / DAY_MS) * DAY_MS - PLAN_OFFSET_MS;
}

/** "YYYY-MM-DD" shifted by whole days (calendar arithmetic, no zone involved). */
export function addDays(localDate: string, days: number): string {
  const t = new Date(Date.UTC(+localDate.slice(0, 4), +localDate.slice(5, 7) - 1, +localDate.slice(8, 10) + days));
  return `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
}

/** The time axis: a span of time drawn across `width` px. */
export interface AxisScale {
  fromMs: number;
  toMs: number;
  width: number;
}

/** x in px of an instant, clamped to the axis. */
export function xOf(scale: AxisScale, ms: number): number {
  const f = (ms - scale.fromMs) / (scale.toMs - scale.fromMs);
  return Math.min(1, Math.max(0, f)) * scale.width;
}

/** The instant under x px, clamped to the axis and rounded to the minute (what the inputs show). */
export function msAt(scale: AxisScale, x: number): number {
  const f = Math.min(1, Math.max(0, x / scale.width));
  return Math.round((scale.fromMs + f * (scale.toMs - scale.fromMs)) / 60_000) * 60_000;
}

/** A bar on the axis for [start, end), or null when it lies wholly outside; widths at least 1 px so short intervals stay visible. */
export function barOf(scale: AxisScale, startMs: number, endMs: number): { x: number; w: number } | null {
  if (endMs <= scale.fromMs || startMs >= scale.toMs) return null;
  const x = xOf(scale, startMs);
  return { x, w: Math.max(1, xOf(scale, endMs) - x) };
}

/** Local midnights inside the axis, for the day ticks; every nth day when days are many. */
export function dayTicks(scale: AxisScale, maxTicks = 16): number[] {
  const days = Math.ceil((scale.toMs - scale.fromMs) / DAY_MS);
  const step = Math.max(1, Math.ceil(days / maxTicks));
  const ticks: number[] = [];
  for (let t = startOfLocalDay(scale.fromMs); t <= scale.toMs; t += step * DAY_MS) if (t >= scale.fromMs) ticks.push(t);
  return ticks;
}

/** A clip's length as people read it: 0:42, 1:00. */
export function formatLength(ms: number): string {
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}
