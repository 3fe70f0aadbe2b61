import type { PostgresMigration } from './migrate.js';

/**
 * The same as SQLite's 019 (see its comment). UNIQUE(prev_sha256) is already in the baseline; it
 * takes SQLite's index name so that both schemas name it alike.
 */
export const migration: PostgresMigration = {
  version: 19,
  name: 'audit-head-and-generation',
  sql: `
    ALTER TABLE audit_log RENAME CONSTRAINT audit_log_prev_sha256_key TO audit_log_prev_sha256;
    CREATE TABLE audit_head (
      id integer PRIMARY KEY CHECK (id = 1),
      last_id integer NOT NULL,
      last_sha256 text NOT NULL
    );
    INSERT INTO audit_head (id, last_id, last_sha256)
      SELECT 1,
             COALESCE((SELECT max(id) FROM audit_log), 0),
             COALESCE((SELECT row_sha256 FROM audit_log ORDER BY id DESC LIMIT 1), '${'0'.repeat(64)}');
    CREATE TABLE change_generation (
      id integer PRIMARY KEY CHECK (id = 1),
      generation bigint NOT NULL,
      changed_at text NOT NULL
    );
    INSERT INTO change_generation (id, generation, changed_at) VALUES (1, 0, '1970-01-01T00:00:00.000Z');
  `,
};
