import type { Migration } from './index.js';

export const migration: Migration = {
  version: 2,
  name: 'users, sessions and the hash-chained audit log',
  sql: `
      CREATE TABLE users (
        id INTEGER PRIMARY KEY,
        username TEXT NOT NULL UNIQUE COLLATE NOCASE,
        display_name TEXT NOT NULL,
        roles_json TEXT NOT NULL DEFAULT '[]',
        password_hash TEXT,
        setup_token_sha256 TEXT,
        disabled INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE TABLE sessions (
        id_sha256 TEXT PRIMARY KEY,
        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        created_at TEXT NOT NULL,
        last_seen_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        remote_address TEXT NOT NULL DEFAULT ''
      );
      CREATE INDEX sessions_user ON sessions(user_id);
      CREATE TABLE audit_log (
        -- AUTOINCREMENT keeps ids from being reused, so a removed last row leaves sqlite_sequence ahead.
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        actor_id INTEGER,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        target TEXT NOT NULL,
        before_json TEXT,
        after_json TEXT,
        remote_address TEXT NOT NULL DEFAULT '',
        prev_sha256 TEXT NOT NULL,
        row_sha256 TEXT NOT NULL
      );
      CREATE INDEX audit_log_action ON audit_log(action);
      -- Append-only: the application never updates or deletes audit rows; the hash chain shows
      -- whoever does it behind the application's back.
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
    `,
};
