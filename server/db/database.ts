import Database from 'better-sqlite3';
import { closeSync, mkdirSync, openSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import { migrate } from './migrations/index.js';

export type Db = Database.Database;

export const DATABASE_FILE = 'pano.sqlite3';
/** How long a write waits for another connection's lock before it fails (the busy timeout). */
export const DEFAULT_BUSY_TIMEOUT_MS = 5000;

export interface OpenOptions {
  /** NORMAL loses nothing on a process crash (kill -9); FULL also survives power loss. */
  synchronous: 'NORMAL' | 'FULL';
  busyTimeoutMs?: number;
}

/**
 * The database file cannot be used as it is: empty, unreadable, not SQLite, or corrupt. The
 * message names the file and says how to restore it; the server refuses to start rather than
 * start over as a new install and lose the office's users, content and screens.
 */
export class DatabaseFileError extends Error {
  constructor(
    readonly file: string,
    readonly vi: string,
    readonly en: string,
    options?: ErrorOptions,
  ) {
    super(`${vi}\n(${en})`, options);
    this.name = 'DatabaseFileError';
  }
}

export function databasePath(dataDir: string): string {
  return path.join(dataDir, DATABASE_FILE);
}

const restoreAdvice = (file: string) => ({
  vi: `Hãy khôi phục bản sao lưu gần nhất: pano restore <tệp sao lưu> (DATA_DIR=${path.dirname(file)}). Nếu đây là cài đặt mới chưa dùng, xóa tệp này rồi khởi động lại.`,
  en: `Restore the latest backup with: pano restore <backup file>. If this is a new, unused install, delete the file and start again.`,
});

function refuse(file: string, vi: string, en: string, cause?: unknown): DatabaseFileError {
  const advice = restoreAdvice(file);
  return new DatabaseFileError(file, `${vi} ${advice.vi}`, `${en} ${advice.en}`, cause === undefined ? undefined : { cause });
}

const SQLITE_HEADER = 'SQLite format 3\0';

/**
 * Only a missing file is a new install. A file that exists must be readable and start with the
 * SQLite header: a zero-length or overwritten file is a lost database, never an empty one.
 */
function checkExistingFile(file: string): 'new' | 'existing' {
  let size: number;
  try {
    const stat = statSync(file, { throwIfNoEntry: false });
    if (!stat) return 'new';
    if (!stat.isFile()) throw refuse(file, `${file} không phải một tệp.`, `${file} is not a file.`);
    size = stat.size;
  } catch (err) {
    if (err instanceof DatabaseFileError) throw err;
    throw refuse(file, `Không đọc được tệp cơ sở dữ liệu ${file}: ${(err as Error).message}.`, `Cannot read the database file ${file}.`, err);
  }
  if (size === 0) {
    throw refuse(file, `Tệp cơ sở dữ liệu ${file} rỗng (0 byte): dữ liệu đã mất, Pano không bắt đầu lại như cài đặt mới.`, `The database file ${file} is empty (0 bytes): its data is lost, and Pano will not start over as a new install.`);
  }
  const header = Buffer.alloc(SQLITE_HEADER.length);
  try {
    const fd = openSync(file, 'r');
    try {
      readSync(fd, header, 0, header.length, 0);
    } finally {
      closeSync(fd);
    }
  } catch (err) {
    throw refuse(file, `Không đọc được tệp cơ sở dữ liệu ${file} (${(err as NodeJS.ErrnoException).code ?? 'lỗi'}).`, `Cannot read the database file ${file}.`, err);
  }
  if (header.toString('latin1') !== SQLITE_HEADER) {
    throw refuse(file, `Tệp ${file} không phải cơ sở dữ liệu SQLite (phần đầu tệp sai).`, `${file} is not an SQLite database (wrong file header).`);
  }
  return 'existing';
}

const CORRUPT_CODES = new Set(['SQLITE_CORRUPT', 'SQLITE_NOTADB']);

/** Whether an error from better-sqlite3 says the file itself is damaged. */
export function isCorruption(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && [...CORRUPT_CODES].some((c) => code === c || code.startsWith(`${c}_`));
}

/**
 * Opens (creating only if missing) the Pano database in dataDir, checks it and brings its schema
 * up to date. Throws DatabaseFileError for a file that is empty, unreadable or corrupt.
 */
export function openDatabase(dataDir: string, options: OpenOptions = { synchronous: 'FULL' }): Db {
  mkdirSync(dataDir, { recursive: true });
  const file = databasePath(dataDir);
  const state = checkExistingFile(file);
  let db: Db | undefined;
  try {
    db = new Database(file, { timeout: options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS });
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${options.synchronous}`);
    db.pragma('foreign_keys = ON');
    if (state === 'existing') {
      const check = db.pragma('quick_check', { simple: true });
      if (check !== 'ok') {
        throw refuse(file, `Cơ sở dữ liệu ${file} bị hỏng (quick_check: ${String(check)}).`, `The database ${file} is corrupt (quick_check: ${String(check)}).`);
      }
    }
    migrate(db);
    return db;
  } catch (err) {
    db?.close();
    if (err instanceof DatabaseFileError) throw err;
    if (isCorruption(err)) {
      throw refuse(file, `Cơ sở dữ liệu ${file} bị hỏng (${(err as Error).message}).`, `The database ${file} is corrupt.`, err);
    }
    throw err;
  }
}
