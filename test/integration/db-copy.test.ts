/**
 * `pano db copy --to postgres://…`: an installation moves from its SQLite file to PostgreSQL with
 * every row, the audit log's bytes unchanged and its chain verified on arrival; a Pano node then
 * runs on the copy (sign-in, new rows after the copied ids, the chain going on). An occupied
 * target, a running server and a wrong URL are refused and change nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditRepository, type AuditRow } from '../../server/db/audit-repository.js';
import { databasePath } from '../../server/db/database.js';
import { openPostgresEngine, type Engine } from '../../server/db/engine.js';
import { hashPassword } from '../../server/auth/passwords.js';
import { openStore } from '../../server/store.js';
import { usePostgres, type TestPostgres } from '../support/postgres.js';
import { approveSeedInStore } from '../support/seed-approval.js';
import { ADMIN_PASSWORD, loginAdmin } from '../support/session.js';
import { startTestServer } from '../support/server.js';
import { runPano } from '../support/spawn.js';

let postgres: TestPostgres;
let dataDir: string;
let target: string;
let sqliteCounts: Record<string, number>;
let sqliteAudit: AuditRow[];
const engines: Engine[] = [];

beforeAll(async () => {
  postgres = await usePostgres();
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'pano-copy-'));
  // An installation with history: the plan imported, an admin, the seed approved by an approver.
  const store = await openStore(dataDir, 'NORMAL');
  await store.users.create({ username: 'admin', displayName: 'Quản trị viên', roles: ['admin'], passwordHash: await hashPassword(ADMIN_PASSWORD) }, new Date());
  await approveSeedInStore(store);
  await store.close();
  const sqlite = new Database(databasePath(dataDir), { readonly: true });
  const tables = (sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as { name: string }[]).map((r) => r.name);
  sqliteCounts = Object.fromEntries(tables.map((t) => [t, (sqlite.prepare(`SELECT count(*) AS n FROM "${t}"`).get() as { n: number }).n]));
  sqliteAudit = sqlite.prepare('SELECT * FROM audit_log ORDER BY id').all() as AuditRow[];
  sqlite.close();
  target = await postgres.createDatabase();
}, 120_000);

afterAll(async () => {
  await Promise.all(engines.map((e) => e.close()));
  await postgres?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function openTarget(): Promise<Engine> {
  const engine = await openPostgresEngine(target, { poolSize: 2 });
  engines.push(engine);
  return engine;
}

describe('pano db copy', () => {
  it('refuses a URL that is not PostgreSQL, and copies nothing', async () => {
    const run = await runPano(['db', 'copy', '--to', 'mysql://pano@db/pano'], dataDir, process.cwd());
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('postgres://');
  });

  it('moves every row, the audit log byte for byte, and says the chain is intact', async () => {
    const run = await runPano(['db', 'copy', '--to', target], dataDir, process.cwd());
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`chuỗi nhật ký ${sqliteAudit.length} dòng nguyên vẹn`);
    const engine = await openTarget();
    for (const [table, rows] of Object.entries(sqliteCounts)) {
      const { n } = (await engine.db.selectFrom(table as 'users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()) as { n: number };
      expect({ table, rows: Number(n) }).toEqual({ table, rows });
    }
    const copied = await engine.db.selectFrom('audit_log').selectAll().orderBy('id').execute();
    expect(copied).toEqual(sqliteAudit);
    expect(await engine.transaction((tx) => new AuditRepository(tx).verify(), { readOnly: true })).toMatchObject({ intact: true, rows: sqliteAudit.length });
  });

  it('refuses a target that already holds an installation, changing nothing', async () => {
    const run = await runPano(['db', 'copy', '--to', target], dataDir, process.cwd());
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('không trống');
    const engine = await openTarget();
    expect(Number((await engine.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)).toBe(sqliteAudit.length);
  });

  it('a node runs on the copy: the admin signs in, new rows follow the copied ids, the chain goes on', async () => {
    const server = await startTestServer({ DATABASE_URL: target }, undefined, {}, { approveSeed: false });
    try {
      const admin = await loginAdmin(server.url);
      const created = await admin.post('/api/users', { username: 'vanhanh2', displayName: 'Nhân viên vận hành', roles: ['operator'], password: 'mật khẩu vận hành 2026' });
      expect(created.status).toBe(201);
      const engine = await openTarget();
      const head = await new AuditRepository(engine.db).head();
      expect(head!.id).toBeGreaterThan(sqliteAudit.length);
      expect(await engine.transaction((tx) => new AuditRepository(tx).verify(), { readOnly: true })).toMatchObject({ intact: true, rows: head!.id });
    } finally {
      await server.cleanup();
    }
  });
});
