/**
 * Issue 13 C13: `pano backup` takes a consistent copy while the server runs and writes keep
 * coming; `pano restore` checks a file before putting it in place, and only while no server
 * holds DATA_DIR. After a restore every write acknowledged before the backup began is there,
 * and the audit chain verifies.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { AuditRepository } from '../../server/db/audit-repository.js';
import { startTestServer } from '../support/server.js';
import { ApiClient, loginAdmin, userWithRoles } from '../support/session.js';
import { runPano } from '../support/spawn.js';
import { overSqliteFile } from '../support/sqlite-file.js';

const work = mkdtempSync(path.join(os.tmpdir(), 'pano-backup-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Ack {
  id: number;
  text: string;
}

/** Creates slogans one after another until told to stop; records each the server acknowledged. */
function writeLoad(client: ApiClient, name: string, acks: Ack[]): { stop: () => Promise<void>; reached: (n: number) => Promise<void> } {
  let running = true;
  const waiters: { n: number; resolve: () => void }[] = [];
  const loop = (async () => {
    for (let i = 1; running; i++) {
      const text = `Thi đua lập thành tích chào mừng Đại hội XIII — ${name} số ${i}`;
      const res = await client.post('/api/items', { kind: 'slogan', text, celebratory: false });
      if (res.status !== 201) throw new Error(`create: ${res.status} ${await res.text()}`);
      acks.push({ id: ((await res.json()) as { id: number }).id, text });
      for (const w of waiters.filter((w) => acks.length >= w.n)) (w.resolve(), waiters.splice(waiters.indexOf(w), 1));
    }
  })();
  return {
    reached: (n) => (acks.length >= n ? Promise.resolve() : new Promise((resolve) => waiters.push({ n, resolve }))),
    stop: async () => {
      running = false;
      await loop;
    },
  };
}

describe('pano backup and pano restore', () => {
  it('backs up under write load; restore refuses while the server runs and refuses a bad file; the restored data holds every acknowledged write', async () => {
    const dataDir = path.join(work, 'data');
    const backup = path.join(work, 'pano-sao-luu.sqlite3');
    const server = await startTestServer({}, dataDir);
    const operator = await userWithRoles(await loginAdmin(server.url), 'van-hanh', ['operator']);
    const acks: Ack[] = [];
    const loads = [writeLoad(operator, 'luồng 1', acks), writeLoad(operator, 'luồng 2', acks)];
    await Promise.all(loads.map((l) => l.reached(20)));
    // Everything acknowledged before the backup starts must be in it.
    const beforeBackup = [...acks];
    const backedUp = await runPano(['backup', '--out', backup], dataDir, work);
    const duringBackup = acks.length - beforeBackup.length;
    await Promise.all(loads.map((l) => l.stop()));
    expect(backedUp.code, backedUp.stderr).toBe(0);
    expect(backedUp.stdout).toContain('Đã sao lưu vào');
    expect(duringBackup).toBeGreaterThan(0);
    expect(readdirSync(work).filter((f) => f.includes('partial'))).toEqual([]);

    const whileRunning = await runPano(['restore', backup], dataDir, work);
    expect(whileRunning.code).toBe(1);
    expect(whileRunning.stderr).toContain('Một máy chủ Pano khác đang dùng thư mục dữ liệu');
    await server.stop();

    const bad = path.join(work, 'hong.sqlite3');
    writeFileSync(bad, 'không phải bản sao lưu');
    const liveSize = statSync(path.join(dataDir, 'pano.sqlite3')).size;
    const refused = await runPano(['restore', bad], dataDir, work);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('không phải cơ sở dữ liệu SQLite dùng được');
    expect(statSync(path.join(dataDir, 'pano.sqlite3')).size).toBe(liveSize);

    const restored = await runPano(['restore', backup], dataDir, work);
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stdout).toContain('Đã khôi phục');
    expect(readdirSync(dataDir).some((f) => f.startsWith('pano.sqlite3.truoc-khoi-phuc-'))).toBe(true);

    const db = new Database(path.join(dataDir, 'pano.sqlite3'), { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect((await new AuditRepository(overSqliteFile(db)).verify()).intact).toBe(true);
      const text = db.prepare<[number], { text: string }>('SELECT text FROM content_revisions WHERE item_id = ? AND revision = 1');
      const audited = db.prepare<[string], { n: number }>(`SELECT count(*) AS n FROM audit_log WHERE action = 'item.create' AND target = ?`);
      for (const ack of beforeBackup) {
        expect(text.get(ack.id)?.text, `item ${ack.id}`).toBe(ack.text);
        expect(audited.get(`item:${ack.id}`)!.n, `item ${ack.id}`).toBe(1);
      }
    } finally {
      db.close();
    }
    // The restored database serves.
    const again = await startTestServer({}, dataDir);
    try {
      const item = await (await loginAdmin(again.url)).get(`/api/items/${beforeBackup.at(-1)!.id}`);
      expect(item.status).toBe(200);
    } finally {
      await again.stop();
    }
    expect(existsSync(`${backup}`)).toBe(true);
  }, 120_000);
});
