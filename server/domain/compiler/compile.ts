/**
 * The compiler: for each display, ordered, non-overlapping intervals covering
 * [local midnight today, + horizonDays local days). Pure and deterministic: `now` is an argument,
 * iteration follows input order or explicit sorts, and objects are built in one key order, so the
 * same input gives the same JSON byte for byte.
 *
 * Method: collect every instant where anything could change (anchors, event edges, schedule
 * windows and daily ranges, takeovers, mourning, rehearsal), evaluate the layers at the start of
 * each elementary segment, and merge neighbours that play the same thing.
 */
import type { Timeline, TimelineFields, TimelineInterval } from '../../protocol/timeline.js';
import { addDays, fromLocal, startOfLocalDay, toLocal } from '../time.js';
import { dailyRanges, type Range } from './daily.js';
import { recurringRanges } from './recurring.js';
import { afterHorizonSlot, evaluate, type Slot, type ZoneContext } from './layers.js';
import type { CompilerDisplay, CompilerInput, CompilerZone, Rehearsal } from './model.js';
import { resolve, windowOf, within, type Resolved, type Window } from './resolve.js';

interface Horizon {
  start: number;
  end: number;
}

function horizonOf(now: Date, horizonDays: number, timeZone: string): Horizon {
  const start = startOfLocalDay(now, timeZone);
  const end = fromLocal(addDays({ ...toLocal(start, timeZone), hour: 0, minute: 0 }, horizonDays), timeZone);
  return { start: start.getTime(), end: end.getTime() };
}

/** What one compileAll call shares between zones and displays. */
interface Shared {
  input: CompilerInput;
  resolved: Resolved;
  horizon: Horizon;
  dailyMemo: Map<string, Range[]>;
  /** Displays named by schedule entries: they get timelines of their own. */
  targeted: ReadonlySet<string>;
}

function shared(input: CompilerInput, now: Date, horizonDays: number): Shared {
  return {
    input,
    resolved: resolve(input),
    horizon: horizonOf(now, horizonDays, input.timeZone),
    dailyMemo: new Map(),
    targeted: new Set(input.schedules.flatMap((s) => ('displayId' in s.target ? [s.target.displayId] : []))),
  };
}

function zoneContext(sh: Shared, zone: CompilerZone, display: CompilerDisplay | undefined, span: Window): ZoneContext {
  const { input, resolved } = sh;
  const tz = input.timeZone;
  const instant = (s: string | undefined, missing: number) => (s === undefined ? missing : Date.parse(s));
  const takeovers = input.takeovers
    .filter((o) => o.zoneIds === 'all' || o.zoneIds.includes(zone.id))
    .map((takeover) => ({ takeover, window: { from: Date.parse(takeover.from), until: instant(takeover.until, Infinity) } }))
    // The latest takeover wins; ties go by id so input order never matters.
    .sort((a, b) => b.window.from - a.window.from || (a.takeover.id < b.takeover.id ? -1 : 1));
  const m = input.mourning;
  return {
    resolved,
    zone,
    display,
    defaultSecondsPerItem: input.settings.secondsPerItem[zone.kind],
    schedules: input.schedules
      .filter((s) => ('zoneId' in s.target ? s.target.zoneId === zone.id : s.target.displayId === display?.id))
      .map((entry) => ({
        entry,
        window: windowOf(input.events, entry.window?.from, entry.window?.until, tz, resolved.nationalDate),
        daily: dailyRanges(entry, span.from, span.until, tz, sh.dailyMemo),
        yearly: entry.recurring && recurringRanges(entry.recurring, resolved.nationalDate, span.from, span.until, tz),
      })),
    takeovers,
    mourning: m && { mourning: m, window: { from: Date.parse(m.from), until: instant(m.until, Infinity) } },
  };
}

/** Real-time stretches of the horizon with the offset (asOf − real) the zone's calendar runs at. */
interface Stretch {
  window: Window;
  offset: number;
}

function clockStretches(rehearsals: readonly Rehearsal[], zoneId: string, h: Horizon): Stretch[] {
  const mine = rehearsals
    .filter((r) => r.zoneId === zoneId)
    .map((r) => ({ window: { from: Date.parse(r.startedAt), until: r.until ? Date.parse(r.until) : Infinity }, offset: Date.parse(r.asOf) - Date.parse(r.startedAt) }))
    .filter((r) => Number.isFinite(r.offset))
    // The latest started rehearsal holds where two overlap.
    .sort((a, b) => b.window.from - a.window.from);
  const cuts = new Set([h.start, h.end]);
  for (const r of mine) for (const e of [r.window.from, r.window.until]) if (e > h.start && e < h.end) cuts.add(e);
  const sorted = [...cuts].sort((a, b) => a - b);
  return sorted.slice(0, -1).map((from, i) => ({
    window: { from, until: sorted[i + 1]! },
    offset: mine.find((r) => within(r.window, from))?.offset ?? 0,
  }));
}

function canonicalFields(f: TimelineFields): TimelineFields {
  return {
    ...(f.caption !== undefined ? { caption: f.caption } : {}),
    ...(f.topLine !== undefined ? { topLine: f.topLine } : {}),
    ...(f.titleLines !== undefined ? { titleLines: [...f.titleLines] } : {}),
    ...(f.datePlace !== undefined ? { datePlace: f.datePlace } : {}),
    ...(f.star !== undefined ? { star: f.star } : {}),
  };
}

function toInterval(from: number, until: number, slot: Slot, offset: number): TimelineInterval {
  return {
    start: new Date(from).toISOString(),
    end: new Date(until).toISOString(),
    template: slot.template,
    secondsPerItem: slot.secondsPerItem,
    epoch: new Date(slot.epoch).toISOString(),
    playlist: slot.playlist,
    kind: offset !== 0 && (slot.kind === 'schedule' || slot.kind === 'phase' || slot.kind === 'fallback') ? 'rehearsal' : slot.kind,
    ...(slot.fields ? { fields: canonicalFields(slot.fields) } : {}),
    ...(offset !== 0 ? { asOf: new Date(from + offset).toISOString() } : {}),
  };
}

function compileIntervals(ctx: ZoneContext, stretches: Stretch[], h: Horizon): TimelineInterval[] {
  const edges = new Set<number>([h.start, h.end]);
  const addIn = (e: number, shift: number, w: Window) => {
    if (e >= w.from && e < w.until) edges.add(e - shift);
  };
  for (const { window, offset } of stretches) {
    edges.add(window.from);
    // Calendar edges are read on the stretch's own clock, then brought back to real time.
    const virtual = { from: window.from + offset, until: window.until + offset };
    for (const e of ctx.resolved.contentEdges) addIn(e, offset, virtual);
    for (const { window: w, daily, yearly } of ctx.schedules) {
      addIn(w.from, offset, virtual);
      addIn(w.until, offset, virtual);
      for (const r of daily ?? []) r.forEach((e) => addIn(e, offset, virtual));
      for (const r of yearly ?? []) r.forEach((e) => addIn(e, offset, virtual));
    }
  }
  // Real-clock layers: item validity still cuts takeovers and mourning during a rehearsal.
  const real = { from: h.start, until: h.end };
  for (const e of ctx.resolved.contentEdges) addIn(e, 0, real);
  for (const { window } of ctx.takeovers) [window.from, window.until].forEach((e) => addIn(e, 0, real));
  if (ctx.mourning) [ctx.mourning.window.from, ctx.mourning.window.until].forEach((e) => addIn(e, 0, real));

  const cuts = [...edges].filter((e) => e >= h.start && e <= h.end).sort((a, b) => a - b);
  const out: TimelineInterval[] = [];
  let previous = '';
  let stretch = 0;
  for (let i = 0; i + 1 < cuts.length; i++) {
    const from = cuts[i]!;
    while (!within(stretches[stretch]!.window, from)) stretch++;
    const offset = stretches[stretch]!.offset;
    const slot = evaluate(ctx, from, from + offset);
    const key = `${offset}|${JSON.stringify(slot)}`;
    if (key === previous) out[out.length - 1]!.end = new Date(cuts[i + 1]!).toISOString();
    else out.push(toInterval(from, cuts[i + 1]!, slot, offset));
    previous = key;
  }
  return out;
}

function timeline(sh: Shared, zone: CompilerZone, display: CompilerDisplay | undefined): Timeline {
  const h = sh.horizon;
  const stretches = clockStretches(sh.input.rehearsals, zone.id, h);
  // The calendar span the zone's clocks read: the horizon, moved by any rehearsal.
  const span = {
    from: Math.min(...stretches.map((s) => s.window.from + s.offset)),
    until: Math.max(...stretches.map((s) => s.window.until + s.offset)),
  };
  const ctx = zoneContext(sh, zone, display, span);
  const after = afterHorizonSlot(ctx, h.end);
  return {
    zone: zone.id,
    timeZone: sh.input.timeZone,
    horizonStart: new Date(h.start).toISOString(),
    horizonEnd: new Date(h.end).toISOString(),
    intervals: compileIntervals(ctx, stretches, h),
    ...(after ? { afterHorizon: { template: after.template, secondsPerItem: after.secondsPerItem, epoch: new Date(after.epoch).toISOString(), playlist: after.playlist } } : {}),
  };
}

/**
 * What displays of a zone share. Hall side screens differ from the backdrop; a display named by a
 * schedule entry gets its own timeline.
 */
function variantKey(sh: Shared, zone: CompilerZone, display: CompilerDisplay): string {
  if (sh.targeted.has(display.id)) return `display:${display.id}`;
  return zone.kind === 'hall' && display.role === 'side' ? `${zone.id}|side` : `${zone.id}|main`;
}

/** One zone's timeline as its displays without their own entries play it (what the hub asks for per zone). */
export function compileZoneTimeline(input: CompilerInput, zoneId: string, now: Date, horizonDays: number): Timeline | undefined {
  const zone = input.zones.find((z) => z.id === zoneId);
  if (!zone) return undefined;
  return timeline(shared(input, now, horizonDays), zone, undefined);
}

export function compileDisplayTimeline(input: CompilerInput, displayId: string, now: Date, horizonDays: number): Timeline | undefined {
  return compileAll(input, now, horizonDays, { displayIds: [displayId] }).get(displayId);
}

/**
 * Timelines of every display (or of the listed zones/displays), keyed by display id. Anchors are
 * resolved once and displays of one variant share one compiled (immutable, shared) timeline.
 */
export function compileAll(
  input: CompilerInput,
  now: Date,
  horizonDays: number,
  only: { zoneIds?: readonly string[]; displayIds?: readonly string[] } = {},
): Map<string, Timeline> {
  const sh = shared(input, now, horizonDays);
  const zones = new Map(input.zones.map((z) => [z.id, z]));
  const variants = new Map<string, Timeline>();
  const out = new Map<string, Timeline>();
  for (const display of input.displays) {
    if (only.zoneIds && !only.zoneIds.includes(display.zoneId)) continue;
    if (only.displayIds && !only.displayIds.includes(display.id)) continue;
    const zone = zones.get(display.zoneId);
    if (!zone) continue;
    const key = variantKey(sh, zone, display);
    let t = variants.get(key);
    if (!t) {
      t = timeline(sh, zone, display);
      variants.set(key, t);
    }
    out.set(display.id, t);
  }
  return out;
}
