import { atomically, type Queryable } from './engine.js';
import type { PlanDetail, PlanItemLink, PlanState, PlanView } from '../protocol/plans.js';
import { PlanPartsRepository } from './plan-parts-repository.js';
import type { Actor } from './content-repository.js';

export interface ZoneRow {
  id: string;
  name: string;
  kind: string;
}

/** Why a plan cannot be stored, each with the path of the offending field. */
export class PlanConflict extends Error {
  constructor(readonly errors: { path: string; message: string }[]) {
    super(errors.map((e) => `${e.path}: ${e.message}`).join('; '));
  }
}

interface PlanRow {
  id: number;
  number: string;
  title: string;
  issuer: string;
  issued_on: string;
  place: string;
  signer_name: string;
  signer_position: string;
  note: string | null;
  time_zone: string;
  state: PlanState;
  document_id: number | null;
  created_at: string;
  updated_at: string;
  events: number;
  phases: number;
  items: number;
}

export interface PlanFields {
  number: string;
  title: string;
  issuer: string;
  issuedOn: string;
  place: string;
  signedBy: { name: string; position: string };
  note?: string | null | undefined;
}

export interface LinkPlace {
  section: string;
  campaignId: string | null;
  phaseId: string | null;
}

/**
 * Plans as rows: their document metadata, state, places and the items linked to them. Their
 * events, sections and phases are in PlanPartsRepository (`parts`); import and export of whole
 * plan files in plan-transfer.ts. Callers wrap changes in a transaction with their audit row.
 */
export class PlanRepository {
  readonly parts: PlanPartsRepository;

  constructor(private readonly q: Queryable) {
    this.parts = new PlanPartsRepository(q);
  }

  /** Each plan with how many events, phases and linked items it has. */
  private plans() {
    return this.q
      .selectFrom('plans as p')
      .selectAll('p')
      .select((eb) => [
        eb.selectFrom('events as e').select(eb.fn.countAll<number>().as('n')).whereRef('e.plan_id', '=', 'p.id').as('events'),
        eb.selectFrom('phases as ph').select(eb.fn.countAll<number>().as('n')).whereRef('ph.plan_id', '=', 'p.id').as('phases'),
        eb.selectFrom('plan_items as l').select(eb.fn.countAll<number>().as('n')).whereRef('l.plan_id', '=', 'p.id').as('items'),
      ]);
  }

  async listPlans(): Promise<PlanView[]> {
    return (await this.plans().orderBy('p.id').execute()).map((r) => toPlan(r as PlanRow));
  }

  async getPlan(id: number): Promise<PlanView | undefined> {
    const row = await this.plans().where('p.id', '=', id).executeTakeFirst();
    return row && toPlan(row as PlanRow);
  }

  async findByNumber(number: string): Promise<PlanView | undefined> {
    const row = await this.plans().where('p.number', '=', number.normalize('NFC')).executeTakeFirst();
    return row && toPlan(row as PlanRow);
  }

  async documentId(planId: number): Promise<number | null> {
    return (await this.q.selectFrom('plans').select('document_id').where('id', '=', planId).executeTakeFirst())?.document_id ?? null;
  }

  async timeZone(planId: number): Promise<string> {
    return (await this.q.selectFrom('plans').select('time_zone').where('id', '=', planId).executeTakeFirstOrThrow()).time_zone;
  }

  async createPlan(f: PlanFields, o: { state: PlanState; by: Actor | null; at: Date; timeZone: string; documentId: number | null }): Promise<number> {
    const now = o.at.toISOString();
    const { id } = await this.q
      .insertInto('plans')
      .values({
        number: f.number,
        title: f.title,
        issuer: f.issuer,
        issued_on: f.issuedOn,
        place: f.place,
        signer_name: f.signedBy.name,
        signer_position: f.signedBy.position,
        note: f.note ?? null,
        time_zone: o.timeZone,
        state: o.state,
        document_id: o.documentId,
        created_by: o.by?.id ?? null,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return id;
  }

  updatePlan(id: number, changes: Partial<PlanFields>, at: Date): Promise<PlanView> {
    return atomically(this.q, async (tx) => {
      const plans = new PlanRepository(tx);
      const current = (await plans.getPlan(id))!;
      const next = { ...current, ...changes };
      await tx
        .updateTable('plans')
        .set({
          number: next.number,
          title: next.title,
          issuer: next.issuer,
          issued_on: next.issuedOn,
          place: next.place,
          signer_name: next.signedBy.name,
          signer_position: next.signedBy.position,
          note: next.note ?? null,
          updated_at: at.toISOString(),
        })
        .where('id', '=', id)
        .execute();
      return (await plans.getPlan(id))!;
    });
  }

  setState(id: number, state: PlanState, at: Date): Promise<PlanView> {
    return atomically(this.q, async (tx) => {
      await tx.updateTable('plans').set({ state, updated_at: at.toISOString() }).where('id', '=', id).execute();
      return (await new PlanRepository(tx).getPlan(id))!;
    });
  }

  async detail(id: number): Promise<PlanDetail | undefined> {
    const plan = await this.getPlan(id);
    if (!plan) return undefined;
    return {
      plan,
      places: await this.places(id),
      events: await this.parts.planEvents(id),
      campaigns: await this.parts.planCampaigns(id),
      items: await this.linkedItems(id),
    };
  }

  // ---- places ----

  places(planId: number): Promise<ZoneRow[]> {
    return this.q
      .selectFrom('plan_places as pp')
      .innerJoin('zones as z', 'z.id', 'pp.zone_id')
      .select(['z.id', 'z.name', 'z.kind'])
      .where('pp.plan_id', '=', planId)
      .orderBy('pp.position')
      .execute();
  }

  setPlaces(planId: number, zoneIds: readonly string[]): Promise<void> {
    return atomically(this.q, async (tx) => {
      await tx.deleteFrom('plan_places').where('plan_id', '=', planId).execute();
      if (zoneIds.length === 0) return;
      await tx
        .insertInto('plan_places')
        .values(zoneIds.map((z, i) => ({ plan_id: planId, zone_id: z, position: i })))
        .onConflict((oc) => oc.doNothing())
        .execute();
    });
  }

  /** A plan's place becomes a zone when no zone has its id yet (zones are shared between plans). */
  async ensureZone(zone: ZoneRow): Promise<void> {
    await this.q
      .insertInto('zones')
      .values({ id: zone.id, name: zone.name, kind: zone.kind })
      .onConflict((oc) => oc.doNothing())
      .execute();
  }

  listZones(): Promise<ZoneRow[]> {
    return this.q.selectFrom('zones').select(['id', 'name', 'kind']).orderBy('id').execute();
  }

  async zoneExists(id: string): Promise<boolean> {
    return (await this.q.selectFrom('zones').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
  }

  // ---- item links ----

  async isLinked(planId: number, itemId: number): Promise<boolean> {
    const row = await this.q.selectFrom('plan_items').select('item_id').where('plan_id', '=', planId).where('item_id', '=', itemId).executeTakeFirst();
    return row !== undefined;
  }

  async link(planId: number, itemId: number, where: LinkPlace, by: Actor | null, at: Date): Promise<void> {
    await this.q
      .insertInto('plan_items')
      .values({
        plan_id: planId,
        item_id: itemId,
        section: where.section,
        campaign_id: where.campaignId,
        phase_id: where.phaseId,
        linked_by: by?.id ?? null,
        linked_at: at.toISOString(),
      })
      .execute();
  }

  async linkedItems(planId: number): Promise<PlanItemLink[]> {
    const rows = await this.q
      .selectFrom('plan_items as l')
      .innerJoin('content_items as i', 'i.id', 'l.item_id')
      .select((eb) => [
        'l.item_id',
        'i.key',
        'i.kind',
        'i.status',
        'l.section',
        'l.campaign_id',
        'l.phase_id',
        // The approved text, or the latest while none is approved.
        eb
          .selectFrom('content_revisions as r')
          .select('r.text')
          .where(
            'r.id',
            '=',
            eb.fn.coalesce('i.approved_revision_id', eb.selectFrom('content_revisions as last').select((inner) => inner.fn.max('last.id').as('id')).whereRef('last.item_id', '=', 'i.id')),
          )
          .as('text'),
      ])
      .where('l.plan_id', '=', planId)
      .orderBy('l.item_id')
      .execute();
    return rows.map((r) => ({
      itemId: r.item_id,
      key: r.key,
      kind: r.kind as PlanItemLink['kind'],
      text: r.text as string,
      status: r.status as PlanItemLink['status'],
      section: r.section,
      campaignId: r.campaign_id,
      phaseId: r.phase_id,
    }));
  }

  /** Plan ids (as strings, the compiler's plan names) per linked item. */
  async plansByItem(): Promise<Map<number, string[]>> {
    const out = new Map<number, string[]>();
    for (const r of await this.q.selectFrom('plan_items').select(['plan_id', 'item_id']).execute()) {
      const list = out.get(r.item_id) ?? [];
      list.push(String(r.plan_id));
      out.set(r.item_id, list);
    }
    return out;
  }

  /**
   * The đợt each linked item was put in: its phase, or every phase of its section. An item linked
   * to a whole plan anywhere is absent (it plays in whichever phases its validity overlaps).
   */
  async phasesByItem(): Promise<Map<number, string[]>> {
    const rows = await this.q
      .selectFrom('plan_items as l')
      .leftJoin('phases as ph', (join) => join.on('l.phase_id', 'is', null).onRef('ph.campaign_id', '=', 'l.campaign_id'))
      .select((eb) => ['l.item_id', eb.fn.coalesce('l.phase_id', 'ph.id').as('phase_id')])
      .execute();
    const wholePlan = new Set(rows.filter((r) => r.phase_id === null).map((r) => r.item_id));
    const out = new Map<number, string[]>();
    for (const r of rows) {
      if (r.phase_id === null || wholePlan.has(r.item_id)) continue;
      out.set(r.item_id, [...(out.get(r.item_id) ?? []), r.phase_id]);
    }
    return out;
  }

  /** Event ids an item may name: those of one plan, or of every plan. */
  async eventIds(planId: number | null): Promise<Set<string>> {
    let query = this.q.selectFrom('events').select('id');
    if (planId !== null) query = query.where('plan_id', '=', planId);
    return new Set((await query.execute()).map((r) => r.id));
  }
}

function toPlan(r: PlanRow): PlanView {
  return {
    id: r.id,
    number: r.number,
    title: r.title,
    issuer: r.issuer,
    issuedOn: r.issued_on,
    place: r.place,
    signedBy: { name: r.signer_name, position: r.signer_position },
    note: r.note,
    state: r.state,
    importedAt: r.created_at,
    updatedAt: r.updated_at,
    counts: { events: r.events, phases: r.phases, items: r.items },
  };
}
