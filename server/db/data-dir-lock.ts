/**
 * One server per DATA_DIR. Two servers on one database both start, then about half their writes
 * fail. The lock is an SQLite file held in exclusive locking mode: the operating system releases
 * its lock when the process ends, even by kill -9, so a crash never leaves a stale lock behind,
 * and SQLite also keeps two connections of one process apart. On PostgreSQL (DATABASE_URL) the
 * server takes no lock: several nodes share that database by design.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

export const LOCK_FILE = 'pano.lock';

export class DataDirLockedError extends Error {
  constructor(readonly dataDir: string) {
    const file = path.join(dataDir, LOCK_FILE);
    super(
      `Một máy chủ Pano khác đang dùng thư mục dữ liệu ${dataDir} (khóa ${file}). Hãy dừng máy chủ đó trước; hai máy chủ trên cùng dữ liệu sẽ làm mất thao tác ghi.\n` +
        `(Another Pano server is using the data directory ${dataDir} (lock ${file}). Stop it first: two servers on one data directory lose writes.)`,
    );
    this.name = 'DataDirLockedError';
  }
}

export interface DataDirLock {
  release(): void;
}

/** Takes the exclusive lock on dataDir without waiting; throws DataDirLockedError if another holds it. */
export function lockDataDir(dataDir: string): DataDirLock {
  mkdirSync(dataDir, { recursive: true });
  const lock = new Database(path.join(dataDir, LOCK_FILE), { timeout: 0 });
  try {
    lock.pragma('locking_mode = EXCLUSIVE');
    // The first write takes the exclusive lock; in this locking mode it is kept until close.
    lock.exec(`BEGIN EXCLUSIVE; CREATE TABLE IF NOT EXISTS holder (pid INTEGER, since TEXT); DELETE FROM holder;`);
    lock.prepare('INSERT INTO holder (pid, since) VALUES (?, ?)').run(process.pid, new Date().toISOString());
    lock.exec('COMMIT');
  } catch (err) {
    lock.close();
    if ((err as { code?: string }).code?.startsWith('SQLITE_BUSY')) throw new DataDirLockedError(dataDir);
    throw err;
  }
  return { release: () => lock.close() };
}
