import type { Migration } from './index.js';

export const migration: Migration = {
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
};
