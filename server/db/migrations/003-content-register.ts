import type { Migration } from './index.js';

/**
 * The register's workflow: per item its events, places, validity anchors and source as text; per
 * revision its status, author and submitter; and the decisions taken. The plan's slogans stored
 * by version 1 become approved revisions whose author is the plan (created_by NULL), with their
 * events, places and validity copied from the stored plan document.
 */
export const migration: Migration = {
  version: 3,
  name: 'content register workflow: revision status, decisions, item metadata',
  sql: `
      ALTER TABLE content_items ADD COLUMN events_json TEXT NOT NULL DEFAULT '[]';
      ALTER TABLE content_items ADD COLUMN places_json TEXT NOT NULL DEFAULT '[]';
      ALTER TABLE content_items ADD COLUMN valid_from_json TEXT;
      ALTER TABLE content_items ADD COLUMN valid_until_json TEXT;
      ALTER TABLE content_items ADD COLUMN source_number TEXT NOT NULL DEFAULT '';
      ALTER TABLE content_items ADD COLUMN source_issuer TEXT NOT NULL DEFAULT '';
      ALTER TABLE content_items ADD COLUMN source_issued_on TEXT NOT NULL DEFAULT '';
      ALTER TABLE content_items ADD COLUMN created_by INTEGER REFERENCES users(id);

      ALTER TABLE content_revisions ADD COLUMN status TEXT NOT NULL DEFAULT 'draft'
        CHECK (status IN ('draft', 'submitted', 'approved', 'rejected'));
      ALTER TABLE content_revisions ADD COLUMN created_by INTEGER REFERENCES users(id);
      ALTER TABLE content_revisions ADD COLUMN submitted_by INTEGER REFERENCES users(id);
      ALTER TABLE content_revisions ADD COLUMN submitted_at TEXT;
      CREATE INDEX content_revisions_item ON content_revisions(item_id, revision);

      CREATE TABLE content_decisions (
        id INTEGER PRIMARY KEY,
        item_id INTEGER NOT NULL REFERENCES content_items(id),
        revision_id INTEGER NOT NULL REFERENCES content_revisions(id),
        decision TEXT NOT NULL CHECK (decision IN ('submit', 'approve', 'reject', 'retire')),
        reason TEXT NOT NULL DEFAULT '',
        user_id INTEGER REFERENCES users(id),
        actor TEXT NOT NULL,
        at TEXT NOT NULL
      );
      CREATE INDEX content_decisions_item ON content_decisions(item_id, id);

      -- Text once submitted is what was reviewed: only a draft may be rewritten, and decisions
      -- are history. Enforced here too, so no code path (or hand-written SQL) can slip past.
      CREATE TRIGGER content_revisions_reviewed_text BEFORE UPDATE OF text, title, text_sha256 ON content_revisions
        WHEN OLD.status != 'draft'
        BEGIN SELECT RAISE(ABORT, 'content_revisions: reviewed text is immutable'); END;
      CREATE TRIGGER content_revisions_no_delete BEFORE DELETE ON content_revisions
        BEGIN SELECT RAISE(ABORT, 'content_revisions: revisions are history'); END;
      CREATE TRIGGER content_decisions_no_update BEFORE UPDATE ON content_decisions
        BEGIN SELECT RAISE(ABORT, 'content_decisions is append-only'); END;
      CREATE TRIGGER content_decisions_no_delete BEFORE DELETE ON content_decisions
        BEGIN SELECT RAISE(ABORT, 'content_decisions is append-only'); END;

      UPDATE content_revisions SET status = 'approved'
        WHERE id IN (SELECT approved_revision_id FROM content_items WHERE approved_revision_id IS NOT NULL);

      UPDATE content_items SET
        source_number = COALESCE((SELECT number FROM plan_documents d WHERE d.id = source_document_id), ''),
        source_issuer = COALESCE((SELECT issuer FROM plan_documents d WHERE d.id = source_document_id), ''),
        source_issued_on = COALESCE((SELECT issued_on FROM plan_documents d WHERE d.id = source_document_id), '');

      UPDATE content_items SET
        events_json = COALESCE(json_extract(p.item, '$.events'), '[]'),
        places_json = COALESCE(json_extract(p.item, '$.places'), '[]'),
        valid_from_json = json_extract(p.item, '$.validFrom'),
        valid_until_json = json_extract(p.item, '$.validUntil')
      FROM (
        SELECT d.id AS document_id, json_extract(j.value, '$.id') AS key, j.value AS item
        FROM plan_documents d, json_each(d.plan_json, '$.items') j
      ) AS p
      WHERE p.document_id = content_items.source_document_id AND p.key = content_items.key;
    `,
};
