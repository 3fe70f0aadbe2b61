import { atomically, type Queryable } from './engine.js';
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
import type { PlanEventView, PlanState } from '../protocol/plans.js';
import type { Item, ItemKind } from '../protocol/content.js';
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
    private readonly q: Queryable,
    private readonly plans: PlanRepository,
  ) {
    this.content = new ContentRepository(q);
  }

  /**
   * Stores a validated plan with its places, sections, events, phases and items, all or nothing;
   * call inside the transaction that writes the audit row. Keys the file uses are kept for export;
   * ids that another plan already uses get the "-p<plan>" suffix. An item whose key is in the
   * register with the same text is linked (one item, one approval); with another text it becomes
   * a new item under a free key.
   */
  importPlan(plan: Plan, o: { by: Actor | null; at: Date; state: PlanState }): Promise<ImportResult> {
    return atomically(this.q, (tx) => new PlanTransfer(tx, new PlanRepository(tx)).importOn(plan, o));
  }

  private async importOn(plan: Plan, o: { by: Actor | null; at: Date; state: PlanState }): Promise<ImportResult> {
    if (await this.plans.findByNumber(plan.document.number)) {
      throw new PlanConflict([{ path: 'document.number', message: `Kế hoạch số ${plan.document.number} đã có trong Pano` }]);
    }
    const json = JSON.stringify(plan);
    const { id: documentId } = await this.q
      .insertInto('plan_documents')
      .values({
        number: plan.document.number,
        title: plan.document.title,
        issuer: plan.document.issuer,
        issued_on: plan.document.issuedOn,
        plan_json: json,
        plan_sha256: sha256(json),
        imported_at: o.at.toISOString(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const planId = await this.plans.createPlan(plan.document, { state: o.state, by: o.by, at: o.at, timeZone: plan.timeZone, documentId });
    for (const place of plan.places) await this.plans.ensureZone(place);
    await this.plans.setPlaces(planId, plan.places.map((p) => p.id));
    const eventIds = await this.storeStructure(planId, plan.events, plan.campaigns, o.at);

    let items = 0;
    let linked = 0;
    for (const item of plan.items) {
      const existing = await this.content.findByKey(item.id);
      const sameText = existing && (existing.approved ?? existing.latest).text === item.text && existing.kind === item.kind;
      const where = { section: item.section, campaignId: null, phaseId: null };
      if (existing && sameText) {
        await this.plans.link(planId, existing.id, where, o.by, o.at);
        linked++;
        continue;
      }
      const id = await this.content.create(
        {
          key: await this.content.freeKey(item.id),
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
      await this.plans.link(planId, id, where, o.by, o.at);
      items++;
    }
    return { imported: true, planId, items, linked };
  }

  /**
   * Plans imported through the API before plans had rows of their own lost their events and
   * phases; migration 10 marked them, and this stores them from the JSON kept at import, moving
   * their items' references to the ids the events get. Runs at every open; does nothing after.
   */
  adoptLegacyPlans(at: Date): Promise<number[]> {
    return atomically(this.q, async (tx) => {
      const transfer = new PlanTransfer(tx, new PlanRepository(tx));
      const pending = await tx
        .selectFrom('plans as p')
        .innerJoin('plan_documents as d', 'd.id', 'p.document_id')
        .select(['p.id', 'd.plan_json'])
        .where('p.legacy_pending', '=', 1)
        .execute();
      for (const row of pending) {
        const plan = JSON.parse(row.plan_json) as Plan;
        const eventIds = await transfer.storeStructure(row.id, plan.events, plan.campaigns, at);
        const items = await tx
          .selectFrom('content_items as i')
          .innerJoin('plan_items as l', 'l.item_id', 'i.id')
          .select(['i.id', 'i.events_json', 'i.valid_from_json', 'i.valid_until_json'])
          .where('l.plan_id', '=', row.id)
          .execute();
        const anchor = (json: string | null) => (json === null ? null : JSON.stringify(mapAnchor(JSON.parse(json) as Anchor, eventIds)));
        for (const it of items) {
          const events = (JSON.parse(it.events_json) as string[]).map((e) => eventIds.get(e) ?? e);
          await tx
            .updateTable('content_items')
            .set({ events_json: JSON.stringify(events), valid_from_json: anchor(it.valid_from_json), valid_until_json: anchor(it.valid_until_json) })
            .where('id', '=', it.id)
            .execute();
        }
        await tx.updateTable('plans').set({ legacy_pending: 0 }).where('id', '=', row.id).execute();
      }
      return pending.map((p) => p.id);
    });
  }

  /**
   * The plan as Pano now holds it, in the file format: its metadata, places, events (dates as
   * moved since), sections and phases under their keys, and the linked items that are approved
   * and not retired, in their approved text. An anchor to another plan's event is written as the
   * date it resolves to; an item's place that is not one of the plan's places is left out.
   * Pictures and clips are left out: the file format carries text, not files (`mediaLeftOut`).
   */
  async exportPlan(planId: number): Promise<Plan | undefined> {
    const view = await this.plans.getPlan(planId);
    if (!view) return undefined;
    const events = await this.plans.parts.planEvents(planId);
    const keyOf = new Map(events.map((e) => [e.id, e.key]));
    // Events of other plans that anchors name, read before the synchronous mapping below.
    const foreignEvents = new Map<string, PlanEventView | undefined>();
    const foreignOf = async (a: Anchor | null | undefined) => {
      if (a && 'event' in a && !keyOf.has(a.event) && !foreignEvents.has(a.event)) foreignEvents.set(a.event, await this.plans.parts.findEvent(a.event));
    };
    const anchorOut = (a: Anchor | null | undefined): Anchor | undefined => {
      if (!a) return undefined;
      if (!('event' in a)) return a;
      const key = keyOf.get(a.event);
      if (key) return { ...a, event: key };
      const foreign = foreignEvents.get(a.event);
      const at = foreign && resolveAnchor([foreign], a);
      return at ? { date: at.slice(0, 10) } : undefined;
    };
    const places = (await this.plans.places(planId)).filter((z) => PLACE_KINDS.includes(z.kind)) as Place[];
    const placeIds = new Set(places.map((p) => p.id));
    const planCampaigns = await this.plans.parts.planCampaigns(planId);
    for (const p of planCampaigns.flatMap((c) => c.phases)) {
      await foreignOf(p.starts);
      await foreignOf(p.ends);
    }
    const links = new Map((await this.plans.linkedItems(planId)).map((l) => [l.itemId, l]));
    const linkedItems = new Map<number, Item | undefined>();
    for (const id of links.keys()) {
      const item = await this.content.getItem(id);
      linkedItems.set(id, item);
      await foreignOf(item?.validFrom);
      await foreignOf(item?.validUntil);
    }
    const campaigns: Campaign[] = planCampaigns.map((c) => ({
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
    const items = [...links.keys()].flatMap((id): PlanItem[] => {
      const item = linkedItems.get(id);
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
      timeZone: await this.plans.timeZone(planId),
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
  async mediaLeftOut(planId: number): Promise<number> {
    let count = 0;
    for (const l of await this.plans.linkedItems(planId)) {
      const item = await this.content.getItem(l.itemId);
      if (item !== undefined && item.status === 'approved' && item.approved !== null && isMedia(item.kind)) count++;
    }
    return count;
  }

  /** Sections, events and phases of a plan file; returns its event keys → ids. */
  private async storeStructure(planId: number, events: readonly PlanEvent[], campaigns: readonly Campaign[], at: Date): Promise<Map<string, string>> {
    const parts = this.plans.parts;
    const eventIds = new Map<string, string>();
    for (const e of events) {
      eventIds.set(e.id, (await parts.createEvent(planId, { key: e.id, name: e.name, kind: e.kind, opens: e.opens, closes: e.closes, dateSource: e.dateSource, note: e.note }, at)).id);
    }
    for (const c of campaigns) {
      const campaignId = await parts.createCampaign(planId, { key: c.id, section: c.section, title: c.title, note: c.note }, at);
      for (const p of c.phases) {
        await parts.createPhase(
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
