import type { Migration } from './index.js';

/**
 * For several nodes on one database (issue 15), the same on SQLite:
 * - audit_head: the chain's last id and hash in one row. An append locks it (PostgreSQL: FOR
 *   UPDATE at READ COMMITTED, which re-reads it after the wait), takes id + 1 explicitly and moves
 *   it, so concurrent appends queue instead of forking, and ids have no gaps. A head ahead of the
 *   last row means rows were cut off the end (what sqlite_sequence told before).
 * - UNIQUE(prev_sha256): two rows can never follow the same row, whatever the isolation level.
 * - change_generation: bumped in the transaction of every change that screens or the web channel
 *   must see; nodes poll it beside their notifications.
 */
export const migration: Migration = {
  version: 19,
  name: 'audit-head-and-generation',
  sql: `
    CREATE UNIQUE INDEX audit_log_prev_sha256 ON audit_log(prev_sha256);
    CREATE TABLE audit_head (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      last_id INTEGER NOT NULL,
      last_sha256 TEXT NOT NULL
    );
    INSERT INTO audit_head (id, last_id, last_sha256)
      SELECT 1,
             COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'audit_log'), 0),
             COALESCE((SELECT row_sha256 FROM audit_log ORDER BY id DESC LIMIT 1), '${'0'.repeat(64)}');
    CREATE TABLE change_generation (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      generation INTEGER NOT NULL,
      changed_at TEXT NOT NULL
    );
    INSERT INTO change_generation (id, generation, changed_at) VALUES (1, 0, '1970-01-01T00:00:00.000Z');
  `,
};
