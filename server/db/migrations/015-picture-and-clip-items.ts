import type { Migration } from './index.js';

/**
 * Pictures and clips join the register. content_items.kind gains 'picture' and 'clip' (SQLite
 * cannot alter a CHECK, so the table is rebuilt with its rows, ids and indexes). Each revision of
 * such an item names its file in content_revision_media: the file, credit and focus box are part of
 * what was reviewed, so like a revision's text they cannot change once submitted.
 */
export const migration: Migration = {
  version: 15,
  name: 'picture and clip items',
  foreignKeysOff: true,
  sql: `
      CREATE TABLE content_items_new (
        id INTEGER PRIMARY KEY,
        key TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL CHECK (kind IN ('slogan', 'message', 'picture', 'clip')),
        status TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'approved', 'rejected', 'retired')),
        tags_json TEXT NOT NULL DEFAULT '[]',
        source_document_id INTEGER REFERENCES plan_documents(id),
        source_section TEXT NOT NULL DEFAULT '',
        approved_revision_id INTEGER,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        events_json TEXT NOT NULL DEFAULT '[]',
        places_json TEXT NOT NULL DEFAULT '[]',
        valid_from_json TEXT,
        valid_until_json TEXT,
        source_number TEXT NOT NULL DEFAULT '',
        source_issuer TEXT NOT NULL DEFAULT '',
        source_issued_on TEXT NOT NULL DEFAULT '',
        created_by INTEGER REFERENCES users(id),
        celebratory INTEGER NOT NULL DEFAULT 0 CHECK (celebratory IN (0, 1))
      );
      INSERT INTO content_items_new (id, key, kind, status, tags_json, source_document_id, source_section, approved_revision_id,
          created_at, updated_at, events_json, places_json, valid_from_json, valid_until_json, source_number, source_issuer,
          source_issued_on, created_by, celebratory)
        SELECT id, key, kind, status, tags_json, source_document_id, source_section, approved_revision_id,
          created_at, updated_at, events_json, places_json, valid_from_json, valid_until_json, source_number, source_issuer,
          source_issued_on, created_by, celebratory
        FROM content_items;
      DROP TABLE content_items;
      ALTER TABLE content_items_new RENAME TO content_items;
      CREATE INDEX content_items_status ON content_items(status);

      CREATE TABLE content_revision_media (
        revision_id INTEGER PRIMARY KEY REFERENCES content_revisions(id),
        kind TEXT NOT NULL CHECK (kind IN ('picture', 'clip')),
        -- SHA-256 of the original file: a photo's or a clip's id.
        media_id TEXT NOT NULL CHECK (length(media_id) = 64 AND media_id NOT GLOB '*[^0-9a-f]*'),
        credit TEXT NOT NULL DEFAULT '',
        taken_on TEXT,
        -- Pictures: the box that must stay visible, fractions of the upright picture.
        focus_json TEXT,
        -- Copied from the file when the revision is written: upright size, a clip's length.
        width INTEGER NOT NULL CHECK (width > 0),
        height INTEGER NOT NULL CHECK (height > 0),
        duration_ms INTEGER CHECK (duration_ms IS NULL OR duration_ms > 0),
        CHECK ((kind = 'clip') = (duration_ms IS NOT NULL))
      );
      CREATE INDEX content_revision_media_file ON content_revision_media(media_id);
      CREATE TRIGGER content_revision_media_reviewed BEFORE UPDATE ON content_revision_media
        WHEN (SELECT status FROM content_revisions WHERE id = OLD.revision_id) != 'draft'
        BEGIN SELECT RAISE(ABORT, 'content_revision_media: a reviewed file is immutable'); END;
      CREATE TRIGGER content_revision_media_no_delete BEFORE DELETE ON content_revision_media
        BEGIN SELECT RAISE(ABORT, 'content_revision_media: revisions are history'); END;
    `,
};
