import { createHash } from 'node:crypto';
import type { Db } from './database.js';
import type { Plan } from '../protocol/plan.js';

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

/** Writes a validated plan: its document, its places as zones, its items as approved content. */
export class PlanRepository {
  constructor(private readonly db: Db) {}

  /**
   * Idempotent: a plan whose document number is already stored is left as it is, so a restart
   * never duplicates items or undoes decisions taken since the first import.
   */
  importPlan(plan: Plan, now: Date = new Date()): ImportResult {
    return this.db.transaction((): ImportResult => {
      const existing = this.db
        .prepare<[string], { id: number }>('SELECT id FROM plan_documents WHERE number = ?')
        .get(plan.document.number);
      if (existing) return { imported: false, documentId: existing.id, items: 0 };

      const json = JSON.stringify(plan);
      const at = now.toISOString();
      const doc = this.db
        .prepare(
          `INSERT INTO plan_documents (number, title, issuer, issued_on, plan_json, plan_sha256, imported_at)
           VALUES (?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(plan.document.number, plan.document.title, plan.document.issuer, plan.document.issuedOn, json, sha256(json), at);
      const documentId = Number(doc.lastInsertRowid);

      const insertZone = this.db.prepare('INSERT OR IGNORE INTO zones (id, name, kind) VALUES (?, ?, ?)');
      for (const place of plan.places) insertZone.run(place.id, place.name, place.kind);

      const insertItem = this.db.prepare(
        `INSERT INTO content_items (key, kind, status, tags_json, source_document_id, source_section, created_at, updated_at)
         VALUES (?, ?, 'approved', ?, ?, ?, ?, ?)`,
      );
      const insertRevision = this.db.prepare(
        `INSERT INTO content_revisions (item_id, revision, text, title, text_sha256, created_at) VALUES (?, 1, ?, ?, ?, ?)`,
      );
      const approve = this.db.prepare('UPDATE content_items SET approved_revision_id = ? WHERE id = ?');
      for (const item of plan.items) {
        const itemId = Number(
          insertItem.run(item.id, item.kind, JSON.stringify(item.tags), documentId, item.section, at, at).lastInsertRowid,
        );
        const title = item.kind === 'message' ? item.title : null;
        const rev = insertRevision.run(itemId, item.text, title, sha256(item.text), at);
        approve.run(Number(rev.lastInsertRowid), itemId);
      }
      return { imported: true, documentId, items: plan.items.length };
    })();
  }

  listZones(): ZoneRow[] {
    return this.db.prepare<[], ZoneRow>('SELECT id, name, kind FROM zones ORDER BY id').all();
  }

  zoneExists(id: string): boolean {
    return this.db.prepare('SELECT 1 FROM zones WHERE id = ?').get(id) !== undefined;
  }
}

function sha256(s: string): string {
  return createHash('sha256').update(s, 'utf8').digest('hex');
}
