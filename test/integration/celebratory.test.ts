import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app.js';
import { TimelineSchema } from '../../server/protocol/timeline.js';
import type { PlanInput } from '../../server/protocol/plan.js';
import { SEED_PLAN_FILE } from '../../server/plans.js';
import { databasePath } from '../../server/db/database.js';
import { openSqliteEngine } from '../../server/db/engine.js';
import { ContentRepository } from '../../server/db/content-repository.js';
import { migration as m001 } from '../../server/db/migrations/001-plans-and-register.js';
import { migration as m002 } from '../../server/db/migrations/002-users-sessions-audit.js';
import { migration as m003 } from '../../server/db/migrations/003-content-register.js';
import { migration as m004 } from '../../server/db/migrations/004-print-jobs.js';
import { migration as m005 } from '../../server/db/migrations/005-scheduling.js';
import { migration as m006 } from '../../server/db/migrations/006-displays.js';
import { migration as m007 } from '../../server/db/migrations/007-photos.js';
import { migration as m008 } from '../../server/db/migrations/008-print-artworks.js';
import { migration as m009 } from '../../server/db/migrations/009-print-approval.js';

const app = useTestApp({ operator: ['van-hanh', ['operator']], approver: ['duyet', ['approver']] });

/** A greeting an operator tagged only "Dùng quanh năm": the case that kept playing at the gate (issue 12 B7). */
const GREETING = 'Mừng Đảng, mừng Xuân, mừng đất nước đổi mới!';

async function playingSoon(zone: string): Promise<{ template: string; texts: string[] }> {
  const res = await app.operator.get(`/api/zones/${zone}/timeline?from=${encodeURIComponent(new Date().toISOString())}&days=2`);
  const t = TimelineSchema.parse(await res.json());
  const at = Date.now() + 60_000;
  const interval = t.intervals.find((i) => Date.parse(i.start) <= at && at < Date.parse(i.end))!;
  return { template: interval.template, texts: interval.playlist.map((p) => p.text) };
}

describe('celebratory nature is stated on every item, and mourning decides on it', () => {
  it('a proposal without it is refused with a message that says what it decides; nothing is stored', async () => {
    const before = ((await app.operator.json<{ items: unknown[] }>('/api/items')).items).length;
    const res = await app.operator.post('/api/items', { kind: 'slogan', text: GREETING, tags: ['evergreen'] });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { errors: { path: string; message: string }[] };
    expect(body.errors.map((e) => e.path)).toEqual(['body.celebratory']);
    expect(body.errors[0]!.message).toContain('quốc tang');
    expect(((await app.operator.json<{ items: unknown[] }>('/api/items')).items).length).toBe(before);
  });

  it('a plan file must state it for each item, and agree with a legacy "celebratory" tag', async () => {
    const seed = JSON.parse(readFileSync(SEED_PLAN_FILE, 'utf8')) as PlanInput;
    const items: Record<string, unknown>[] = seed.items.slice(0, 2).map((it) => ({ ...it, id: `p99-${it.id}` }));
    delete items[0]!.celebratory;
    items[1]!.celebratory = false;
    const plan = { ...seed, document: { ...seed.document, number: '99-KH/ĐU' }, items };
    const res = await app.approver.post('/api/plans/import', plan);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { errors: { path: string }[] };
    expect(body.errors.map((e) => e.path).sort()).toEqual(['body.items.0.celebratory', 'body.items.1.celebratory']);
  });

  it('during mourning a celebratory item tagged only "evergreen" leaves every screen; a sober one stays', async () => {
    const created = (await (await app.operator.post('/api/items', { kind: 'slogan', text: GREETING, tags: ['evergreen'], celebratory: true })).json()) as {
      id: number;
      celebratory: boolean;
    };
    expect(created.celebratory).toBe(true);
    expect((await app.operator.post(`/api/items/${created.id}/submit`)).status).toBe(200);
    expect((await app.approver.post(`/api/items/${created.id}/approve`, { reason: 'Đúng định hướng' })).status).toBe(200);
    expect((await playingSoon('gate')).texts).toContain(GREETING);

    expect((await app.admin.request('PUT', '/api/mourning', { messageItemIds: [] })).status).toBe(200);
    try {
      for (const zone of ['gate', 'lobby', 'hall']) {
        const now = await playingSoon(zone);
        expect(now.template).toBe('mourning');
        expect(now.texts).not.toContain(GREETING);
        expect(now.texts).toContain('Chủ tịch Hồ Chí Minh vĩ đại sống mãi trong sự nghiệp của chúng ta!');
      }
    } finally {
      expect((await app.admin.request('DELETE', '/api/mourning')).status).toBe(200);
    }
  });
});

describe('the migration reads existing items from their tags and their text', () => {
  it('a greeting or a cheer is celebratory whatever its tags; a sober slogan is not', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'pano-celebratory-'));
    const db = new Database(databasePath(dataDir));
    db.pragma('foreign_keys = ON');
    const older = [m001, m002, m003, m004, m005, m006, m007, m008, m009];
    for (const m of older) db.exec(m.sql);
    db.pragma(`user_version = ${older.length}`);
    const insert = (key: string, tags: string[], text: string) => {
      const id = db
        .prepare(`INSERT INTO content_items (key, kind, status, tags_json, created_at, updated_at) VALUES (?, 'slogan', 'draft', ?, '', '')`)
        .run(key, JSON.stringify(tags)).lastInsertRowid;
      db.prepare(`INSERT INTO content_revisions (item_id, revision, text, text_sha256, created_at) VALUES (?, 1, ?, '', '')`).run(id, text);
    };
    insert('mung-xuan', ['evergreen'], GREETING);
    insert('muon-nam', [], 'Nước Cộng hòa xã hội chủ nghĩa Việt Nam muôn năm!');
    insert('chao-mung', ['greeting'], 'Nhiệt liệt chào mừng Đại hội XIII');
    insert('the-cu', ['celebratory'], 'Đảng Cộng sản Việt Nam - Người lãnh đạo, tổ chức mọi thắng lợi');
    insert('doi-moi', ['evergreen'], 'Đẩy mạnh toàn diện, đồng bộ công cuộc đổi mới đất nước!');
    db.close();
    // Opening the file migrates it, as a server start does.
    const engine = openSqliteEngine(dataDir, { synchronous: 'NORMAL' });
    try {
      const flags = Object.fromEntries((await new ContentRepository(engine.db).listItems({})).map((i) => [i.key, i.celebratory]));
      expect(flags).toEqual({ 'mung-xuan': true, 'muon-nam': true, 'chao-mung': true, 'the-cu': true, 'doi-moi': false });
    } finally {
      await engine.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
