import type Database from 'better-sqlite3';

/**
 * Versioned schema. Each migration runs once, in order, inside a transaction, and its number is
 * recorded in user_version; never edit a released migration, append a new one.
 */
const MIGRATIONS: { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: 'plans, zones and the content register',
    sql: `
      CREATE TABLE plan_documents (
        id INTEGER PRIMARY KEY,
        number TEXT NOT NULL UNIQUE,
        title TEXT NOT NULL,
        issuer TEXT NOT NULL,
        issued_on TEXT NOT NULL,
        plan_json TEXT NOT NULL,
        plan_sha256 TEXT NOT NULL,
        imported_at TEXT NOT NULL
      );
      CREATE TABLE zones (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('gate', 'lobby', 'hall', 'web', 'other'))
      );
      CREATE TABLE content_items (
        id INTEGER PRIMARY KEY,
        key TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL CHECK (kind IN ('slogan', 'message')),
        status TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'approved', 'rejected', 'retired')),
        tags_json TEXT NOT NULL DEFAULT '[]',
        source_document_id INTEGER REFERENCES plan_documents(id),
        source_section TEXT NOT NULL DEFAULT '',
        approved_revision_id INTEGER,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE TABLE content_revisions (
        id INTEGER PRIMARY KEY,
        item_id INTEGER NOT NULL REFERENCES content_items(id),
        revision INTEGER NOT NULL,
        text TEXT NOT NULL,
        title TEXT,
        text_sha256 TEXT NOT NULL,
        created_at TEXT NOT NULL,
        UNIQUE (item_id, revision)
      );
      CREATE INDEX content_items_status ON content_items(status);
    `,
  },
  {
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
  },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

export function migrate(db: Database.Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > SCHEMA_VERSION) {
    throw new Error(
      `Cơ sở dữ liệu ở phiên bản ${current}, mới hơn phần mềm (${SCHEMA_VERSION}); hãy cập nhật Pano. ` +
        `(database schema ${current} is newer than this build's ${SCHEMA_VERSION})`,
    );
  }
  for (const m of MIGRATIONS) {
    if (m.version <= current) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
}
