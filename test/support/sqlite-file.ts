import type Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { Schema } from '../../server/db/engine.js';

/** Repositories over a better-sqlite3 handle a test opened on an SQLite file itself (the caller closes it). */
export function overSqliteFile(db: Database.Database): Kysely<Schema> {
  return new Kysely<Schema>({ dialect: new SqliteDialect({ database: db }) });
}
