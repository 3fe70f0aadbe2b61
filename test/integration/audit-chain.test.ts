/**
 * Tampering with the audit log the way someone with the database would: drop the append-only
 * triggers, then edit, delete or swap rows. The repository, the API and `pano audit verify` (a
 * real child process) must each name the row where the chain breaks and why. A whole chain
 * recomputed after an edit passes that check; an anchor recorded before (`--anchor`) must not.
 * The server checks the chain before logging an anchor, and verify reads one snapshot even while
 * another connection appends.
 */
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Kysely, sql, SqliteDialect } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditRepository, type AuditRow } from '../../server/db/audit-repository.js';
import { openPostgresEngine, openSqliteEngine, type Engine, type Schema } from '../../server/db/engine.js';
import { ChainReportSchema, type ChainReportBody } from '../../server/protocol/audit.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { ApiClient, loginAdmin, userWithRoles } from '../support/session.js';
import { spawnTs } from '../support/spawn.js';
import { postgresKysely, usePostgres } from '../support/postgres.js';

let server: TestServer;
let admin: ApiClient;
/** The untouched log, restored after each tampering. */
let original: AuditRow[];

type Attacker = Kysely<Schema>;
type Tamper = (db: Attacker, rows: AuditRow[]) => Promise<unknown>;

/** A connection of the attacker's own: no application, straight to the SQLite file or PostgreSQL. */
function attackerOf(target: Pick<TestServer, 'dataDir' | 'databaseUrl'>): Attacker {
  if (target.databaseUrl) return postgresKysely(target.databaseUrl, 1) as Attacker;
  return new Kysely<Schema>({ dialect: new SqliteDialect({ database: new Database(path.join(target.dataDir, 'pano.sqlite3')) }) });
}

const isPostgres = (target: Pick<TestServer, 'databaseUrl'>) => target.databaseUrl !== undefined;

async function dropTriggers(db: Attacker, postgres: boolean): Promise<void> {
  if (postgres) await sql`ALTER TABLE audit_log DISABLE TRIGGER USER`.execute(db);
  else for (const name of ['audit_log_no_update', 'audit_log_no_delete']) await sql`DROP TRIGGER IF EXISTS ${sql.raw(name)}`.execute(db);
}

async function restoreTriggers(db: Attacker, postgres: boolean): Promise<void> {
  if (postgres) {
    await sql`ALTER TABLE audit_log ENABLE TRIGGER USER`.execute(db);
    return;
  }
  for (const [name, event] of [['audit_log_no_update', 'UPDATE'], ['audit_log_no_delete', 'DELETE']] as const) {
    await sql`CREATE TRIGGER ${sql.raw(name)} BEFORE ${sql.raw(event)} ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`.execute(db);
  }
}

/** Changes the log with the triggers dropped, in one transaction. */
async function tamper(change: Tamper): Promise<void> {
  const db = attackerOf(server);
  try {
    await dropTriggers(db, isPostgres(server));
    await db.transaction().execute((tx) => change(tx, original));
  } finally {
    await db.destroy();
  }
}

/** Puts every original row and the head back (same ids) and recreates the triggers, leaving the database as found. */
async function restore(): Promise<void> {
  await tamper(async (db, rows) => {
    await db.deleteFrom('audit_log').execute();
    for (const row of rows) await db.insertInto('audit_log').values(row).execute();
    const last = rows.at(-1)!;
    await db.updateTable('audit_head').set({ last_id: last.id, last_sha256: last.row_sha256 }).where('id', '=', 1).execute();
  });
  const db = attackerOf(server);
  try {
    await restoreTriggers(db, isPostgres(server));
  } finally {
    await db.destroy();
  }
}

async function readLog(target: Pick<TestServer, 'dataDir' | 'databaseUrl'>): Promise<AuditRow[]> {
  const db = attackerOf(target);
  try {
    return await db.selectFrom('audit_log').selectAll().orderBy('id').execute();
  } finally {
    await db.destroy();
  }
}

async function verifyRepository(): Promise<ChainReportBody> {
  const db = attackerOf(server);
  try {
    return await db.transaction().execute((tx) => new AuditRepository(tx).verify());
  } finally {
    await db.destroy();
  }
}

async function verifyApi(): Promise<ChainReportBody> {
  return ChainReportSchema.parse(await admin.json('/api/audit/verify'));
}

async function verifyCli(...anchors: string[]) {
  const args = anchors.flatMap((anchor) => ['--anchor', anchor]);
  return spawnTs('server/cli/pano.ts', ['audit', 'verify', ...args], cliEnv(server)).done;
}

/** The row hash as the attacker computes it: no application code, just the documented fields. */
function attackerHash(row: Omit<AuditRow, 'id' | 'row_sha256'>): string {
  const canonical = JSON.stringify([row.at, row.actor_id, row.actor, row.action, row.target, row.before_json, row.after_json, row.remote_address, row.prev_sha256]);
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

/** What `pano` needs to find the server's database. */
const cliEnv = (target: Pick<TestServer, 'dataDir' | 'databaseUrl'>) => ({ DATA_DIR: target.dataDir, ...(target.databaseUrl ? { DATABASE_URL: target.databaseUrl } : {}) });

const anchorOf = (row: AuditRow) => `${row.id}:${row.row_sha256}`;

function printedAnchor(stdout: string): string {
  const anchor = /^Mốc đầu chuỗi \(head anchor\): (\d+:[0-9a-f]{64})$/m.exec(stdout)?.[1];
  if (!anchor) throw new Error(`no head anchor in:\n${stdout}`);
  return anchor;
}

const byAction = (action: string) => {
  const row = original.find((r) => r.action === action);
  if (!row) throw new Error(`no ${action} row in the fixture`);
  return row;
};

beforeAll(async () => {
  // The audit fixture is exactly the rows below: no seed approvals.
  server = await startTestServer({}, undefined, {}, { approveSeed: false });
  admin = await loginAdmin(server.url);
  expect((await new ApiClient(server.url).post('/api/auth/login', { username: 'admin', password: 'sai mật khẩu' })).status).toBe(401);
  const operator = await userWithRoles(admin, 'van-hanh', ['operator']);
  const id = ((await (await admin.get('/api/users')).json()) as { users: { id: number; username: string }[] }).users.find((u) => u.username === 'van-hanh')!.id;
  expect((await admin.patch(`/api/users/${id}`, { displayName: 'Nguyễn Văn Hành' })).status).toBe(200);
  expect((await operator.post('/api/auth/logout', {})).status).toBe(200);
  original = await readLog(server);
  // bootstrap, admin login, failed login, create, operator login, update, logout
  expect(original.length).toBeGreaterThanOrEqual(7);
});
afterAll(() => server.cleanup());

describe('audit chain: intact', () => {
  it('the repository, the API and the CLI all report an intact chain with every row', async () => {
    const intact = { intact: true, rows: original.length, anchor: anchorOf(original.at(-1)!) };
    expect(await verifyRepository()).toEqual(intact);
    expect(await verifyApi()).toEqual(intact);
    const cli = await verifyCli();
    expect(cli.code, cli.stderr).toBe(0);
    expect(cli.stdout).toContain(`Chuỗi nhật ký nguyên vẹn (${original.length} dòng)`);
    expect(cli.stdout).toContain(original.at(-1)!.row_sha256);
  });
});

interface Case {
  name: string;
  change: Tamper;
  expected: () => { brokenAt: number; reason: string };
}

const CASES: Case[] = [
  {
    name: "a past row's after_json edited (an operator made admin, after the fact)",
    change: (db) => {
      const row = byAction('user.create');
      return db.updateTable('audit_log').set({ after_json: row.after_json!.replace('"operator"', '"admin"') }).where('id', '=', row.id).execute();
    },
    expected: () => ({ brokenAt: byAction('user.create').id, reason: 'row-hash' }),
  },
  {
    name: 'a row edited and its own hash recomputed (no secret needed): the next row no longer links',
    change: (db) => {
      const row = { ...byAction('login.failed'), actor: 'someone-else' };
      return db.updateTable('audit_log').set({ actor: row.actor, row_sha256: attackerHash(row) }).where('id', '=', row.id).execute();
    },
    expected: () => ({ brokenAt: byAction('login.failed').id + 1, reason: 'chain-link' }),
  },
  {
    name: 'a middle row deleted (the failed login hidden)',
    change: (db) => db.deleteFrom('audit_log').where('id', '=', byAction('login.failed').id).execute(),
    expected: () => ({ brokenAt: byAction('login.failed').id + 1, reason: 'gap' }),
  },
  {
    // The head row still names the deleted row: rows were cut off the end.
    name: 'the last row deleted',
    change: (db, rows) => db.deleteFrom('audit_log').where('id', '=', rows.at(-1)!.id).execute(),
    expected: () => ({ brokenAt: original.at(-1)!.id, reason: 'truncated' }),
  },
  {
    name: "two rows' whole content swapped, hashes included",
    change: async (db) => {
      const a = byAction('user.create');
      const b = original.find((r) => r.id === a.id + 1)!;
      const put = ({ id, ...fields }: AuditRow) => db.updateTable('audit_log').set(fields).where('id', '=', id).execute();
      // Through a placeholder: two rows never hold the same prev_sha256 (UNIQUE), even for a moment.
      await db.updateTable('audit_log').set({ prev_sha256: 'placeholder' }).where('id', '=', a.id).execute();
      await put({ ...a, id: b.id });
      await put({ ...b, id: a.id });
    },
    expected: () => ({ brokenAt: byAction('user.create').id, reason: 'chain-link' }),
  },
];

describe('audit chain: tampering is reported at the exact row', () => {
  for (const c of CASES) {
    it(c.name, async () => {
      await tamper(c.change);
      try {
        const { brokenAt, reason } = c.expected();
        expect(await verifyRepository()).toMatchObject({ intact: false, brokenAt, reason });
        expect(await verifyApi()).toMatchObject({ intact: false, brokenAt, reason });
        const cli = await verifyCli();
        expect(cli.code, cli.stdout + cli.stderr).toBe(1);
        expect(cli.stderr).toContain(`Chuỗi nhật ký bị phá vỡ tại dòng #${brokenAt}`);
        expect(cli.stderr).toContain(`Dòng (row id): ${brokenAt}\n`);
        expect(cli.stderr).toContain(`Lý do (reason): ${reason}\n`);
      } finally {
        await restore();
      }
      // Putting the rows back heals the chain: verify judges content, not history of the file.
      expect(await verifyRepository()).toMatchObject({ intact: true, rows: original.length });
    });
  }

  // PostgreSQL refuses text that is not JSON in after_json (a CHECK), triggers dropped or not.
  it.skipIf(process.env.PANO_TEST_POSTGRES)('the API still lists a row whose JSON was replaced with garbage, as text', async () => {
    await tamper((db) => db.updateTable('audit_log').set({ after_json: '{không phải JSON' }).where('id', '=', byAction('user.update').id).execute());
    try {
      const page = (await admin.json(`/api/audit?action=user.update`)) as { rows: { id: number; after: unknown }[] };
      expect(page.rows.find((r) => r.id === byAction('user.update').id)?.after).toBe('{không phải JSON');
      expect(await verifyApi()).toMatchObject({ intact: false, brokenAt: byAction('user.update').id, reason: 'row-hash' });
    } finally {
      await restore();
    }
  });
});

describe('pano audit: command line', () => {
  it.skipIf(process.env.PANO_TEST_POSTGRES)('refuses a DATA_DIR without a database instead of calling an empty chain intact', async () => {
    const run = await spawnTs('server/cli/pano.ts', ['audit', 'verify'], { DATA_DIR: path.join(server.dataDir, 'khong-co') }).done;
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('không có cơ sở dữ liệu');
  });

  it('rejects a missing or unknown subcommand with exit 2', async () => {
    for (const args of [['audit'], ['audit', 'xoa'], ['audit', 'verify', '--bogus']]) {
      const run = await spawnTs('server/cli/pano.ts', args, cliEnv(server)).done;
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr).toContain('Lỗi:');
    }
  });
});

describe('audit anchors: a recorded row id and hash that a rewritten chain cannot keep', () => {
  it('verify prints the head as an anchor and accepts it, and the anchor the server logged, back', async () => {
    const cli = await verifyCli();
    expect(cli.code, cli.stderr).toBe(0);
    const head = printedAnchor(cli.stdout);
    expect(head).toBe(anchorOf(original.at(-1)!));
    expect(cli.stdout).toContain('Hãy lưu mốc này ở nơi khác (biên bản đại hội, máy khác)');

    const logged = server.logs.map((line) => JSON.parse(line) as { msg: string; anchor?: string }).find((l) => l.msg === 'audit anchor')?.anchor;
    expect(logged).toMatch(/^\d+:[0-9a-f]{64}$/);
    expect(logged).not.toBe(head);
    // Hex case is ignored: an anchor copied by hand from the minutes may come back in capitals.
    const checked = await verifyCli(head, logged!.toUpperCase());
    expect(checked.code, checked.stderr).toBe(0);
    expect(checked.stdout).toContain(`Mốc khớp (anchor matches): ${head}\n`);
    expect(checked.stdout).toContain(`Mốc khớp (anchor matches): ${logged}\n`);
  });

  it('a chain recomputed from an edited row on passes plain verify, but anchors at or after that row fail', async () => {
    // The anchor the test before saw verify print.
    const head = anchorOf(original.at(-1)!);
    const edited = byAction('user.create');
    const before = original.find((r) => r.id === edited.id - 1)!;
    await tamper(async (db, rows) => {
      let prev = before.row_sha256;
      for (const row of rows.filter((r) => r.id >= edited.id)) {
        const after_json = row.id === edited.id ? row.after_json!.replace('"operator"', '"admin"') : row.after_json;
        const fields = { ...row, after_json, prev_sha256: prev };
        prev = attackerHash(fields);
        await db.updateTable('audit_log').set({ after_json, prev_sha256: fields.prev_sha256, row_sha256: prev }).where('id', '=', row.id).execute();
      }
      // The head row too, as someone who knows the schema would.
      await db.updateTable('audit_head').set({ last_sha256: prev }).where('id', '=', 1).execute();
    });
    try {
      // The known gap: nothing inside the database tells the rewritten chain from the real one.
      expect(await verifyRepository()).toMatchObject({ intact: true, rows: original.length });

      const cli = await verifyCli(anchorOf(before), anchorOf(edited), head);
      expect(cli.stdout).toContain(`Chuỗi nhật ký nguyên vẹn (${original.length} dòng)`);
      expect(cli.code, cli.stdout + cli.stderr).toBe(1);
      expect(cli.stdout).toContain(`Mốc khớp (anchor matches): ${anchorOf(before)}\n`);
      for (const anchor of [anchorOf(edited), head]) {
        expect(cli.stderr).toContain(`Lỗi: mốc ${anchor}: dòng #${anchor.split(':')[0]} có mã băm `);
      }
      expect(cli.stderr).toContain('chuỗi đã bị viết lại tại hoặc trước dòng này');
      expect(cli.stderr).not.toContain(anchorOf(before));
    } finally {
      await restore();
    }
    expect(await verifyRepository()).toMatchObject({ intact: true, rows: original.length, anchor: anchorOf(original.at(-1)!) });
  });

  it('the log cut short, its head row moved back so plain verify passes: an anchor on a cut row fails', async () => {
    const kept = original.at(-3)!;
    const head = anchorOf(original.at(-1)!);
    await tamper(async (db) => {
      await db.deleteFrom('audit_log').where('id', '>', kept.id).execute();
      await db.updateTable('audit_head').set({ last_id: kept.id, last_sha256: kept.row_sha256 }).where('id', '=', 1).execute();
    });
    try {
      expect(await verifyRepository()).toMatchObject({ intact: true, rows: original.length - 2 });
      const cli = await verifyCli(head);
      expect(cli.code, cli.stdout + cli.stderr).toBe(1);
      expect(cli.stderr).toContain(`Lỗi: mốc ${head}: không còn dòng #${original.at(-1)!.id}, nhật ký đã bị cắt`);
    } finally {
      await restore();
    }
    expect(await verifyRepository()).toMatchObject({ intact: true, rows: original.length });
  });

  it('refuses a malformed anchor as a usage error (exit 2), naming it', async () => {
    const hex = original.at(-1)!.row_sha256;
    const bad = ['12', 'x:abc', `5:${hex.slice(1)}`, `0:${hex}`, `5:${hex}0`, `5:${'g'.repeat(64)}`, ` 5:${hex}`];
    const run = await verifyCli(anchorOf(original.at(-1)!), ...bad);
    expect(run.code, run.stdout + run.stderr).toBe(2);
    for (const anchor of bad) expect(run.stderr).toContain(`Lỗi: Mốc "${anchor}" sai dạng`);
    expect(run.stderr).toContain('(anchor must be <row id>:<64 hex SHA-256>)');
    expect(run.stdout).toBe('');

    const missing = await spawnTs('server/cli/pano.ts', ['audit', 'verify', '--anchor'], cliEnv(server)).done;
    expect(missing.code).toBe(2);
  });

  it('the server logs the head as an anchor when it starts', async () => {
    // Nothing after the start: the head logged is the last row.
    const fresh = await startTestServer({}, undefined, {}, { approveSeed: false });
    try {
      const lines = startLogs(fresh).filter((l) => l.msg === 'audit anchor');
      const rows = await readLog(fresh);
      expect(rows.length).toBeGreaterThan(0);
      expect(lines).toEqual([expect.objectContaining({ level: 'info', anchor: anchorOf(rows.at(-1)!), rows: rows.length })]);
      expect(startLogs(fresh).filter((l) => l.msg === 'audit chain broken')).toEqual([]);
    } finally {
      await fresh.cleanup();
    }
  });

  it('a chain edited while the server was stopped: the next start logs the break, not an anchor', async () => {
    const first = await startTestServer();
    let second: TestServer | undefined;
    try {
      await first.stop();
      const db = attackerOf(first);
      let edited: AuditRow;
      try {
        await dropTriggers(db, isPostgres(first));
        edited = await db.selectFrom('audit_log').selectAll().orderBy('id').limit(1).executeTakeFirstOrThrow();
        await db.updateTable('audit_log').set({ actor: 'someone-else' }).where('id', '=', edited.id).execute();
      } finally {
        await db.destroy();
      }

      second = await startTestServer({}, first.dataDir);
      const logs = startLogs(second);
      expect(logs.filter((l) => l.msg === 'audit anchor')).toEqual([]);
      const broken = logs.filter((l) => l.msg === 'audit chain broken');
      expect(broken).toEqual([expect.objectContaining({ level: 'error', brokenAt: edited.id, reason: 'row-hash' })]);
      expect(broken[0]!.detail).toBe(
        `Chuỗi nhật ký bị phá vỡ tại dòng #${edited.id}: nội dung dòng đã bị sửa (Audit chain broken at row #${edited.id}: the row was edited)`,
      );
    } finally {
      await second?.stop();
      await first.cleanup();
    }
  });
});

function startLogs(server: TestServer) {
  return server.logs.map((line) => JSON.parse(line) as { level: string; msg: string; anchor?: string; rows?: number; brokenAt?: number; detail?: string });
}

describe('audit verify: one snapshot while another connection appends', () => {
  /**
   * Another connection (a second node, or the CLI while the server appends) appends after verify
   * began reading. Read apart, the head row would run ahead of the rows read ("truncated", as in
   * the last-row-deleted case above); in one read-only transaction the new row is simply not in
   * the snapshot, and the next verify sees it, intact.
   */
  let dir: string;
  let reader: Engine;
  let writer: Engine;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'pano-audit-snapshot-'));
    const url = process.env.PANO_TEST_POSTGRES ? await (await usePostgres()).createDatabase() : undefined;
    // Two engines on one database: two connections, as two nodes or a node and the CLI have.
    const open = () => (url ? openPostgresEngine(url) : Promise.resolve(openSqliteEngine(dir, { synchronous: 'NORMAL' })));
    reader = await open();
    writer = await open();
    await new AuditRepository(reader.db).append({ actorId: null, actor: 'system', action: 'test.append', target: 'settings' });
  });
  afterAll(async () => {
    await writer.close();
    await reader.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const count = async () => (await reader.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;

  it('verify in a read-only transaction does not see a row appended after its first read', async () => {
    const before = Number(await count());
    let firstRead!: () => void;
    let appended!: () => void;
    const hasRead = new Promise<void>((resolve) => (firstRead = resolve));
    const hasAppended = new Promise<void>((resolve) => (appended = resolve));
    const reading = reader.transaction(
      async (tx) => {
        const repo = new AuditRepository(tx);
        const head = await repo.head();
        firstRead();
        await hasAppended;
        return { report: await repo.verify(), head };
      },
      { readOnly: true },
    );
    // The other connection appends from outside the reader's transaction, as another process would.
    await hasRead;
    await new AuditRepository(writer.db).append({ actorId: null, actor: 'system', action: 'test.append', target: 'settings' });
    appended();
    const { report, head } = await reading;
    expect(report).toEqual({ intact: true, rows: before, anchor: `${head!.id}:${head!.sha256}` });
    expect(report.intact).toBe(true);
    expect(Number(await count())).toBe(before + 1);
    // The row appended meanwhile extends the chain; the next verify sees it, intact.
    expect(await new AuditRepository(reader.db).verify()).toMatchObject({ intact: true, rows: before + 1 });
  });
});
