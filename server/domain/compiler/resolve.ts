/**
 * Turns the input's anchors into instants (ms since the Unix epoch) once per compile, so the
 * per-zone sweep only compares numbers. Unknown events resolve to "never": an item or phase hung
 * on a missing event stays off screen rather than on forever.
 */
import { resolveAnchor, type NationalDateOf } from '../../protocol/plan.js';
import { nationalDateResolver } from '../national-calendar.js';
import { fromLocal } from '../time.js';
import type { Anchor, CompilerEvent, CompilerInput, CompilerItem, CompilerPhase, WindowEdge } from './model.js';

export interface Window {
  from: number;
  /** Exclusive. */
  until: number;
}

export interface ResolvedPhase {
  phase: CompilerPhase;
  /** The plan of its campaign, when the input names plans. */
  plan: string | undefined;
  window: Window;
}

export interface ResolvedItem {
  item: CompilerItem;
  window: Window;
  celebratory: boolean;
  evergreen: boolean;
  phaseIds: ReadonlySet<string>;
}

export interface ResolvedEvent {
  event: CompilerEvent;
  window: Window;
}

export interface Resolved {
  timeZone: string;
  /** Where a national day falls in a year, computed once per (day, year) per compile. */
  nationalDate: NationalDateOf;
  /** Approved items only, ordered by id: the rotation order everywhere. */
  items: readonly ResolvedItem[];
  itemsById: ReadonlyMap<number, ResolvedItem>;
  /** In plan order (campaign, then phase). */
  phases: readonly ResolvedPhase[];
  phaseLabels: ReadonlyMap<string, string>;
  events: readonly ResolvedEvent[];
  /** Every instant where phase, item or event state changes, sorted. */
  contentEdges: readonly number[];
}

const NEVER: Window = { from: Infinity, until: Infinity };

export function localToMs(local: string, timeZone: string): number {
  return fromLocal(
    { year: +local.slice(0, 4), month: +local.slice(5, 7), day: +local.slice(8, 10), hour: +local.slice(11, 13), minute: +local.slice(14, 16) },
    timeZone,
  ).getTime();
}

function anchorToMs(events: readonly CompilerEvent[], anchor: Anchor, timeZone: string, nationalDate?: NationalDateOf): number | undefined {
  const local = resolveAnchor(events, anchor, nationalDate);
  return local === undefined ? undefined : localToMs(local, timeZone);
}

function edgeToMs(events: readonly CompilerEvent[], edge: WindowEdge, timeZone: string, nationalDate?: NationalDateOf): number | undefined {
  return 'instant' in edge ? Date.parse(edge.instant) : anchorToMs(events, edge, timeZone, nationalDate);
}

/** A window from optional edges; a present edge that cannot be resolved closes the window. */
export function windowOf(
  events: readonly CompilerEvent[],
  from: WindowEdge | undefined | null,
  until: WindowEdge | undefined | null,
  timeZone: string,
  nationalDate?: NationalDateOf,
): Window {
  const f = from ? edgeToMs(events, from, timeZone, nationalDate) : -Infinity;
  const u = until ? edgeToMs(events, until, timeZone, nationalDate) : Infinity;
  if (f === undefined || u === undefined || Number.isNaN(f) || Number.isNaN(u)) return NEVER;
  return { from: f, until: u };
}

export const within = (w: Window, t: number): boolean => w.from <= t && t < w.until;
const overlaps = (a: Window, b: Window): boolean => a.from < b.until && b.from < a.until;

export function resolve(input: CompilerInput): Resolved {
  const tz = input.timeZone;
  const nationalDate = nationalDateResolver(input.nationalDays ?? []);
  const events = input.events.map((event) => ({
    event,
    window: { from: localToMs(event.opens, tz), until: localToMs(event.closes, tz) },
  }));
  const phases = input.campaigns.flatMap((c) =>
    c.phases.map((phase) => ({ phase, plan: c.plan, window: windowOf(input.events, phase.starts, phase.ends, tz, nationalDate) })),
  );
  // An item of some plans belongs only to those plans' phases: a slogan of next year's plan is not
  // captioned with (nor played as part of) a phase of another plan that happens to overlap it.
  const candidates = (item: CompilerItem) => {
    const plans = item.plans;
    return plans ? phases.filter((p) => p.plan === undefined || plans.includes(p.plan)) : phases;
  };
  const items = input.items
    .filter((item) => item.status === 'approved')
    .map((item): ResolvedItem => {
      const window = windowOf(input.events, item.validFrom, item.validUntil, tz, nationalDate);
      const phaseIds = item.phaseIds ?? candidates(item).filter((p) => overlaps(p.window, window)).map((p) => p.phase.id);
      return {
        item,
        window,
        celebratory: item.celebratory,
        evergreen: item.tags.includes('evergreen'),
        phaseIds: new Set(phaseIds),
      };
    })
    .sort((a, b) => a.item.id - b.item.id);
  const edges = new Set<number>();
  for (const { window } of [...events, ...phases, ...items]) edges.add(window.from).add(window.until);
  return {
    timeZone: tz,
    nationalDate,
    items,
    itemsById: new Map(items.map((r) => [r.item.id, r])),
    phases,
    phaseLabels: new Map(phases.map((p) => [p.phase.id, p.phase.label])),
    events,
    contentEdges: [...edges].filter(Number.isFinite).sort((a, b) => a - b),
  };
}
