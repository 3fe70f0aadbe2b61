/**
 * The PostgreSQL baseline against the real SQLite schema: every table with the same columns and
 * NOT NULLs, every named index and trigger; the triggers refuse what SQLite's refuse, with the same
 * messages; the audit chain cannot fork; migratePostgres is idempotent, safe when nodes start at
 * once, and refuses a database newer than the build or one holding someone else's tables.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../server/db/database.js';
import { BASELINE_VERSION } from '../../server/db/postgres/baseline.js';
import { appRoleGrants, migratePostgres, POSTGRES_SCHEMA_VERSION } from '../../server/db/postgres/migrate.js';
import { SCHEMA_VERSION } from '../../server/db/migrations/index.js';
import { postgresKysely, usePostgres, type TestPostgres } from '../support/postgres.js';

let server: TestPostgres;
let db: Kysely<any>;
let sqliteDir: string;
let sqlite: Db;
const opened: Kysely<any>[] = [];

const open = (url: string) => {
  const k = postgresKysely(url);
  opened.push(k);
  return k;
};

/** A database with nothing in it: the maintenance connection creates it from template1. */
async function emptyDatabase(name: string): Promise<Kysely<any>> {
  const admin = new pg.Client({ connectionString: server.url('postgres') });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  return open(server.url(name));
}

const rows = async <T>(query: ReturnType<typeof sql<T>>, on: Kysely<any> = db) => (await query.execute(on)).rows;

beforeAll(async () => {
  server = await usePostgres();
  db = open(await server.createDatabase());
  sqliteDir = mkdtempSync(path.join(os.tmpdir(), 'pano-pg-schema-'));
  sqlite = openDatabase(sqliteDir);
});

afterAll(async () => {
  await Promise.all(opened.map((k) => k.destroy()));
  sqlite?.close();
  if (sqliteDir) rmSync(sqliteDir, { recursive: true, force: true });
  await server?.stop();
});

describe('the baseline equals the SQLite schema', () => {
  it('is the version SQLite is at', () => {
    expect(BASELINE_VERSION).toBeLessThanOrEqual(SCHEMA_VERSION);
    expect(POSTGRES_SCHEMA_VERSION).toBe(SCHEMA_VERSION);
  });

  it('has every table with the same columns, types and NOT NULLs', async () => {
    const sqliteTables = sqlite
      .prepare<[], { name: string }>(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
      .all()
      .map((t) => t.name);
    const expected = Object.fromEntries(
      sqliteTables.map((table) => {
        const columns = sqlite.prepare<[], { name: string; type: string; notnull: number; pk: number }>(`SELECT name, type, "notnull", pk FROM pragma_table_info('${table}')`).all();
        // A primary key is never NULL in PostgreSQL; SQLite's pragma says so only when declared.
        return [table, columns.map((c) => `${c.name} ${c.type.toLowerCase()}${c.notnull || c.pk ? ' NOT NULL' : ''}`).sort()];
      }),
    );
    const pgColumns = await rows(sql<{ table_name: string; column_name: string; data_type: string; is_nullable: string }>`
      SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns
      WHERE table_schema = 'public' AND table_name <> 'pano_schema_version'`);
    // SQLite's declared types by their PostgreSQL counterparts: 64-bit only where 32 would not last.
    const sqliteType: Record<string, string> = { integer: 'integer', bigint: 'integer', text: 'text', 'double precision': 'real' };
    const actual: Record<string, string[]> = {};
    for (const c of pgColumns) {
      (actual[c.table_name] ??= []).push(`${c.column_name} ${sqliteType[c.data_type] ?? c.data_type}${c.is_nullable === 'NO' ? ' NOT NULL' : ''}`);
    }
    for (const columns of Object.values(actual)) columns.sort();
    expect(sqliteTables.length).toBeGreaterThan(30);
    expect(actual).toEqual(expected);
  });

  it('has every named index and trigger of SQLite', async () => {
    const named = (type: string) =>
      sqlite
        .prepare<[string], { name: string }>(`SELECT name FROM sqlite_master WHERE type = ? AND sql IS NOT NULL ORDER BY name`)
        .all(type)
        .map((r) => r.name);
    const indexes = (await rows(sql<{ indexname: string }>`SELECT indexname FROM pg_indexes WHERE schemaname = 'public'`)).map((r) => r.indexname);
    const triggers = (await rows(sql<{ tgname: string }>`SELECT tgname FROM pg_trigger WHERE NOT tgisinternal`)).map((r) => r.tgname);
    expect(named('index')).toHaveLength(26);
    expect(indexes).toEqual(expect.arrayContaining(named('index')));
    expect(named('trigger')).toHaveLength(8);
    expect(triggers).toEqual(expect.arrayContaining(named('trigger')));
  });
});

describe('refusals', () => {
  const AT = '2026-09-02T01:00:00.000Z';
  const HEX = 'a'.repeat(64);

  async function appendAudit(on: Kysely<any>, prev: string, id?: number): Promise<void> {
    await on
      .insertInto('audit_log')
      .values({ ...(id === undefined ? {} : { id }), at: AT, actor: 'Quản trị', action: 'content.approve', target: 'item:1', after_json: '{"text":"TỰ HÀO VIỆT NAM"}', prev_sha256: prev, row_sha256: HEX })
      .execute();
  }

  it('keeps the audit log append-only and the chain unforked', async () => {
    await appendAudit(db, '0'.repeat(64));
    await expect(db.updateTable('audit_log').set({ actor: 'kẻ gian' }).execute()).rejects.toMatchObject({ message: 'audit_log is append-only' });
    await expect(db.deleteFrom('audit_log').execute()).rejects.toMatchObject({ message: 'audit_log is append-only' });
    await expect(sql`TRUNCATE audit_log`.execute(db)).rejects.toMatchObject({ message: 'audit_log is append-only' });
    // Two appends that read the same head: the second cannot commit.
    await expect(appendAudit(db, '0'.repeat(64))).rejects.toMatchObject({ code: '23505', constraint: 'audit_log_prev_sha256' });
    // Explicit ids (gapless appends, a copy from SQLite) are accepted.
    await appendAudit(db, '1'.repeat(64), 7);
    expect((await db.selectFrom('audit_log').select(['id', 'after_json']).orderBy('id').execute()).map((r) => r.id)).toEqual([1, 7]);
  });

  it('keeps reviewed revisions and their files as they were, and decisions append-only', async () => {
    const { id: itemId } = await db
      .insertInto('content_items')
      .values({ key: 'anh-le-quoc-khanh', kind: 'picture', status: 'approved', created_at: AT, updated_at: AT })
      .returning('id')
      .executeTakeFirstOrThrow();
    const revision = (revision: number, status: string) =>
      db
        .insertInto('content_revisions')
        .values({ item_id: itemId, revision, text: 'MỪNG ĐẢNG QUANG VINH – MỪNG XUÂN ẤT TỴ', text_sha256: HEX, created_at: AT, status })
        .returning('id')
        .executeTakeFirstOrThrow();
    const approved = (await revision(1, 'approved')).id;
    const draft = (await revision(2, 'draft')).id;
    for (const revisionId of [approved, draft]) {
      await db.insertInto('content_revision_media').values({ revision_id: revisionId, kind: 'picture', media_id: HEX, width: 1920, height: 1080 }).execute();
    }

    await expect(db.updateTable('content_revision_media').set({ credit: 'Ảnh: TTXVN' }).where('revision_id', '=', approved).execute()).rejects.toMatchObject({
      message: 'content_revision_media: a reviewed file is immutable',
    });
    await db.updateTable('content_revision_media').set({ credit: 'Ảnh: TTXVN' }).where('revision_id', '=', draft).execute();
    await expect(db.deleteFrom('content_revision_media').where('revision_id', '=', draft).execute()).rejects.toMatchObject({
      message: 'content_revision_media: revisions are history',
    });

    await expect(db.updateTable('content_revisions').set({ text: 'ĐÃ SỬA' }).where('id', '=', approved).execute()).rejects.toMatchObject({
      message: 'content_revisions: reviewed text is immutable',
    });
    // Only the text is frozen: a reviewed revision's status still moves, a draft's text still changes.
    await db.updateTable('content_revisions').set({ status: 'rejected' }).where('id', '=', approved).execute();
    await db.updateTable('content_revisions').set({ text: 'CHÀO MỪNG ĐẠI HỘI ĐẢNG BỘ – ỄỂẪẬ' }).where('id', '=', draft).execute();
    await expect(db.deleteFrom('content_revisions').where('id', '=', draft).execute()).rejects.toMatchObject({ message: 'content_revisions: revisions are history' });

    await db.insertInto('content_decisions').values({ item_id: itemId, revision_id: approved, decision: 'approve', actor: 'Lãnh đạo', at: AT }).execute();
    await expect(db.updateTable('content_decisions').set({ reason: 'x' }).execute()).rejects.toMatchObject({ message: 'content_decisions is append-only' });
    await expect(db.deleteFrom('content_decisions').execute()).rejects.toMatchObject({ message: 'content_decisions is append-only' });
  });

  it('refuses what SQLite refuses: text that is not JSON, a bad flag, a bad hash, a user name in another case', async () => {
    const user = (username: string, roles_json = '[]') =>
      db.insertInto('users').values({ username, display_name: username, roles_json, created_at: AT, updated_at: AT }).execute();
    await expect(user('bien-tap', '[editor')).rejects.toMatchObject({ code: '23514', constraint: 'users_roles_json_check' });
    await user('Nguyễn.Văn.Ấn');
    await expect(user('NGUYỄN.VĂN.ẤN')).rejects.toMatchObject({ code: '23505' });
    // Accents still tell names apart, as they do in SQLite (NOCASE folds case only).
    await user('Nguyen.Van.An');
    const found = await db.selectFrom('users').select('username').where('username', '=', 'nguyễn.văn.ấn').execute();
    expect(found).toEqual([{ username: 'Nguyễn.Văn.Ấn' }]);

    await expect(
      db.insertInto('national_days').values({ id: 'x', name_vi: 'Quốc khánh', name_en: 'National Day', kind: 'holiday', calendar: 'solar', month: 9, day: 2, built_in: 2, updated_at: AT }).execute(),
    ).rejects.toMatchObject({ code: '23514' });
    await expect(
      db.insertInto('photos').values({ id: 'A'.repeat(64), mime: 'image/png', width: 1, height: 1, bytes: 1, uploaded_at: AT }).execute(),
    ).rejects.toMatchObject({ code: '23514', constraint: 'photos_id_check' });
  });

  it('lets an application role write everything but never change or remove audit rows', async () => {
    const url = await server.createDatabase();
    const owner = open(url);
    const role = `pano_app_${process.pid}`;
    await sql.raw(`DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${role}') THEN CREATE ROLE ${role}; END IF; END $$`).execute(owner);
    await sql.raw(appRoleGrants(role)).execute(owner);
    await owner.connection().execute(async (conn) => {
      await sql.raw(`SET ROLE ${role}`).execute(conn);
      await appendAudit(conn, '2'.repeat(64));
      await conn.insertInto('zones').values({ id: 'sanh', name: 'Sảnh chính', kind: 'lobby' }).execute();
      await conn.updateTable('zones').set({ name: 'Sảnh tầng 1' }).execute();
      await expect(conn.updateTable('audit_log').set({ actor: 'x' }).execute()).rejects.toMatchObject({ code: '42501' });
      await expect(conn.deleteFrom('audit_log').execute()).rejects.toMatchObject({ code: '42501' });
      await sql`RESET ROLE`.execute(conn);
    });
  });
});

describe('migratePostgres', () => {
  const version = async (on: Kysely<any>) => (await rows(sql<{ version: number }>`SELECT version FROM pano_schema_version`, on)).map((r) => r.version);

  it('does nothing on a database already at this version', async () => {
    const copy = open(await server.createDatabase());
    await copy.insertInto('zones').values({ id: 'hoi-truong', name: 'Hội trường', kind: 'hall' }).execute();
    await migratePostgres(copy);
    await migratePostgres(copy);
    expect(await version(copy)).toEqual([SCHEMA_VERSION]);
    expect(await copy.selectFrom('zones').select('name').execute()).toEqual([{ name: 'Hội trường' }]);
  });

  it('lays the baseline once when several nodes start on an empty database at the same moment', async () => {
    const name = `pano_race_${process.pid}`;
    const first = await emptyDatabase(name);
    const nodes = [first, open(server.url(name)), open(server.url(name))];
    await Promise.all(nodes.map((node) => migratePostgres(node)));
    expect(await version(first)).toEqual([SCHEMA_VERSION]);
    const [{ n }] = await rows(sql<{ n: number }>`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public'`, first);
    const sqliteTables = sqlite.prepare<[], { n: number }>(`SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).get()!.n;
    expect(n).toBe(sqliteTables + 1);
  });

  it('refuses a database newer than this build, in Vietnamese and English', async () => {
    const newer = open(await server.createDatabase());
    await sql`UPDATE pano_schema_version SET version = ${SCHEMA_VERSION + 1}`.execute(newer);
    await expect(migratePostgres(newer)).rejects.toThrow(/mới hơn phần mềm.*newer than this build/s);
  });

  it("refuses a database holding someone else's tables", async () => {
    const other = await emptyDatabase(`pano_other_${process.pid}`);
    await sql`CREATE TABLE invoices (id integer)`.execute(other);
    await expect(migratePostgres(other)).rejects.toThrow(/không trống.*invoices.*not empty/s);
    expect(await rows(sql`SELECT 1 FROM information_schema.tables WHERE table_name = 'users'`, other)).toEqual([]);
  });
});
