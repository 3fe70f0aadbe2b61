import type { Db } from './database.js';
import { PlanSchema, type Plan, type PlanItem } from '../protocol/plan.js';
import type { PlanSummary } from '../protocol/content.js';
import { ContentRepository, sha256, type Actor } from './content-repository.js';

export interface ImportResult {
  imported: boolean;
  documentId: number;
  items: number;
}

export interface ZoneRow {
  id: string;
  name: string;
  kind: string;
}

/** Why a plan cannot be imported, each with the path of the offending field in the plan. */
export class PlanConflict extends Error {
  constructor(readonly errors: { path: string; message: string }[]) {
    super(errors.map((e) => `${e.path}: ${e.message}`).join('; '));
  }
}

interface DocumentRow {
  id: number;
  number: string;
  title: string;
  issuer: string;
  issued_on: string;
  plan_json: string;
  imported_at: string;
}

/** Section of items added in the register rather than taken from a section of the document. */
const REGISTER_SECTION = 'Sổ đăng ký';

/** Writes a validated plan: its document, its places as zones, its items as register content. */
export class PlanRepository {
  private readonly content: ContentRepository;

  constructor(private readonly db: Db) {
    this.content = new ContentRepository(db);
  }

  /**
   * The shipped seed plan, as approved content (the committee signed the document itself).
   * Idempotent: a plan whose document number is already stored is left as it is, so a restart
   * never duplicates items or undoes decisions taken since the first import.
   */
  importPlan(plan: Plan, now: Date = new Date()): ImportResult {
    return this.db.transaction((): ImportResult => {
      const existing = this.findDocument(plan.document.number);
      if (existing) return { imported: false, documentId: existing.id, items: 0 };
      const documentId = this.insertDocument(plan, now);
      for (const item of plan.items) this.content.create(this.newItem(plan, item, documentId), null, now, 'approved');
      return { imported: true, documentId, items: plan.items.length };
    })();
  }

  /**
   * A plan uploaded by a person: all or nothing, and its items arrive submitted by the importer,
   * so someone else must approve each before it reaches a screen. Call inside the transaction
   * that also writes the audit row; throws PlanConflict listing every clash with stored data.
   */
  importForReview(plan: Plan, by: Actor, now: Date): ImportResult {
    const errors: { path: string; message: string }[] = [];
    if (this.findDocument(plan.document.number)) {
      errors.push({ path: 'document.number', message: `Kế hoạch số ${plan.document.number} đã được nhập` });
    }
    plan.items.forEach((item, i) => {
      if (this.content.keyExists(item.id)) errors.push({ path: `items.${i}.id`, message: `Mã mục "${item.id}" đã có trong sổ đăng ký` });
    });
    if (errors.length) throw new PlanConflict(errors);
    const documentId = this.insertDocument(plan, now);
    for (const item of plan.items) this.content.create(this.newItem(plan, item, documentId), by, now, 'submitted');
    return { imported: true, documentId, items: plan.items.length };
  }

  /**
   * The plan as the register now holds it, in the plan file format: the stored document, places,
   * events and campaigns, with the items that are approved and not retired, in their approved text.
   */
  exportPlan(documentId: number): Plan | undefined {
    const doc = this.db.prepare<[number], DocumentRow>('SELECT * FROM plan_documents WHERE id = ?').get(documentId);
    if (!doc) return undefined;
    const stored = JSON.parse(doc.plan_json) as Plan;
    const items = this.db
      .prepare<[number], { id: number }>(
        `SELECT id FROM content_items WHERE source_document_id = ? AND status = 'approved' AND approved_revision_id IS NOT NULL ORDER BY id`,
      )
      .all(documentId)
      .map(({ id }): PlanItem => {
        const item = this.content.getItem(id)!;
        const revision = item.approved!;
        const common = {
          id: item.key,
          section: item.source.section || REGISTER_SECTION,
          tags: item.tags as PlanItem['tags'],
          celebratory: item.celebratory,
          events: item.events,
          places: item.places,
          ...(item.validFrom ? { validFrom: item.validFrom } : {}),
          ...(item.validUntil ? { validUntil: item.validUntil } : {}),
        };
        return item.kind === 'message'
          ? { kind: 'message', title: revision.title ?? '', text: revision.text, ...common }
          : { kind: 'slogan', text: revision.text, ...common };
      });
    // Validated on the way out too: an export must import again.
    return PlanSchema.parse({ ...stored, items });
  }

  listPlans(): PlanSummary[] {
    return this.db
      .prepare<[], DocumentRow>('SELECT * FROM plan_documents ORDER BY id')
      .all()
      .map((d) => ({ id: d.id, number: d.number, title: d.title, issuer: d.issuer, issuedOn: d.issued_on, importedAt: d.imported_at }));
  }

  findDocument(number: string): PlanSummary | undefined {
    return this.listPlans().find((p) => p.number === number);
  }

  /** Event ids an item may refer to: those of its plan document, or of any stored plan. */
  eventIds(documentId: number | null): Set<string> {
    const rows = this.db
      .prepare<[number | null, number | null], { plan_json: string }>('SELECT plan_json FROM plan_documents WHERE ? IS NULL OR id = ?')
      .all(documentId, documentId);
    return new Set(rows.flatMap((r) => (JSON.parse(r.plan_json) as Plan).events.map((e) => e.id)));
  }

  listZones(): ZoneRow[] {
    return this.db.prepare<[], ZoneRow>('SELECT id, name, kind FROM zones ORDER BY id').all();
  }

  zoneExists(id: string): boolean {
    return this.db.prepare('SELECT 1 FROM zones WHERE id = ?').get(id) !== undefined;
  }

  private insertDocument(plan: Plan, now: Date): number {
    const json = JSON.stringify(plan);
    const doc = this.db
      .prepare(
        `INSERT INTO plan_documents (number, title, issuer, issued_on, plan_json, plan_sha256, imported_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(plan.document.number, plan.document.title, plan.document.issuer, plan.document.issuedOn, json, sha256(json), now.toISOString());
    const insertZone = this.db.prepare('INSERT OR IGNORE INTO zones (id, name, kind) VALUES (?, ?, ?)');
    for (const place of plan.places) insertZone.run(place.id, place.name, place.kind);
    return Number(doc.lastInsertRowid);
  }

  private newItem(plan: Plan, item: PlanItem, documentId: number) {
    return {
      key: item.id,
      kind: item.kind,
      text: item.text,
      title: item.kind === 'message' ? item.title : null,
      tags: item.tags,
      celebratory: item.celebratory,
      events: item.events,
      places: item.places,
      validFrom: item.validFrom,
      validUntil: item.validUntil,
      source: { document: plan.document.number, issuer: plan.document.issuer, issuedOn: plan.document.issuedOn, section: item.section },
      sourceDocumentId: documentId,
    };
  }
}
