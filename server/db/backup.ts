/**
 * Backups of the Pano database. A backup is a consistent online copy taken with SQLite's backup
 * API while the server runs (copying the file itself could catch a write half done, and misses
 * what is still in the WAL). A restore checks the copy (integrity, audit chain, schema) and puts
 * it in place only while no server holds DATA_DIR; the database it replaces is kept beside it.
 */
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { closeSync, existsSync, fsyncSync, openSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { describeChain } from '../protocol/audit.js';
import { AuditRepository } from './audit-repository.js';
import { lockDataDir } from './data-dir-lock.js';
import { databasePath, DEFAULT_BUSY_TIMEOUT_MS } from './database.js';
import { migrate, SCHEMA_VERSION } from './migrations/index.js';
import type { Schema } from './engine.js';

/** A backup that cannot be taken or a file that must not be restored; the message is Vietnamese, then English. */
export class BackupError extends Error {
  constructor(vi: string, en: string, options?: ErrorOptions) {
    super(`${vi} (${en})`, options);
    this.name = 'BackupError';
  }
}

/**
 * On PostgreSQL the database is not a file in DATA_DIR: PostgreSQL's own tools copy and restore
 * it while every node runs (pg_dump takes one consistent snapshot).
 */
export function postgresBackupRefused(command: 'backup' | 'restore'): BackupError {
  return command === 'backup'
    ? new BackupError(
        'Pano đang dùng PostgreSQL (DATABASE_URL): pano backup chỉ sao lưu SQLite. Hãy sao lưu bằng pg_dump, ví dụ: pg_dump --format=custom --file=pano.dump "$DATABASE_URL"; sao lưu cả thư mục DATA_DIR (ảnh, đoạn phim)',
        'Pano runs on PostgreSQL (DATABASE_URL): pano backup copies SQLite only. Back up with pg_dump, e.g. pg_dump --format=custom --file=pano.dump "$DATABASE_URL", and copy DATA_DIR (photos, clips) too',
      )
    : new BackupError(
        'Pano đang dùng PostgreSQL (DATABASE_URL): pano restore chỉ khôi phục SQLite. Hãy dừng mọi nút Pano rồi khôi phục bằng pg_restore, ví dụ: pg_restore --clean --dbname="$DATABASE_URL" pano.dump',
        'Pano runs on PostgreSQL (DATABASE_URL): pano restore restores SQLite only. Stop every Pano node, then restore with pg_restore, e.g. pg_restore --clean --dbname="$DATABASE_URL" pano.dump',
      );
}

export interface BackupReport {
  file: string;
  bytes: number;
  auditRows: number;
}

/** Every page in one step: a step holds the source's read lock, so the copy is one snapshot even under writes. */
const ALL_PAGES = 0x7fffffff;

export async function backupDatabase(dataDir: string, out: string): Promise<BackupReport> {
  const source = databasePath(dataDir);
  if (!existsSync(source)) throw new BackupError(`Không có cơ sở dữ liệu ${source} để sao lưu`, `no database at ${source} to back up`);
  const target = path.resolve(out);
  if (!existsSync(path.dirname(target))) throw new BackupError(`Thư mục ${path.dirname(target)} không tồn tại`, `directory ${path.dirname(target)} does not exist`);
  const temp = `${target}.${process.pid}.partial`;
  const db = new Database(source, { fileMustExist: true, timeout: DEFAULT_BUSY_TIMEOUT_MS });
  try {
    await db.backup(temp, { progress: () => ALL_PAGES });
  } catch (err) {
    rmSync(temp, { force: true });
    throw new BackupError(`Không sao lưu được: ${(err as Error).message}`, 'the backup failed', { cause: err });
  } finally {
    db.close();
  }
  try {
    // A standalone file: no WAL beside it, so copying it anywhere copies all of it.
    const copy = new Database(temp);
    try {
      copy.pragma('journal_mode = DELETE');
    } finally {
      copy.close();
    }
    const report = await checkBackup(temp);
    fsyncFile(temp);
    renameSync(temp, target);
    return { file: target, bytes: statSync(target).size, auditRows: report.auditRows };
  } catch (err) {
    rmSync(temp, { force: true });
    throw err;
  }
}

/** A file fit to be Pano's database: SQLite, intact, a schema this build knows, an unbroken audit chain. */
export async function checkBackup(file: string): Promise<{ auditRows: number }> {
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch (err) {
    throw new BackupError(`Không mở được tệp ${file}`, `cannot open ${file}`, { cause: err });
  }
  try {
    let integrity: unknown;
    try {
      integrity = db.pragma('integrity_check', { simple: true });
    } catch (err) {
      throw new BackupError(`${file} không phải cơ sở dữ liệu SQLite dùng được`, `${file} is not a usable SQLite database`, { cause: err });
    }
    if (integrity !== 'ok') throw new BackupError(`Tệp ${file} bị hỏng (integrity_check: ${String(integrity)})`, `${file} is corrupt`);
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version < 1 || version > SCHEMA_VERSION) {
      throw new BackupError(
        `Tệp ${file} không phải bản sao lưu Pano dùng được với phiên bản này (lược đồ ${version}, phần mềm ${SCHEMA_VERSION})`,
        `${file} is not a Pano backup this version can use (schema ${version}, software ${SCHEMA_VERSION})`,
      );
    }
    const chain = await verifyFileChain(db, version);
    if (!chain.intact) {
      const text = describeChain(chain);
      throw new BackupError(`Nhật ký thay đổi trong bản sao lưu bị phá vỡ: ${text.vi}`, `the backup's audit chain is broken: ${text.en}`);
    }
    return { auditRows: chain.rows };
  } finally {
    db.close();
  }
}

export interface RestoreReport {
  /** Where the database it replaced now is; undefined if there was none. */
  previous: string | undefined;
  auditRows: number;
}

/**
 * Puts a checked backup in place as DATA_DIR's database. Refuses while a server holds DATA_DIR
 * (DataDirLockedError) and holds the lock itself meanwhile, so none can start half way.
 */
export async function restoreDatabase(dataDir: string, backup: string, now = new Date()): Promise<RestoreReport> {
  const lock = lockDataDir(dataDir);
  try {
    const { auditRows } = await checkBackup(backup);
    const target = databasePath(dataDir);
    const incoming = `${target}.restoring`;
    copyDatabase(backup, incoming);
    let previous: string | undefined;
    if (existsSync(target)) {
      previous = `${target}.truoc-khoi-phuc-${now.toISOString().replace(/[:.]/g, '-')}`;
      // The WAL and its index belong to the file they were written for: they move with it.
      for (const suffix of ['', '-wal', '-shm']) if (existsSync(target + suffix)) renameSync(target + suffix, previous + suffix);
    }
    renameSync(incoming, target);
    fsyncDir(dataDir);
    return { previous, auditRows };
  } finally {
    lock.release();
  }
}

/** The version that keeps the chain's head in its own row (audit_head), which verify reads. */
const AUDIT_HEAD_VERSION = 19;

/**
 * The chain of a backup file, read by the same verify as the server's. A backup older than
 * the audit head row is checked on a migrated copy in memory: migration 19 sets the head from
 * sqlite_sequence, so rows cut off the end still show. The file itself is never written.
 */
async function verifyFileChain(file: Database.Database, version: number) {
  const db = version < AUDIT_HEAD_VERSION ? new Database(file.serialize()) : file;
  if (db !== file) migrate(db);
  const q = new Kysely<Schema>({ dialect: new SqliteDialect({ database: db }) });
  try {
    return await new AuditRepository(q).verify();
  } finally {
    // Kysely's SQLite driver closes the handle it was given; the caller closes `file` itself.
    if (db !== file) await q.destroy();
  }
}

/** Through SQLite (VACUUM INTO), so the copy is whole and standalone, with no WAL of its own. */
function copyDatabase(from: string, to: string): void {
  rmSync(to, { force: true });
  const source = new Database(from, { readonly: true, fileMustExist: true });
  try {
    source.exec(`VACUUM INTO '${to.replace(/'/g, "''")}'`);
  } finally {
    source.close();
  }
  fsyncFile(to);
}

function fsyncFile(file: string): void {
  const fd = openSync(file, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function fsyncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
