import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { migrate } from './migrations/index.js';

export type Db = Database.Database;

export interface OpenOptions {
  /** NORMAL loses nothing on a process crash (kill -9); FULL also survives power loss. */
  synchronous: 'NORMAL' | 'FULL';
}

/** Opens (creating if needed) the Pano database in dataDir and brings its schema up to date. */
export function openDatabase(dataDir: string, options: OpenOptions = { synchronous: 'FULL' }): Db {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(path.join(dataDir, 'pano.sqlite3'));
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${options.synchronous}`);
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  return db;
}

export function checkDatabase(db: Db): boolean {
  return db.prepare('SELECT 1 AS ok').get() !== undefined;
}
