import type { Db } from './database.js';
import {
  PlanSchema,
  resolveAnchor,
  type Anchor,
  type Campaign,
  type Place,
  type Plan,
  type PlanEvent,
  type PlanItem,
} from '../protocol/plan.js';
import type { PlanState } from '../protocol/plans.js';
import type { ItemKind } from '../protocol/content.js';
import { ContentRepository, sha256, type Actor } from './content-repository.js';
import { PlanConflict, PlanRepository } from './plan-repository.js';

export interface ImportResult {
  imported: boolean;
  planId: number;
  /** Items created (each submitted, awaiting a person's approval). */
  items: number;
  /** Items of the file already in the register with the same text: linked, not copied. */
  linked: number;
}

/** Section of items added in the register rather than taken from a section of the document. */
const REGISTER_SECTION = 'Sổ đăng ký';
const PLACE_KINDS: readonly string[] = ['gate', 'lobby', 'hall', 'web'] satisfies Place['kind'][];

const mapAnchor = (a: Anchor, ids: ReadonlyMap<string, string>): Anchor =>
  'event' in a ? { ...a, event: ids.get(a.event) ?? a.event } : a;

/**
 * Whole plans in and out of the database, in the pano-plan/1 file format. Every path in lands
 * its items as submitted (the seed at first start included): only a person approves.
 */
export class PlanTransfer {
  private readonly content: ContentRepository;

  constructor(
    private readonly db: Db,
    private readonly plans: PlanRepository,
  ) {
    this.content = new ContentRepository(db);
  }

  /**
   * Stores a validated plan with its places, sections, events, phases and items, all or nothing;
   * call inside the transaction that writes the audit row. Keys the file uses are kept for export;
   * ids that another plan already uses get the "-p<plan>" suffix. An item whose key is in the
   * register with the same text is linked (one item, one approval); with another text it becomes
   * a new item under a free key.
   */
  importPlan(plan: Plan, o: { by: Actor | null; at: Date; state: PlanState }): ImportResult {
    if (this.plans.findByNumber(plan.document.number)) {
      throw new PlanConflict([{ path: 'document.number', message: `Kế hoạch số ${plan.document.number} đã có trong Pano` }]);
    }
    const json = JSON.stringify(plan);
    const documentId = Number(
      this.db
        .prepare(
          `INSERT INTO plan_documents (number, title, issuer, issued_on, plan_json, plan_sha256, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(plan.document.number, plan.document.title, plan.document.issuer, plan.document.issuedOn, json, sha256(json), o.at.toISOString())
        .lastInsertRowid,
    );
    const planId = this.plans.createPlan(plan.document, { state: o.state, by: o.by, at: o.at, timeZone: plan.timeZone, documentId });
    for (const place of plan.places) this.plans.ensureZone(place);
    this.plans.setPlaces(planId, plan.places.map((p) => p.id));
    const eventIds = this.storeStructure(planId, plan.events, plan.campaigns, o.at);

    let items = 0;
    let linked = 0;
    for (const item of plan.items) {
      const existing = this.content.findByKey(item.id);
      const sameText = existing && (existing.approved ?? existing.latest).text === item.text && existing.kind === item.kind;
      const where = { section: item.section, campaignId: null, phaseId: null };
      if (existing && sameText) {
        this.plans.link(planId, existing.id, where, o.by, o.at);
        linked++;
        continue;
      }
      const id = this.content.create(
        {
          key: this.content.freeKey(item.id),
          kind: item.kind,
          text: item.text,
          title: item.kind === 'message' ? item.title : null,
          tags: item.tags,
          celebratory: item.celebratory,
          events: item.events.map((e) => eventIds.get(e) ?? e),
          places: item.places,
          validFrom: item.validFrom && mapAnchor(item.validFrom, eventIds),
          validUntil: item.validUntil && mapAnchor(item.validUntil, eventIds),
          source: { document: plan.document.number, issuer: plan.document.issuer, issuedOn: plan.document.issuedOn, section: item.section },
          sourceDocumentId: documentId,
        },
        o.by,
        o.at,
        'submitted',
      );
      this.plans.link(planId, id, where, o.by, o.at);
      items++;
    }
    return { imported: true, planId, items, linked };
  }

  /**
   * Plans imported through the API before plans had rows of their own lost their events and
   * phases; migration 10 marked them, and this stores them from the JSON kept at import, moving
   * their items' references to the ids the events get. Runs at every open; does nothing after.
   */
  adoptLegacyPlans(at: Date): number[] {
    const pending = this.db
      .prepare<[], { id: number; plan_json: string }>(
        `SELECT p.id, d.plan_json FROM plans p JOIN plan_documents d ON d.id = p.document_id WHERE p.legacy_pending = 1`,
      )
      .all();
    for (const row of pending) {
      const plan = JSON.parse(row.plan_json) as Plan;
      const eventIds = this.storeStructure(row.id, plan.events, plan.campaigns, at);
      const items = this.db
        .prepare<[number], { id: number; events_json: string; valid_from_json: string | null; valid_until_json: string | null }>(
          `SELECT i.id, i.events_json, i.valid_from_json, i.valid_until_json FROM content_items i JOIN plan_items l ON l.item_id = i.id WHERE l.plan_id = ?`,
        )
        .all(row.id);
      const update = this.db.prepare('UPDATE content_items SET events_json = ?, valid_from_json = ?, valid_until_json = ? WHERE id = ?');
      const anchor = (json: string | null) => (json === null ? null : JSON.stringify(mapAnchor(JSON.parse(json) as Anchor, eventIds)));
      for (const it of items) {
        const events = (JSON.parse(it.events_json) as string[]).map((e) => eventIds.get(e) ?? e);
        update.run(JSON.stringify(events), anchor(it.valid_from_json), anchor(it.valid_until_json), it.id);
      }
      this.db.prepare('UPDATE plans SET legacy_pending = 0 WHERE id = ?').run(row.id);
    }
    return pending.map((p) => p.id);
  }

  /**
   * The plan as Pano now holds it, in the file format: its metadata, places, events (dates as
   * moved since), sections and phases under their keys, and the linked items that are approved
   * and not retired, in their approved text. An anchor to another plan's event is written as the
   * date it resolves to; an item's place that is not one of the plan's places is left out.
   * Pictures and clips are left out: the file format carries text, not files (`mediaLeftOut`).
   */
  exportPlan(planId: number): Plan | undefined {
    const view = this.plans.getPlan(planId);
    if (!view) return undefined;
    const events = this.plans.parts.planEvents(planId);
    const keyOf = new Map(events.map((e) => [e.id, e.key]));
    const anchorOut = (a: Anchor | null | undefined): Anchor | undefined => {
      if (!a) return undefined;
      if (!('event' in a)) return a;
      const key = keyOf.get(a.event);
      if (key) return { ...a, event: key };
      const foreign = this.plans.parts.findEvent(a.event);
      const at = foreign && resolveAnchor([foreign], a);
      return at ? { date: at.slice(0, 10) } : undefined;
    };
    const places = this.plans.places(planId).filter((z) => PLACE_KINDS.includes(z.kind)) as Place[];
    const placeIds = new Set(places.map((p) => p.id));
    const campaigns: Campaign[] = this.plans.parts.planCampaigns(planId).map((c) => ({
      id: c.key,
      section: c.section,
      title: c.title,
      ...(c.note ? { note: c.note } : {}),
      phases: c.phases.map((p) => ({
        id: p.key,
        number: p.number,
        title: p.title,
        ...(p.summary ? { summary: p.summary } : {}),
        starts: anchorOut(p.starts) ?? p.starts,
        ends: p.ends ? (anchorOut(p.ends) ?? null) : null,
        themes: p.themes,
        ...(p.note ? { note: p.note } : {}),
      })),
    }));
    const links = new Map(this.plans.linkedItems(planId).map((l) => [l.itemId, l]));
    const items = [...links.keys()].flatMap((id): PlanItem[] => {
      const item = this.content.getItem(id);
      if (!item || item.status !== 'approved' || !item.approved || isMedia(item.kind)) return [];
      const validFrom = anchorOut(item.validFrom);
      const validUntil = anchorOut(item.validUntil);
      const common = {
        id: item.key,
        section: links.get(id)!.section || item.source.section || REGISTER_SECTION,
        tags: item.tags as PlanItem['tags'],
        celebratory: item.celebratory,
        events: item.events.flatMap((e) => (keyOf.has(e) ? [keyOf.get(e)!] : [])),
        places: item.places.filter((p) => placeIds.has(p)),
        ...(validFrom ? { validFrom } : {}),
        ...(validUntil ? { validUntil } : {}),
      };
      return [
        item.kind === 'message'
          ? { kind: 'message', title: item.approved.title ?? '', text: item.approved.text, ...common }
          : { kind: 'slogan', text: item.approved.text, ...common },
      ];
    });
    const plan = {
      format: 'pano-plan/1',
      timeZone: this.plans.timeZone(planId),
      document: {
        number: view.number,
        title: view.title,
        issuer: view.issuer,
        issuedOn: view.issuedOn,
        place: view.place,
        signedBy: view.signedBy,
        ...(view.note ? { note: view.note } : {}),
      },
      places,
      events: events.map(
        (e): PlanEvent => ({
          id: e.key,
          name: e.name,
          kind: e.kind,
          opens: e.opens,
          closes: e.closes,
          dateSource: e.dateSource,
          ...(e.note ? { note: e.note } : {}),
        }),
      ),
      campaigns,
      items,
    };
    // Validated on the way out too: an export must import again.
    return PlanSchema.parse(plan);
  }

  /** How many approved pictures and clips linked to the plan its export leaves out. */
  mediaLeftOut(planId: number): number {
    return this.plans.linkedItems(planId).filter((l) => {
      const item = this.content.getItem(l.itemId);
      return item !== undefined && item.status === 'approved' && item.approved !== null && isMedia(item.kind);
    }).length;
  }

  /** Sections, events and phases of a plan file; returns its event keys → ids. */
  private storeStructure(planId: number, events: readonly PlanEvent[], campaigns: readonly Campaign[], at: Date): Map<string, string> {
    const parts = this.plans.parts;
    const eventIds = new Map<string, string>();
    for (const e of events) {
      eventIds.set(e.id, parts.createEvent(planId, { key: e.id, name: e.name, kind: e.kind, opens: e.opens, closes: e.closes, dateSource: e.dateSource, note: e.note }, at).id);
    }
    for (const c of campaigns) {
      const campaignId = parts.createCampaign(planId, { key: c.id, section: c.section, title: c.title, note: c.note }, at);
      for (const p of c.phases) {
        parts.createPhase(
          planId,
          {
            key: p.id,
            campaignId,
            number: p.number,
            title: p.title,
            summary: p.summary ?? '',
            themes: p.themes,
            note: p.note,
            starts: mapAnchor(p.starts, eventIds),
            ends: p.ends && mapAnchor(p.ends, eventIds),
          },
          at,
        );
      }
    }
    return eventIds;
  }
}

/** Pictures and clips: a plan file has no place for their files. */
function isMedia(kind: ItemKind): boolean {
  return kind === 'picture' || kind === 'clip';
}
