import type { Db } from './database.js';
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

const PLAN_SELECT = `
  SELECT p.*,
    (SELECT COUNT(*) FROM events e WHERE e.plan_id = p.id) AS events,
    (SELECT COUNT(*) FROM phases ph WHERE ph.plan_id = p.id) AS phases,
    (SELECT COUNT(*) FROM plan_items l WHERE l.plan_id = p.id) AS items
  FROM plans p`;

/**
 * Plans as rows: their document metadata, state, places and the items linked to them. Their
 * events, sections and phases are in PlanPartsRepository (`parts`); import and export of whole
 * plan files in plan-transfer.ts. Callers wrap changes in a transaction with their audit row.
 */
export class PlanRepository {
  readonly parts: PlanPartsRepository;

  constructor(private readonly db: Db) {
    this.parts = new PlanPartsRepository(db);
  }

  listPlans(): PlanView[] {
    return this.db.prepare<[], PlanRow>(`${PLAN_SELECT} ORDER BY p.id`).all().map(toPlan);
  }

  getPlan(id: number): PlanView | undefined {
    const row = this.db.prepare<[number], PlanRow>(`${PLAN_SELECT} WHERE p.id = ?`).get(id);
    return row && toPlan(row);
  }

  findByNumber(number: string): PlanView | undefined {
    const row = this.db.prepare<[string], PlanRow>(`${PLAN_SELECT} WHERE p.number = ?`).get(number.normalize('NFC'));
    return row && toPlan(row);
  }

  documentId(planId: number): number | null {
    return this.db.prepare<[number], { document_id: number | null }>('SELECT document_id FROM plans WHERE id = ?').get(planId)?.document_id ?? null;
  }

  timeZone(planId: number): string {
    return this.db.prepare<[number], { time_zone: string }>('SELECT time_zone FROM plans WHERE id = ?').get(planId)!.time_zone;
  }

  createPlan(f: PlanFields, o: { state: PlanState; by: Actor | null; at: Date; timeZone: string; documentId: number | null }): number {
    const now = o.at.toISOString();
    return Number(
      this.db
        .prepare(
          `INSERT INTO plans (number, title, issuer, issued_on, place, signer_name, signer_position, note, time_zone, state, document_id,
             created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          f.number,
          f.title,
          f.issuer,
          f.issuedOn,
          f.place,
          f.signedBy.name,
          f.signedBy.position,
          f.note ?? null,
          o.timeZone,
          o.state,
          o.documentId,
          o.by?.id ?? null,
          now,
          now,
        ).lastInsertRowid,
    );
  }

  updatePlan(id: number, changes: Partial<PlanFields>, at: Date): PlanView {
    const current = this.getPlan(id)!;
    const next = { ...current, ...changes };
    this.db
      .prepare(
        `UPDATE plans SET number = ?, title = ?, issuer = ?, issued_on = ?, place = ?, signer_name = ?, signer_position = ?, note = ?,
           updated_at = ? WHERE id = ?`,
      )
      .run(next.number, next.title, next.issuer, next.issuedOn, next.place, next.signedBy.name, next.signedBy.position, next.note ?? null, at.toISOString(), id);
    return this.getPlan(id)!;
  }

  setState(id: number, state: PlanState, at: Date): PlanView {
    this.db.prepare('UPDATE plans SET state = ?, updated_at = ? WHERE id = ?').run(state, at.toISOString(), id);
    return this.getPlan(id)!;
  }

  detail(id: number): PlanDetail | undefined {
    const plan = this.getPlan(id);
    if (!plan) return undefined;
    return {
      plan,
      places: this.places(id),
      events: this.parts.planEvents(id),
      campaigns: this.parts.planCampaigns(id),
      items: this.linkedItems(id),
    };
  }

  // ---- places ----

  places(planId: number): ZoneRow[] {
    return this.db
      .prepare<[number], ZoneRow>('SELECT z.id, z.name, z.kind FROM plan_places pp JOIN zones z ON z.id = pp.zone_id WHERE pp.plan_id = ? ORDER BY pp.position')
      .all(planId);
  }

  setPlaces(planId: number, zoneIds: readonly string[]): void {
    this.db.prepare('DELETE FROM plan_places WHERE plan_id = ?').run(planId);
    const insert = this.db.prepare('INSERT OR IGNORE INTO plan_places (plan_id, zone_id, position) VALUES (?, ?, ?)');
    zoneIds.forEach((z, i) => insert.run(planId, z, i));
  }

  /** A plan's place becomes a zone when no zone has its id yet (zones are shared between plans). */
  ensureZone(zone: ZoneRow): void {
    this.db.prepare('INSERT OR IGNORE INTO zones (id, name, kind) VALUES (?, ?, ?)').run(zone.id, zone.name, zone.kind);
  }

  listZones(): ZoneRow[] {
    return this.db.prepare<[], ZoneRow>('SELECT id, name, kind FROM zones ORDER BY id').all();
  }

  zoneExists(id: string): boolean {
    return this.db.prepare('SELECT 1 FROM zones WHERE id = ?').get(id) !== undefined;
  }

  // ---- item links ----

  isLinked(planId: number, itemId: number): boolean {
    return this.db.prepare('SELECT 1 FROM plan_items WHERE plan_id = ? AND item_id = ?').get(planId, itemId) !== undefined;
  }

  link(planId: number, itemId: number, where: LinkPlace, by: Actor | null, at: Date): void {
    this.db
      .prepare(
        `INSERT INTO plan_items (plan_id, item_id, section, campaign_id, phase_id, linked_by, linked_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(planId, itemId, where.section, where.campaignId, where.phaseId, by?.id ?? null, at.toISOString());
  }

  linkedItems(planId: number): PlanItemLink[] {
    return this.db
      .prepare<[number], { item_id: number; key: string; kind: PlanItemLink['kind']; status: PlanItemLink['status']; text: string; section: string; campaign_id: string | null; phase_id: string | null }>(
        `SELECT l.item_id, i.key, i.kind, i.status, l.section, l.campaign_id, l.phase_id,
                (SELECT text FROM content_revisions r WHERE r.id = COALESCE(i.approved_revision_id,
                   (SELECT MAX(id) FROM content_revisions WHERE item_id = i.id))) AS text
         FROM plan_items l JOIN content_items i ON i.id = l.item_id WHERE l.plan_id = ? ORDER BY l.item_id`,
      )
      .all(planId)
      .map((r) => ({ itemId: r.item_id, key: r.key, kind: r.kind, text: r.text, status: r.status, section: r.section, campaignId: r.campaign_id, phaseId: r.phase_id }));
  }

  /** Plan ids (as strings, the compiler's plan names) per linked item. */
  plansByItem(): Map<number, string[]> {
    const out = new Map<number, string[]>();
    for (const r of this.db.prepare<[], { plan_id: number; item_id: number }>('SELECT plan_id, item_id FROM plan_items').all()) {
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
  phasesByItem(): Map<number, string[]> {
    const rows = this.db
      .prepare<[], { item_id: number; phase_id: string | null }>(
        `SELECT l.item_id, COALESCE(l.phase_id, ph.id) AS phase_id
           FROM plan_items l LEFT JOIN phases ph ON l.phase_id IS NULL AND ph.campaign_id = l.campaign_id`,
      )
      .all();
    const wholePlan = new Set(rows.filter((r) => r.phase_id === null).map((r) => r.item_id));
    const out = new Map<number, string[]>();
    for (const r of rows) {
      if (r.phase_id === null || wholePlan.has(r.item_id)) continue;
      out.set(r.item_id, [...(out.get(r.item_id) ?? []), r.phase_id]);
    }
    return out;
  }

  /** Event ids an item may name: those of one plan, or of every plan. */
  eventIds(planId: number | null): Set<string> {
    const rows = this.db.prepare<[number | null, number | null], { id: string }>('SELECT id FROM events WHERE ? IS NULL OR plan_id = ?').all(planId, planId);
    return new Set(rows.map((r) => r.id));
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
