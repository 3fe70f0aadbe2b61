/**
 * Tampering with the audit log the way someone with the SQLite file would: drop the append-only
 * triggers, then edit, delete or swap rows. The repository, the API and `pano audit verify` (a
 * real child process) must each name the row where the chain breaks and why. A whole chain
 * recomputed after an edit passes that check; an anchor recorded before (`--anchor`) must not.
 * The server checks the chain before logging an anchor, and verify reads one snapshot even while
 * another process appends.
 */
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditRepository, type AuditRow } from '../../server/db/audit-repository.js';
import type { Db } from '../../server/db/database.js';
import { openStore } from '../../server/store.js';
import { ChainReportSchema, type ChainReportBody } from '../../server/protocol/audit.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { ApiClient, loginAdmin, userWithRoles } from '../support/session.js';
import { spawnTs } from '../support/spawn.js';

let server: TestServer;
let admin: ApiClient;
let dbFile: string;
/** The untouched log, restored after each tampering. */
let original: AuditRow[];

type Tamper = (db: Database.Database, rows: AuditRow[]) => void;

/** Opens the file as an attacker would: no application, just SQLite and the triggers dropped. */
function tamper(change: Tamper): void {
  const db = new Database(dbFile);
  try {
    db.exec('DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete;');
    db.transaction(() => change(db, original))();
  } finally {
    db.close();
  }
}

/** Puts every original row back (same ids) and recreates the triggers, leaving the file as found. */
function restore(): void {
  tamper((db, rows) => {
    db.prepare('DELETE FROM audit_log').run();
    const insert = db.prepare(
      `INSERT INTO audit_log (id, at, actor_id, actor, action, target, before_json, after_json, remote_address, prev_sha256, row_sha256)
       VALUES (@id, @at, @actor_id, @actor, @action, @target, @before_json, @after_json, @remote_address, @prev_sha256, @row_sha256)`,
    );
    for (const row of rows) insert.run(row);
  });
  const db = new Database(dbFile);
  db.exec(`
    CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
    CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
  `);
  db.close();
}

function verifyRepository(): ChainReportBody {
  const db = new Database(dbFile, { readonly: true });
  try {
    return new AuditRepository(db).verify();
  } finally {
    db.close();
  }
}

async function verifyApi(): Promise<ChainReportBody> {
  return ChainReportSchema.parse(await admin.json('/api/audit/verify'));
}

async function verifyCli(...anchors: string[]) {
  const args = anchors.flatMap((anchor) => ['--anchor', anchor]);
  return spawnTs('server/cli/pano.ts', ['audit', 'verify', ...args], { DATA_DIR: server.dataDir }).done;
}

/** The row hash as the attacker computes it: no application code, just the documented fields. */
function attackerHash(row: Omit<AuditRow, 'id' | 'row_sha256'>): string {
  const canonical = JSON.stringify([row.at, row.actor_id, row.actor, row.action, row.target, row.before_json, row.after_json, row.remote_address, row.prev_sha256]);
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

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
  dbFile = path.join(server.dataDir, 'pano.sqlite3');
  admin = await loginAdmin(server.url);
  expect((await new ApiClient(server.url).post('/api/auth/login', { username: 'admin', password: 'sai mật khẩu' })).status).toBe(401);
  const operator = await userWithRoles(admin, 'van-hanh', ['operator']);
  const id = ((await (await admin.get('/api/users')).json()) as { users: { id: number; username: string }[] }).users.find((u) => u.username === 'van-hanh')!.id;
  expect((await admin.patch(`/api/users/${id}`, { displayName: 'Nguyễn Văn Hành' })).status).toBe(200);
  expect((await operator.post('/api/auth/logout', {})).status).toBe(200);
  const db = new Database(dbFile, { readonly: true });
  original = db.prepare<[], AuditRow>('SELECT * FROM audit_log ORDER BY id').all();
  db.close();
  // bootstrap, admin login, failed login, create, operator login, update, logout
  expect(original.length).toBeGreaterThanOrEqual(7);
});
afterAll(() => server.cleanup());

describe('audit chain: intact', () => {
  it('the repository, the API and the CLI all report an intact chain with every row', async () => {
    const intact = { intact: true, rows: original.length, anchor: anchorOf(original.at(-1)!) };
    expect(verifyRepository()).toEqual(intact);
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
      db.prepare('UPDATE audit_log SET after_json = ? WHERE id = ?').run(row.after_json!.replace('"operator"', '"admin"'), row.id);
    },
    expected: () => ({ brokenAt: byAction('user.create').id, reason: 'row-hash' }),
  },
  {
    name: 'a row edited and its own hash recomputed (no secret needed): the next row no longer links',
    change: (db) => {
      const row = { ...byAction('login.failed'), actor: 'someone-else' };
      const sha = attackerHash(row);
      db.prepare('UPDATE audit_log SET actor = ?, row_sha256 = ? WHERE id = ?').run(row.actor, sha, row.id);
    },
    expected: () => ({ brokenAt: byAction('login.failed').id + 1, reason: 'chain-link' }),
  },
  {
    name: 'a middle row deleted (the failed login hidden)',
    change: (db) => db.prepare('DELETE FROM audit_log WHERE id = ?').run(byAction('login.failed').id),
    expected: () => ({ brokenAt: byAction('login.failed').id + 1, reason: 'gap' }),
  },
  {
    name: 'the last row deleted',
    change: (db, rows) => db.prepare('DELETE FROM audit_log WHERE id = ?').run(rows.at(-1)!.id),
    expected: () => ({ brokenAt: original.at(-1)!.id, reason: 'truncated' }),
  },
  {
    name: "two rows' whole content swapped, hashes included",
    change: (db) => {
      const a = byAction('user.create');
      const b = original.find((r) => r.id === a.id + 1)!;
      const put = db.prepare(
        `UPDATE audit_log SET at = @at, actor_id = @actor_id, actor = @actor, action = @action, target = @target, before_json = @before_json,
           after_json = @after_json, remote_address = @remote_address, prev_sha256 = @prev_sha256, row_sha256 = @row_sha256 WHERE id = @id`,
      );
      put.run({ ...b, id: a.id });
      put.run({ ...a, id: b.id });
    },
    expected: () => ({ brokenAt: byAction('user.create').id, reason: 'chain-link' }),
  },
];

describe('audit chain: tampering is reported at the exact row', () => {
  for (const c of CASES) {
    it(c.name, async () => {
      tamper(c.change);
      try {
        const { brokenAt, reason } = c.expected();
        expect(verifyRepository()).toMatchObject({ intact: false, brokenAt, reason });
        expect(await verifyApi()).toMatchObject({ intact: false, brokenAt, reason });
        const cli = await verifyCli();
        expect(cli.code, cli.stdout + cli.stderr).toBe(1);
        expect(cli.stderr).toContain(`Chuỗi nhật ký bị phá vỡ tại dòng #${brokenAt}`);
        expect(cli.stderr).toContain(`Dòng (row id): ${brokenAt}\n`);
        expect(cli.stderr).toContain(`Lý do (reason): ${reason}\n`);
      } finally {
        restore();
      }
      // Putting the rows back heals the chain: verify judges content, not history of the file.
      expect(verifyRepository()).toMatchObject({ intact: true, rows: original.length });
    });
  }

  it('the API still lists a row whose JSON was replaced with garbage, as text', async () => {
    tamper((db) => db.prepare('UPDATE audit_log SET after_json = ? WHERE id = ?').run('{không phải JSON', byAction('user.update').id));
    try {
      const page = (await admin.json(`/api/audit?action=user.update`)) as { rows: { id: number; after: unknown }[] };
      expect(page.rows.find((r) => r.id === byAction('user.update').id)?.after).toBe('{không phải JSON');
      expect(await verifyApi()).toMatchObject({ intact: false, brokenAt: byAction('user.update').id, reason: 'row-hash' });
    } finally {
      restore();
    }
  });
});

describe('pano audit: command line', () => {
  it('refuses a DATA_DIR without a database instead of calling an empty chain intact', async () => {
    const run = await spawnTs('server/cli/pano.ts', ['audit', 'verify'], { DATA_DIR: path.join(server.dataDir, 'khong-co') }).done;
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('không có cơ sở dữ liệu');
  });

  it('rejects a missing or unknown subcommand with exit 2', async () => {
    for (const args of [['audit'], ['audit', 'xoa'], ['audit', 'verify', '--bogus']]) {
      const run = await spawnTs('server/cli/pano.ts', args, { DATA_DIR: server.dataDir }).done;
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
    const head = printedAnchor((await verifyCli()).stdout);
    const edited = byAction('user.create');
    const before = original.find((r) => r.id === edited.id - 1)!;
    tamper((db, rows) => {
      const put = db.prepare('UPDATE audit_log SET after_json = @after_json, prev_sha256 = @prev_sha256, row_sha256 = @row_sha256 WHERE id = @id');
      let prev = before.row_sha256;
      for (const row of rows.filter((r) => r.id >= edited.id)) {
        const after_json = row.id === edited.id ? row.after_json!.replace('"operator"', '"admin"') : row.after_json;
        const fields = { ...row, after_json, prev_sha256: prev };
        prev = attackerHash(fields);
        put.run({ ...fields, row_sha256: prev });
      }
    });
    try {
      // The known gap: nothing inside the file tells the rewritten chain from the real one.
      expect(verifyRepository()).toMatchObject({ intact: true, rows: original.length });
      expect((await verifyCli()).code).toBe(0);

      const cli = await verifyCli(anchorOf(before), anchorOf(edited), head);
      expect(cli.code, cli.stdout + cli.stderr).toBe(1);
      expect(cli.stdout).toContain(`Mốc khớp (anchor matches): ${anchorOf(before)}\n`);
      for (const anchor of [anchorOf(edited), head]) {
        expect(cli.stderr).toContain(`Lỗi: mốc ${anchor}: dòng #${anchor.split(':')[0]} có mã băm `);
      }
      expect(cli.stderr).toContain('chuỗi đã bị viết lại tại hoặc trước dòng này');
      expect(cli.stderr).not.toContain(anchorOf(before));
    } finally {
      restore();
    }
    expect(verifyRepository()).toMatchObject({ intact: true, rows: original.length, anchor: anchorOf(original.at(-1)!) });
  });

  it('the log cut short, its sequence reset so plain verify passes: an anchor on a cut row fails', async () => {
    const kept = original.at(-3)!;
    const head = anchorOf(original.at(-1)!);
    tamper((db) => {
      db.prepare('DELETE FROM audit_log WHERE id > ?').run(kept.id);
      db.prepare("UPDATE sqlite_sequence SET seq = ? WHERE name = 'audit_log'").run(kept.id);
    });
    try {
      expect(verifyRepository()).toMatchObject({ intact: true, rows: original.length - 2 });
      const cli = await verifyCli(head);
      expect(cli.code, cli.stdout + cli.stderr).toBe(1);
      expect(cli.stderr).toContain(`Lỗi: mốc ${head}: không còn dòng #${original.at(-1)!.id}, nhật ký đã bị cắt`);
    } finally {
      restore();
    }
    expect(verifyRepository()).toMatchObject({ intact: true, rows: original.length });
  });

  it('refuses a malformed anchor as a usage error (exit 2), naming it', async () => {
    const hex = original.at(-1)!.row_sha256;
    const bad = ['12', 'x:abc', `5:${hex.slice(1)}`, `0:${hex}`, `5:${hex}0`, `5:${'g'.repeat(64)}`, ` 5:${hex}`];
    const run = await verifyCli(anchorOf(original.at(-1)!), ...bad);
    expect(run.code, run.stdout + run.stderr).toBe(2);
    for (const anchor of bad) expect(run.stderr).toContain(`Lỗi: Mốc "${anchor}" sai dạng`);
    expect(run.stderr).toContain('(anchor must be <row id>:<64 hex SHA-256>)');
    expect(run.stdout).toBe('');

    const missing = await spawnTs('server/cli/pano.ts', ['audit', 'verify', '--anchor'], { DATA_DIR: server.dataDir }).done;
    expect(missing.code).toBe(2);
  });

  it('the server logs the head as an anchor when it starts', async () => {
    // Nothing after the start: the head logged is the last row.
    const fresh = await startTestServer({}, undefined, {}, { approveSeed: false });
    try {
      const lines = startLogs(fresh).filter((l) => l.msg === 'audit anchor');
      const db = new Database(path.join(fresh.dataDir, 'pano.sqlite3'), { readonly: true });
      const rows = db.prepare<[], AuditRow>('SELECT * FROM audit_log ORDER BY id').all();
      db.close();
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
      const file = path.join(first.dataDir, 'pano.sqlite3');
      const db = new Database(file);
      db.exec('DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete;');
      const edited = db.prepare<[], AuditRow>('SELECT * FROM audit_log ORDER BY id LIMIT 1').get()!;
      db.prepare('UPDATE audit_log SET actor = ? WHERE id = ?').run('someone-else', edited.id);
      db.close();

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

describe('audit verify: one snapshot while another process appends', () => {
  /**
   * Another connection (the CLI, or the server while the CLI verifies) appends exactly between
   * verify's read of the rows and its read of sqlite_sequence: the proxy runs the append when
   * verify prepares that second read. Read apart, the higher sequence looks like rows cut off the
   * end ("truncated"); read in one transaction, the new row is simply not in the snapshot.
   */
  let dir: string;
  let reader: Db;
  let writer: Db;
  let repo: AuditRepository;

  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'pano-audit-snapshot-'));
    openStore(dir, 'NORMAL').close();
    reader = new Database(path.join(dir, 'pano.sqlite3'));
    writer = new Database(path.join(dir, 'pano.sqlite3'));
    const other = new AuditRepository(writer);
    const appendBetweenReads = new Proxy(reader, {
      get(target, prop) {
        if (prop === 'prepare') {
          return (sql: string) => {
            if (sql.includes('sqlite_sequence')) other.append({ actorId: null, actor: 'system', action: 'test.append', target: 'settings' });
            return target.prepare(sql);
          };
        }
        const value: unknown = Reflect.get(target, prop);
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
    repo = new AuditRepository(appendBetweenReads);
  });
  afterAll(() => {
    reader.close();
    writer.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const count = () => reader.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM audit_log').get()!.n;

  it('verify on its own', () => {
    const before = count();
    expect(reader.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(repo.verify()).toMatchObject({ intact: true, rows: before });
    expect(count()).toBe(before + 1);
  });

  it('verify inside snapshot(), as `pano audit verify` runs it', () => {
    const before = count();
    const { report, head } = repo.snapshot(() => ({ report: repo.verify(), head: repo.head() }));
    expect(report).toEqual({ intact: true, rows: before, anchor: `${head!.id}:${head!.sha256}` });
    expect(count()).toBe(before + 1);
    // The rows appended meanwhile extend the chain; the next verify sees them, intact.
    expect(repo.verify()).toMatchObject({ intact: true, rows: before + 1 });
    expect(count()).toBe(before + 2);
  });
});
