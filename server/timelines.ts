import type { Timeline } from './protocol/timeline.js';
import type { ScheduleRepository } from './db/schedule-repository.js';
import type { PlanRepository } from './db/plan-repository.js';
import type { Item } from './protocol/content.js';
import type { ScheduleContent, TemplateFieldRefs } from './protocol/schedule.js';
import type { TimelineFields } from './protocol/timeline.js';
import { playlistMediaOf } from './protocol/media.js';
import {
  compileAll,
  compileZoneTimeline,
  congressTitleLines,
  DEFAULT_SETTINGS,
  type CompilerDisplay,
  type CompilerInput,
  type CompilerItem,
  type ZoneKind,
} from './domain/compiler/index.js';

export interface TimelineSources {
  schedules: ScheduleRepository;
  plans: PlanRepository;
  /** Approved items only, with their approved revision (the register's playable view). */
  approvedItems: () => Promise<CompilerItem[]>;
  /** A photo panel's photo ids in its order; undefined when there is no such panel (or its files were deleted). */
  photoPanel: (printJobId: number) => Promise<readonly string[] | undefined>;
  /** Paired, unrevoked displays. */
  displays: () => Promise<CompilerDisplay[]>;
  timeZone: string;
  horizonDays: number;
  /**
   * The change generation this node has heard of (ChangeFeed). With it, displays asking within
   * a moment of each other at the same generation share one read of the input: a reconnect storm
   * or a refresh of every screen costs one set of queries, not one per display.
   */
  generation?: () => number;
}

/** How long a shared input serves at one generation: long enough for a storm, short enough for clocks. */
const SHARED_INPUT_MS = 2000;

const ZONE_KINDS: readonly string[] = ['gate', 'lobby', 'hall', 'web', 'other'] satisfies ZoneKind[];

/**
 * Assembles the compiler's input from the database and compiles timelines. The input is rebuilt
 * from the rows each time (they are few); compileAll shares work between displays of one zone.
 */
interface DisplayBatch {
  displays: Map<string, CompilerDisplay>;
  compiled: Promise<Map<string, Timeline>>;
}

export class TimelineService {
  private batch: DisplayBatch | undefined;
  private shared: { generation: number; until: number; input: Promise<CompilerInput> } | undefined;

  constructor(private readonly s: TimelineSources) {}

  /** The input as of about now, read once for everyone asking at this generation (see `generation`). */
  private sharedInput(now: Date): Promise<CompilerInput> {
    if (!this.s.generation) return this.input(now);
    const generation = this.s.generation();
    const fresh = this.shared && this.shared.generation === generation && Date.now() < this.shared.until;
    if (!fresh) {
      const input = this.input(now);
      const entry = { generation, until: Date.now() + SHARED_INPUT_MS, input };
      this.shared = entry;
      // A failed read is not shared: the next display asks the database again.
      input.catch(() => {
        if (this.shared === entry) this.shared = undefined;
      });
    }
    return this.shared!.input;
  }

  /**
   * The compiler's input as of `now`. Only active plans play: their events, their phases, and the
   * approved items linked to at least one of them (an item no plan names plays as before).
   * `previewPlan` compiles as if that plan (a draft) were active too, changing nothing stored.
   */
  async input(now: Date, previewPlan?: number): Promise<CompilerInput> {
    const { schedules, plans } = this.s;
    const scope = { states: ['active'] as const, ...(previewPlan !== undefined ? { plus: previewPlan } : {}) };
    // Independent reads: on PostgreSQL they run side by side on the pool.
    const [phases, planList, links, inPhases, approved, mourning, events, zones, displays, scheduleList, takeovers, rehearsals, nationalDays] = await Promise.all([
      plans.parts.listPhases(scope),
      plans.listPlans(),
      plans.plansByItem(),
      // A slogan proposed into a đợt plays in that đợt, not in every đợt of its plan.
      plans.phasesByItem(),
      this.s.approvedItems(),
      schedules.getMourning(),
      plans.parts.listEvents(scope),
      plans.listZones(),
      this.s.displays(),
      schedules.listSchedules(),
      schedules.listTakeovers(now),
      schedules.listRehearsals(),
      schedules.nationalDays.list(),
    ]);
    const campaigns = [...new Set(phases.map((p) => p.campaignId))].map((id) => {
      const own = phases.filter((p) => p.campaignId === id);
      return { id, plan: String(own[0]!.planId), phases: own.map((p) => ({ id: p.id, label: p.label, starts: p.starts, ends: p.ends })) };
    });
    const playing = new Set(planList.filter((p) => p.state === 'active' || p.id === previewPlan).map((p) => String(p.id)));
    const items = approved.flatMap((item): CompilerItem[] => {
      const linked = links.get(item.id);
      if (!linked) return [item];
      const phaseIds = inPhases.get(item.id);
      return linked.some((p) => playing.has(p)) ? [{ ...item, plans: linked, ...(phaseIds ? { phaseIds } : {}) }] : [];
    });
    const panels = await this.photoPanels(scheduleList.map((s) => s.content));
    return {
      timeZone: this.s.timeZone,
      events: events.map((e) => ({
        id: e.id,
        name: e.name,
        kind: e.kind,
        opens: e.opens,
        closes: e.closes,
        ...(e.kind === 'congress' ? { backdrop: { titleLines: congressTitleLines(e.name) } } : {}),
      })),
      campaigns,
      items,
      zones: zones.map((z) => ({ id: z.id, kind: (ZONE_KINDS.includes(z.kind) ? z.kind : 'other') as ZoneKind })),
      displays,
      schedules: scheduleList.map(({ id, name: _n, createdAt: _c, updatedAt: _u, ...entry }) => ({
        id: String(id),
        ...entry,
        content: compilerContent(entry.content, items, panels),
      })),
      takeovers: takeovers.map((t) => ({
        id: String(t.id),
        zoneIds: t.zoneIds,
        itemIds: t.itemIds,
        ...(t.template ? { template: t.template } : {}),
        from: t.from,
        ...(t.until ? { until: t.until } : {}),
      })),
      ...(mourning ? { mourning: { from: mourning.from, ...(mourning.until ? { until: mourning.until } : {}), messageItemIds: mourning.messageItemIds } } : {}),
      rehearsals: rehearsals.map((r) => ({ zoneId: r.zoneId, asOf: r.asOf, startedAt: r.startedAt, ...(r.until ? { until: r.until } : {}) })),
      settings: DEFAULT_SETTINGS,
      nationalDays,
    };
  }

  /** The photo ids of each photo panel the schedules show, by print job id. */
  private async photoPanels(contents: readonly ScheduleContent[]): Promise<Map<number, readonly string[] | undefined>> {
    const ids = [...new Set(contents.flatMap((c) => (c.kind === 'photo-panel' ? [c.printJobId] : [])))];
    return new Map(await Promise.all(ids.map(async (id) => [id, await this.s.photoPanel(id)] as const)));
  }

  /**
   * The timeline of one display; undefined when its zone is unknown. Displays asking in the same
   * turn of the event loop (every screen of a node after a change, a reconnect storm) are compiled
   * together: compileAll does a zone's work once for all its displays.
   */
  async forDisplay(display: CompilerDisplay): Promise<Timeline | undefined> {
    let batch = this.batch;
    if (!batch) {
      const created: DisplayBatch = { displays: new Map(), compiled: Promise.resolve(new Map()) };
      created.compiled = new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
        if (this.batch === created) this.batch = undefined;
        return this.compileDisplays([...created.displays.values()], new Date());
      });
      this.batch = batch = created;
    }
    batch.displays.set(display.id, display);
    return (await batch.compiled).get(display.id);
  }

  private async compileDisplays(displays: CompilerDisplay[], now: Date): Promise<Map<string, Timeline>> {
    const input = await this.sharedInput(now);
    // A display's stored row (its zone as the database says) wins over what the caller holds.
    const known = new Set(input.displays.map((d) => d.id));
    const unknown = displays.filter((d) => !known.has(d.id));
    const withDisplays = unknown.length ? { ...input, displays: [...input.displays, ...unknown] } : input;
    return compileAll(withDisplays, now, this.s.horizonDays, { displayIds: displays.map((d) => d.id) });
  }

  /** One zone's timeline, as a display of that zone with no entries of its own plays it; undefined when the zone is unknown. */
  async forZone(zoneId: string, now: Date, horizonDays = this.s.horizonDays): Promise<Timeline | undefined> {
    return compileZoneTimeline(await this.sharedInput(now), zoneId, now, horizonDays);
  }

  /** One timeline per zone, as a display of that zone with no entries of its own plays it. */
  async forZones(now: Date, horizonDays = this.s.horizonDays, previewPlan?: number): Promise<Map<string, Timeline>> {
    const input = previewPlan === undefined ? await this.sharedInput(now) : await this.input(now, previewPlan);
    const probes = input.zones.map((z) => ({ id: `zone:${z.id}`, zoneId: z.id }));
    const compiled = compileAll({ ...input, displays: probes }, now, horizonDays);
    return new Map(input.zones.map((z) => [z.id, compiled.get(`zone:${z.id}`)!]));
  }
}

/**
 * A schedule's content as the compiler takes it: template fields resolved to approved text, a
 * photo panel to the approved picture items showing its photos.
 */
function compilerContent(
  content: ScheduleContent,
  items: readonly CompilerItem[],
  panels: ReadonlyMap<number, readonly string[] | undefined>,
): CompilerInput['schedules'][number]['content'] {
  switch (content.kind) {
    case 'template':
      return { ...content, fields: templateFields(content.fields, items) };
    case 'photo-panel':
      return { kind: 'items', itemIds: photoPanelItemIds(panels.get(content.printJobId) ?? [], items) };
    default:
      return content;
  }
}

/** A template's field references resolved to approved text; a reference to anything else is dropped. */
export function templateFields(refs: TemplateFieldRefs, approved: readonly CompilerItem[]): TimelineFields {
  const lines = (id: number | undefined) => {
    const item = id === undefined ? undefined : approved.find((i) => i.id === id && i.status === 'approved');
    return item ? item.text.split('\n').map((l) => l.trim()).filter(Boolean) : undefined;
  };
  const [topLine, title, caption, datePlace] = [refs.topLineItemId, refs.titleItemId, refs.captionItemId, refs.datePlaceItemId].map(lines);
  return {
    ...(topLine ? { topLine: topLine.join(' ') } : {}),
    ...(title ? { titleLines: title } : {}),
    ...(caption ? { caption: caption.join(' ') } : {}),
    ...(datePlace ? { datePlace: datePlace.join(' ') } : {}),
    ...(refs.star !== undefined ? { star: refs.star } : {}),
  };
}

/**
 * A photo panel as a slideshow: for each photo in the panel's order, the playable picture items
 * whose approved revision shows it (oldest item first when several do). A photo no approved picture
 * shows is skipped: a screen shows only what an approver saw, caption and focus box included.
 */
export function photoPanelItemIds(photoIds: readonly string[], playable: readonly CompilerItem[]): number[] {
  const byPhoto = new Map<string, number[]>();
  for (const item of [...playable].sort((a, b) => a.id - b.id)) {
    if (item.status !== 'approved' || item.media?.kind !== 'picture') continue;
    byPhoto.set(item.media.id, [...(byPhoto.get(item.media.id) ?? []), item.id]);
  }
  return [...new Set(photoIds.flatMap((id) => byPhoto.get(id) ?? []))];
}

/**
 * The register's playable view as compiler items: only items whose status is approved, each with
 * its approved revision's text, and the places, tags and validity window stored on the item.
 */
export function playableItems(items: readonly Item[]): CompilerItem[] {
  return items.flatMap((item): CompilerItem[] => {
    if (item.status !== 'approved' || !item.approved) return [];
    return [
      {
        id: item.id,
        key: item.key,
        revisionId: item.approved.id,
        status: item.status,
        kind: item.kind,
        text: item.approved.text,
        ...(item.approved.media ? { media: playlistMediaOf(item.approved.media) } : {}),
        tags: item.tags,
        celebratory: item.celebratory,
        places: item.places,
        ...(item.validFrom ? { validFrom: item.validFrom } : {}),
        ...(item.validUntil ? { validUntil: item.validUntil } : {}),
      },
    ];
  });
}
