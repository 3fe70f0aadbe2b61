/**
 * What one zone (or one display) plays at one instant, layer by layer:
 *   mourning > takeover > schedule entries (by priority) > current phases > evergreen fallback.
 * Rehearsal does not add a layer: it moves the clock the lower three layers read (see compile.ts).
 * Every playlist is built from `Resolved.items`, which holds approved items only.
 */
import type { IntervalKind, PlaylistEntry, TemplateId, TimelineFields } from '../../protocol/timeline.js';
import type { CompilerDisplay, CompilerZone, Mourning, ScheduleEntry, Takeover, ZoneKind } from './model.js';
import { within, type Resolved, type ResolvedItem, type Window } from './resolve.js';
import type { Range } from './daily.js';

/** A fixed rotation epoch for rotations that follow the calendar, so position depends on time alone. */
const ROTATION_EPOCH_MS = Date.parse('2020-01-01T00:00:00.000Z');

const TEMPLATE_BY_ZONE_KIND: Record<ZoneKind, TemplateId> = {
  gate: 'gate-ticker',
  lobby: 'lobby-card',
  hall: 'banner',
  web: 'lobby-card',
  other: 'lobby-card',
};

export interface Slot {
  kind: IntervalKind;
  template: TemplateId;
  secondsPerItem: number;
  epoch: number;
  playlist: PlaylistEntry[];
  fields?: TimelineFields;
}

export interface ActiveSchedule {
  entry: ScheduleEntry;
  window: Window;
  /** Daily/weekday ranges over the compiled span; undefined = all day, every day. */
  daily: Range[] | undefined;
  /** Yearly occurrences over the compiled span; undefined = no yearly rule. */
  yearly: Range[] | undefined;
}

const inRanges = (ranges: Range[] | undefined, t: number): boolean => !ranges || ranges.some(([from, until]) => from <= t && t < until);

const isActive = (s: ActiveSchedule, t: number): boolean => within(s.window, t) && inRanges(s.daily, t) && inRanges(s.yearly, t);

export interface ActiveTakeover {
  takeover: Takeover;
  window: Window;
}

/** Everything one zone variant needs, resolved once per compile. */
export interface ZoneContext {
  resolved: Resolved;
  zone: CompilerZone;
  display: CompilerDisplay | undefined;
  defaultSecondsPerItem: number;
  /** Entries that target this zone or this display. */
  schedules: readonly ActiveSchedule[];
  /** Takeovers of this zone, latest `from` first. */
  takeovers: readonly ActiveTakeover[];
  mourning: { mourning: Mourning; window: Window } | undefined;
}

const MAX_PLAYLIST = 500;

function clampSeconds(s: number): number {
  return Math.min(3600, Math.max(3, Math.round(s)));
}

function entry(r: ResolvedItem, caption?: string): PlaylistEntry {
  return {
    itemId: r.item.id,
    revisionId: r.item.revisionId,
    text: r.item.text,
    ...(caption === undefined ? {} : { caption }),
    ...(r.item.media ? { media: r.item.media } : {}),
  };
}

/** Meant for the zone by the plan; the gate ticker takes slogans only, never long messages. */
function suits(r: ResolvedItem, zone: CompilerZone): boolean {
  if (zone.kind === 'gate' && r.item.kind !== 'slogan') return false;
  const places = r.item.places;
  return places.length === 0 || places.includes(zone.id) || places.includes(zone.kind);
}

/** Items an operator named: approved and valid at t, in the operator's order, each once. */
function named(ctx: ZoneContext, ids: readonly number[], t: number): ResolvedItem[] {
  const seen = new Set<number>();
  const out: ResolvedItem[] = [];
  for (const id of ids) {
    const r = ctx.resolved.itemsById.get(id);
    if (r && !seen.has(id) && within(r.window, t)) out.push(r);
    seen.add(id);
  }
  return out;
}

/** Items of any of the phases, valid at t and meant for the zone, captioned with their first phase. */
function phaseEntries(ctx: ZoneContext, phaseIds: readonly string[], t: number): PlaylistEntry[] {
  const out: PlaylistEntry[] = [];
  for (const r of ctx.resolved.items) {
    if (!within(r.window, t) || !suits(r, ctx.zone)) continue;
    const phase = phaseIds.find((id) => r.phaseIds.has(id));
    if (phase !== undefined) out.push(entry(r, ctx.resolved.phaseLabels.get(phase)));
  }
  return out;
}

function slot(ctx: ZoneContext, kind: IntervalKind, playlist: PlaylistEntry[], over: Partial<Slot> = {}): Slot {
  return {
    kind,
    template: over.template ?? TEMPLATE_BY_ZONE_KIND[ctx.zone.kind],
    secondsPerItem: clampSeconds(over.secondsPerItem ?? ctx.defaultSecondsPerItem),
    epoch: over.epoch ?? ROTATION_EPOCH_MS,
    playlist: playlist.slice(0, MAX_PLAYLIST),
    ...(over.fields ? { fields: over.fields } : {}),
  };
}

function scheduleSlot(ctx: ZoneContext, t: number): Slot | undefined {
  const active = ctx.schedules
    .filter((s) => isActive(s, t))
    .sort((a, b) => b.entry.priority - a.entry.priority || (a.entry.id < b.entry.id ? -1 : a.entry.id > b.entry.id ? 1 : 0));
  let i = 0;
  while (i < active.length) {
    const priority = active[i]!.entry.priority;
    const group: ScheduleEntry[] = [];
    for (; i < active.length && active[i]!.entry.priority === priority; i++) group.push(active[i]!.entry);
    // Equal priorities merge into one rotation; its look comes from the first entry that adds items.
    const playlist: PlaylistEntry[] = [];
    const seen = new Set<number>();
    let lead: ScheduleEntry | undefined;
    for (const e of group) {
      const c = e.content;
      const entries =
        c.kind === 'phase' ? phaseEntries(ctx, [c.phaseId], t) : named(ctx, c.itemIds, t).map((r) => entry(r));
      for (const pe of entries) {
        if (seen.has(pe.itemId)) continue;
        seen.add(pe.itemId);
        playlist.push(pe);
        lead ??= e;
      }
    }
    if (lead) {
      return slot(ctx, 'schedule', playlist, {
        ...(lead.template ? { template: lead.template } : {}),
        ...(lead.secondsPerItem ? { secondsPerItem: lead.secondsPerItem } : {}),
        ...(lead.content.kind === 'template' ? { fields: lead.content.fields } : {}),
      });
    }
  }
  return undefined;
}

/** The hall's phông while a backdrop event is open; side screens keep their banners. */
function backdrop(ctx: ZoneContext, t: number): Partial<Slot> {
  if (ctx.zone.kind !== 'hall' || ctx.display?.role === 'side') return {};
  const open = ctx.resolved.events.find((e) => e.event.backdrop && within(e.window, t));
  return open?.event.backdrop ? { template: 'backdrop', fields: open.event.backdrop } : {};
}

function defaultSlot(ctx: ZoneContext, t: number): Slot {
  const current = ctx.resolved.phases.filter((p) => within(p.window, t)).map((p) => p.phase.id);
  const phased = phaseEntries(ctx, current, t);
  if (phased.length > 0) return slot(ctx, 'phase', phased, backdrop(ctx, t));
  return slot(ctx, 'fallback', fallbackItems(ctx, t, () => true).map((r) => entry(r)), backdrop(ctx, t));
}

/** Evergreen items for the zone, then any evergreen, then anything valid for the zone: never blank. */
function fallbackItems(ctx: ZoneContext, t: number, allowed: (r: ResolvedItem) => boolean): ResolvedItem[] {
  const valid = ctx.resolved.items.filter((r) => within(r.window, t) && allowed(r));
  const tiers = [
    valid.filter((r) => r.evergreen && suits(r, ctx.zone)),
    valid.filter((r) => r.evergreen),
    valid.filter((r) => suits(r, ctx.zone)),
  ];
  return tiers.find((tier) => tier.length > 0) ?? [];
}

/**
 * What a screen plays once its timeline has run out (the server away longer than the horizon):
 * the zone's evergreen rotation, of items that never expire and suit any day (nothing
 * celebratory, as mourning may have begun meanwhile). Undefined when there is none.
 */
export function afterHorizonSlot(ctx: ZoneContext, from: number): Slot | undefined {
  const lasting = ctx.resolved.items.filter((r) => r.evergreen && !r.celebratory && r.window.from <= from && r.window.until === Infinity);
  const forZone = lasting.filter((r) => suits(r, ctx.zone));
  const items = forZone.length > 0 ? forZone : lasting.filter((r) => ctx.zone.kind !== 'gate' || r.item.kind === 'slogan');
  return items.length > 0 ? slot(ctx, 'fallback', items.map((r) => entry(r))) : undefined;
}

function mourningSlot(ctx: ZoneContext, mourning: Mourning, from: number, t: number, takeover: Takeover | undefined): Slot {
  const sober = (r: ResolvedItem) => !r.celebratory;
  const chosen = named(ctx, [...mourning.messageItemIds, ...(takeover?.itemIds ?? [])], t).filter(sober);
  const items = chosen.length > 0 ? chosen : fallbackItems(ctx, t, sober);
  return slot(ctx, 'mourning', items.map((r) => entry(r)), { template: 'mourning', epoch: from });
}

/**
 * The slot at real time `t`, with calendar content read at `asOf` (= t outside a rehearsal).
 * Mourning and takeovers are real-world acts: they follow the real clock even during a rehearsal.
 */
export function evaluate(ctx: ZoneContext, t: number, asOf: number): Slot {
  const takeovers = ctx.takeovers.filter((o) => within(o.window, t));
  const m = ctx.mourning;
  if (m && within(m.window, t)) return mourningSlot(ctx, m.mourning, m.window.from, t, takeovers[0]?.takeover);
  for (const { takeover: o, window } of takeovers) {
    const items = named(ctx, o.itemIds, t);
    // A takeover whose items have all expired yields to the next one, then to the calendar.
    if (items.length > 0) {
      return slot(ctx, 'takeover', items.map((r) => entry(r)), {
        epoch: window.from,
        ...(o.template ? { template: o.template } : {}),
        ...(o.secondsPerItem ? { secondsPerItem: o.secondsPerItem } : {}),
        ...(o.fields ? { fields: o.fields } : {}),
      });
    }
  }
  return scheduleSlot(ctx, asOf) ?? defaultSlot(ctx, asOf);
}
