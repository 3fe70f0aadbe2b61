import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT_DIR } from '../../server/paths.js';
import { ADMIN_PASSWORD, ApiClient, login, USER_PASSWORD } from '../support/session.js';
import { AuditRepository } from '../../server/db/audit-repository.js';
import { overSqliteFile } from '../support/sqlite-file.js';

/**
 * The real server as a child process, killed with SIGKILL at random moments while approvals and
 * edits are in flight. After every kill the database must pass integrity_check and hold every
 * change the server acknowledged. synchronous=NORMAL: a process crash (not a power cut) must lose
 * nothing in WAL mode. The seed is fixed so a failure can be replayed.
 */
const ROUNDS = 16;
const WORKERS = 3;
let seed = 0x5eed;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'pano-durability-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** One process, no wrapper: SIGKILL reaches the server itself, never only a launcher. */
async function startServer(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT_DIR, 'server/main.ts')], {
    cwd: ROOT_DIR,
    env: { ...process.env, DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', ADMIN_PASSWORD, DB_SYNCHRONOUS: 'NORMAL', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 20_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /"msg":"pano listening".*?"url":"([^"]+)"/.exec(out);
      if (m) (clearTimeout(timer), resolve(m[1]!));
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', (code) => reject(new Error(`server exited ${code}:\n${out}`)));
  });
  return { child, url };
}

function killHard(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

/** A change the server answered 2xx to, and what the database must show for it from then on. */
type Ack =
  | { kind: 'created'; id: number; key: string; text: string }
  | { kind: 'revised'; id: number; revision: number; text: string }
  | { kind: 'submitted'; id: number; revision: number }
  | { kind: 'approved'; id: number; revision: number };

const acks: Ack[] = [];
let ackWaiter: { count: number; resolve: () => void } | undefined;

function acknowledged(ack: Ack): void {
  acks.push(ack);
  if (ackWaiter && acks.length >= ackWaiter.count) (ackWaiter.resolve(), (ackWaiter = undefined));
}

/** Resolves once `count` changes in all have been acknowledged: the kill follows work done, not time spent. */
function untilAcknowledged(count: number): Promise<void> {
  if (acks.length >= count) return Promise.resolve();
  return new Promise((resolve) => (ackWaiter = { count, resolve }));
}

async function post(client: ApiClient, path: string, body: unknown): Promise<any> {
  const res = await client.post(path, body);
  if (res.status >= 300) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

/** Propose → submit → approve → edit → submit → approve …, until the server dies under it. */
async function worker(operator: ApiClient, approver: ApiClient, round: number, n: number): Promise<void> {
  try {
    const text = `Khẩu hiệu vòng ${round} luồng ${n}`;
    const item = await post(operator, '/api/items', { kind: 'slogan', celebratory: false, text });
    acknowledged({ kind: 'created', id: item.id, key: item.key, text });
    for (let revision = 1; ; revision++) {
      if (revision > 1) {
        const edited = `${text}, bản ${revision}`;
        await post(operator, `/api/items/${item.id}/revisions`, { text: edited });
        acknowledged({ kind: 'revised', id: item.id, revision, text: edited });
      }
      await post(operator, `/api/items/${item.id}/submit`, {});
      acknowledged({ kind: 'submitted', id: item.id, revision });
      await post(approver, `/api/items/${item.id}/approve`, { reason: `Duyệt bản ${revision}` });
      acknowledged({ kind: 'approved', id: item.id, revision });
    }
  } catch {
    // The kill cut the connection: whatever was not acknowledged may or may not be stored.
  }
}

async function checkDatabase(): Promise<void> {
  const db = new Database(path.join(dataDir, 'pano.sqlite3'));
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect((await new AuditRepository(overSqliteFile(db)).verify()).intact).toBe(true);
    const revision = db.prepare<[number, number], { id: number; text: string; status: string }>(
      'SELECT id, text, status FROM content_revisions WHERE item_id = ? AND revision = ?',
    );
    const item = db.prepare<[number], { key: string; approved_revision_id: number | null }>('SELECT key, approved_revision_id FROM content_items WHERE id = ?');
    const audited = db.prepare<[string, string], { n: number }>('SELECT COUNT(*) AS n FROM audit_log WHERE action = ? AND target = ?');
    for (const ack of acks) {
      const where = JSON.stringify(ack);
      const target = `item:${ack.id}`;
      if (ack.kind === 'created') {
        expect(item.get(ack.id)?.key, where).toBe(ack.key);
        expect(revision.get(ack.id, 1)?.text, where).toBe(ack.text);
        expect(audited.get('item.create', target)!.n, where).toBe(1);
      } else if (ack.kind === 'revised') {
        expect(revision.get(ack.id, ack.revision)?.text, where).toBe(ack.text);
      } else if (ack.kind === 'submitted') {
        expect(['submitted', 'approved'], where).toContain(revision.get(ack.id, ack.revision)?.status);
      } else {
        const approved = revision.get(ack.id, ack.revision)!;
        expect(approved.status, where).toBe('approved');
        expect(item.get(ack.id)!.approved_revision_id, where).toBeGreaterThanOrEqual(approved.id);
      }
      if (ack.kind !== 'created') {
        const action = { revised: 'item.revise', submitted: 'item.submit', approved: 'item.approve' }[ack.kind];
        expect(audited.get(action, target)!.n, where).toBeGreaterThanOrEqual(1);
      }
    }
  } finally {
    db.close();
  }
}

describe('durability under kill -9', () => {
  it(`keeps every acknowledged change through ${ROUNDS} SIGKILLs, with an intact database each time`, async () => {
    let cookies: { operator: string; approver: string } | undefined;
    for (let round = 1; round <= ROUNDS; round++) {
      const { child, url } = await startServer();
      if (!cookies) {
        const admin = await login(url, 'admin', ADMIN_PASSWORD);
        for (const [username, roles] of [['van-hanh', ['operator']], ['duyet', ['approver']]] as const) {
          await post(admin, '/api/users', { username, displayName: username, roles, password: USER_PASSWORD });
        }
        // Sessions live in the database, so these cookies outlive every restart.
        cookies = { operator: (await login(url, 'van-hanh', USER_PASSWORD)).cookie!, approver: (await login(url, 'duyet', USER_PASSWORD)).cookie! };
      }
      const operator = new ApiClient(url, cookies.operator);
      const approver = new ApiClient(url, cookies.approver);
      const work = Array.from({ length: WORKERS }, (_, n) => worker(operator, approver, round, n));
      // After a few acknowledged changes, then a moment more so that the kill lands mid-request.
      const reached = untilAcknowledged(acks.length + 6 + Math.floor(random() * 14)).then(() => 'reached' as const);
      const stopped = Promise.all(work).then(() => 'workers stopped before the kill' as const);
      expect(await Promise.race([reached, stopped])).toBe('reached');
      await new Promise((r) => setTimeout(r, random() * 50));
      await killHard(child);
      await Promise.all(work);
      await checkDatabase();
    }
    expect(acks.filter((a) => a.kind === 'approved').length).toBeGreaterThan(ROUNDS);
    // A last clean start: the server opens the database every kill left behind and serves it.
    const { child, url } = await startServer();
    const res = await new ApiClient(url, cookies!.approver).get('/api/items?status=approved');
    expect(res.status).toBe(200);
    await killHard(child);
  }, 300_000);
});
