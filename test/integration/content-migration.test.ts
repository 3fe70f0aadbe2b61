import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migration as m001 } from '../../server/db/migrations/001-plans-and-register.js';
import { migration as m002 } from '../../server/db/migrations/002-users-sessions-audit.js';
import { migrate } from '../../server/db/migrations/index.js';
import { databasePath } from '../../server/db/database.js';
import { openSqliteEngine } from '../../server/db/engine.js';
import { ContentRepository } from '../../server/db/content-repository.js';
import { PlanRepository } from '../../server/db/plan-repository.js';
import { PlanTransfer } from '../../server/db/plan-transfer.js';
import { loadPlanFile, SEED_PLAN_FILE } from '../../server/plans.js';

/** A database as schema 2 left it: the seed plan imported the way version 2 did, one item approved per row. */
function schema2Database(file = ':memory:'): Database.Database {
  const db = new Database(file);
  db.pragma('foreign_keys = ON');
  db.exec(m001.sql);
  db.exec(m002.sql);
  db.pragma('user_version = 2');
  const plan = loadPlanFile(SEED_PLAN_FILE);
  const at = '2020-02-18T01:00:00.000Z';
  const doc = db
    .prepare(`INSERT INTO plan_documents (number, title, issuer, issued_on, plan_json, plan_sha256, imported_at) VALUES (?, ?, ?, ?, ?, '', ?)`)
    .run(plan.document.number, plan.document.title, plan.document.issuer, plan.document.issuedOn, JSON.stringify(plan), at);
  for (const item of plan.items) {
    const id = db
      .prepare(
        `INSERT INTO content_items (key, kind, status, tags_json, source_document_id, source_section, created_at, updated_at)
         VALUES (?, ?, 'approved', ?, ?, ?, ?, ?)`,
      )
      .run(item.id, item.kind, JSON.stringify(item.tags), doc.lastInsertRowid, item.section, at, at).lastInsertRowid;
    const rev = db
      .prepare(`INSERT INTO content_revisions (item_id, revision, text, text_sha256, created_at) VALUES (?, 1, ?, '', ?)`)
      .run(id, item.text, at).lastInsertRowid;
    db.prepare('UPDATE content_items SET approved_revision_id = ? WHERE id = ?').run(rev, id);
  }
  return db;
}

describe('migration 3 carries the plan’s slogans forward', () => {
  it('keeps them approved and playable, authored by the plan, with events, places, validity and source', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'pano-schema2-'));
    schema2Database(databasePath(dataDir)).close();
    // Opening the file migrates it, as a server start does.
    const engine = openSqliteEngine(dataDir, { synchronous: 'NORMAL' });
    const db = engine.sqlite!;
    expect(db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(3);
    const content = new ContentRepository(engine.db);
    const plan = loadPlanFile(SEED_PLAN_FILE);
    expect((await content.listApprovedSlogans()).map((s) => s.key)).toEqual(plan.items.map((i) => i.id));
    const items = await content.listItems({});
    for (const planned of plan.items) {
      const item = items.find((i) => i.key === planned.id)!;
      expect(item.status).toBe('approved');
      expect(item.approved).toMatchObject({ number: 1, status: 'approved', createdBy: null, text: planned.text });
      expect(item.events).toEqual(planned.events);
      expect(item.places).toEqual(planned.places);
      expect(item.validFrom).toEqual(planned.validFrom ?? null);
      expect(item.validUntil).toEqual(planned.validUntil ?? null);
      expect(item.source).toEqual({ document: '38-KH/ĐU', issuer: plan.document.issuer, issuedOn: '2020-02-17', section: planned.section });
    }
    // The migrated register exports the plan it came from, unchanged.
    // As openStore does: the plan gets its events and phases from the JSON kept at import.
    const transfer = new PlanTransfer(engine.db, new PlanRepository(engine.db));
    expect(await transfer.adoptLegacyPlans(new Date())).toEqual([1]);
    expect(await transfer.exportPlan(1)).toEqual(plan);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    await engine.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('makes reviewed text and decisions unchangeable in the database itself', () => {
    const db = schema2Database();
    migrate(db);
    expect(() => db.prepare(`UPDATE content_revisions SET text = 'Sửa lén' WHERE id = 1`).run()).toThrow(/reviewed text is immutable/);
    expect(() => db.prepare('DELETE FROM content_revisions WHERE id = 1').run()).toThrow(/history/);
    db.prepare(`INSERT INTO content_revisions (item_id, revision, text, text_sha256, created_at) VALUES (1, 2, 'Nháp', '', '')`).run();
    expect(db.prepare(`UPDATE content_revisions SET text = 'Nháp sửa' WHERE revision = 2`).run().changes).toBe(1);
    db.prepare(`INSERT INTO content_decisions (item_id, revision_id, decision, actor, at) VALUES (1, 1, 'retire', 'x', '')`).run();
    expect(() => db.prepare(`UPDATE content_decisions SET reason = 'khác'`).run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM content_decisions').run()).toThrow(/append-only/);
    db.close();
  });
});
