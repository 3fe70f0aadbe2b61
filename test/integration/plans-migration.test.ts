import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migration as m001 } from '../../server/db/migrations/001-plans-and-register.js';
import { migration as m002 } from '../../server/db/migrations/002-users-sessions-audit.js';
import { migration as m003 } from '../../server/db/migrations/003-content-register.js';
import { migration as m004 } from '../../server/db/migrations/004-print-jobs.js';
import { migration as m005 } from '../../server/db/migrations/005-scheduling.js';
import { migration as m006 } from '../../server/db/migrations/006-displays.js';
import { migration as m007 } from '../../server/db/migrations/007-photos.js';
import { migration as m008 } from '../../server/db/migrations/008-print-artworks.js';
import { migration as m009 } from '../../server/db/migrations/009-print-approval.js';
import { openStore } from '../../server/store.js';
import { loadPlanFile, SEED_PLAN_FILE } from '../../server/plans.js';
import type { Plan } from '../../server/protocol/plan.js';

let dir: string | undefined;
afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

/**
 * An installation as version 9 left it: the seed imported approved by nobody, its events and
 * phases in the global tables, one seed slogan re-approved later by a person, and a second plan
 * imported through the API whose events were dropped (its item still names its event's key).
 */
function version9(dataDir: string): void {
  const db = new Database(path.join(dataDir, 'pano.sqlite3'));
  db.pragma('foreign_keys = ON');
  for (const m of [m001, m002, m003, m004, m005, m006, m007, m008, m009]) db.exec(m.sql);
  db.pragma('user_version = 9');
  const seed = loadPlanFile(SEED_PLAN_FILE);
  const at = '2020-02-18T01:00:00.000Z';
  const doc = (plan: Plan) =>
    Number(
      db
        .prepare(`INSERT INTO plan_documents (number, title, issuer, issued_on, plan_json, plan_sha256, imported_at) VALUES (?, ?, ?, ?, ?, '', ?)`)
        .run(plan.document.number, plan.document.title, plan.document.issuer, plan.document.issuedOn, JSON.stringify(plan), at).lastInsertRowid,
    );
  const seedId = doc(seed);
  for (const p of seed.places) db.prepare('INSERT INTO zones (id, name, kind) VALUES (?, ?, ?)').run(p.id, p.name, p.kind);
  const item = (key: string, text: string, documentId: number, status: 'approved' | 'submitted', events: string[] = []) => {
    const id = Number(
      db
        .prepare(
          `INSERT INTO content_items (key, kind, status, tags_json, events_json, source_document_id, source_number, created_at, updated_at)
           VALUES (?, 'slogan', ?, '[]', ?, ?, (SELECT number FROM plan_documents WHERE id = ?), ?, ?)`,
        )
        .run(key, status, JSON.stringify(events), documentId, documentId, at, at).lastInsertRowid,
    );
    const rev = Number(
      db.prepare(`INSERT INTO content_revisions (item_id, revision, text, text_sha256, status, created_at) VALUES (?, 1, ?, '', ?, ?)`).run(id, text, status, at).lastInsertRowid,
    );
    if (status === 'approved') db.prepare('UPDATE content_items SET approved_revision_id = ? WHERE id = ?').run(rev, id);
    return { id, rev };
  };
  for (const it of seed.items) item(it.id, it.text, seedId, 'approved', it.events);
  // 'renewal' was edited and its revision 2 approved by a person.
  const user = Number(db.prepare(`INSERT INTO users (username, display_name, roles_json, created_at, updated_at) VALUES ('duyet', 'Duyệt', '["approver"]', ?, ?)`).run(at, at).lastInsertRowid);
  const renewal = db.prepare<[], { id: number }>(`SELECT id FROM content_items WHERE key = 'renewal'`).get()!.id;
  const rev2 = Number(
    db.prepare(`INSERT INTO content_revisions (item_id, revision, text, text_sha256, status, created_at) VALUES (?, 2, 'Đổi mới, sáng tạo, vì dân', '', 'approved', ?)`).run(renewal, at).lastInsertRowid,
  );
  db.prepare('UPDATE content_items SET approved_revision_id = ? WHERE id = ?').run(rev2, renewal);
  db.prepare(`INSERT INTO content_decisions (item_id, revision_id, decision, user_id, actor, at) VALUES (?, ?, 'approve', ?, 'duyet', ?)`).run(renewal, rev2, user, at);
  // Events and phases as version 5's seedFromPlan copied them.
  for (const e of seed.events) {
    db.prepare(`INSERT INTO events (id, name, kind, opens, closes, date_source, note, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`).run(e.id, e.name, e.kind, e.opens, e.closes, e.dateSource, e.note ?? null, at);
  }
  seed.campaigns.forEach((c, ci) =>
    c.phases.forEach((p, pi) =>
      db
        .prepare(`INSERT INTO phases (id, campaign_id, label, position, starts_json, ends_json, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)`)
        .run(p.id, c.id, `${c.section} ${p.title}`, ci * 100 + pi, JSON.stringify(p.starts), p.ends ? JSON.stringify(p.ends) : null, at),
    ),
  );
  const second: Plan = { ...seed, document: { ...seed.document, number: '52-KH/ĐU' }, items: [{ ...seed.items[2]!, id: 'p52-greet' }] };
  item('p52-greet', seed.items[2]!.text, doc(second), 'submitted', seed.items[2]!.events);
  db.close();
}

describe('migration 10 on an installation of version 9', () => {
  it('gives plans rows, keeps the seed’s ids, adopts the lost events of later plans and withdraws approvals no person gave', async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'pano-m10-'));
    version9(dir);
    const store = await openStore(dir, 'NORMAL');
    try {
      const seed = loadPlanFile(SEED_PLAN_FILE);
      const [first, second] = await store.plans.listPlans();
      expect([first!.number, first!.state, second!.number, second!.state]).toEqual(['38-KH/ĐU', 'active', '52-KH/ĐU', 'active']);
      // The seed's events and phases are its own, under the ids every anchor already used.
      expect((await store.plans.parts.planEvents(first!.id)).map((e) => e.id).sort()).toEqual(seed.events.map((e) => e.id).sort());
      expect((await store.plans.parts.planPhases(first!.id)).map((p) => [p.id, p.number, p.themes.length > 0])).toEqual(
        seed.campaigns.flatMap((c) => c.phases.map((p) => [p.id, p.number, true])),
      );
      // The second plan's events came back, renamed where the seed had the key, and its item follows.
      const events = await store.plans.parts.planEvents(second!.id);
      expect(events.map((e) => e.id).sort()).toEqual(seed.events.map((e) => `${e.id}-p${second!.id}`).sort());
      expect(events.map((e) => e.key).sort()).toEqual(seed.events.map((e) => e.id).sort());
      const greet = (await store.content.findByKey('p52-greet'))!;
      expect(greet.events).toEqual(seed.items[2]!.events.map((e) => `${e}-p${second!.id}`));
      // Nothing approved by nobody: back to submitted, with the reason in the audit log.
      const items = await store.content.listItems({ source: '38-KH/ĐU' });
      expect(items.filter((i) => i.status === 'approved').map((i) => [i.key, i.approved!.number])).toEqual([['renewal', 2]]);
      expect(items.filter((i) => i.key !== 'renewal').every((i) => i.status === 'submitted' && i.approved === null)).toBe(true);
      const rows = (await store.audit.search({ limit: 50 })).filter((r) => r.action === 'item.approval-withdrawn');
      expect(rows).toHaveLength(1);
      expect(rows[0]!.after_json).toContain('không do người nào duyệt');
      expect(store.engine.sqlite!.pragma('foreign_key_check')).toEqual([]);
    } finally {
      await store.close();
    }
    // A second open changes nothing more.
    const again = await openStore(dir, 'NORMAL');
    try {
      expect(again.seed).toBeUndefined();
      expect((await again.audit.search({ limit: 50 })).filter((r) => ['item.approval-withdrawn', 'plan.adopt'].includes(r.action))).toHaveLength(2);
    } finally {
      await again.close();
    }
  });
});
