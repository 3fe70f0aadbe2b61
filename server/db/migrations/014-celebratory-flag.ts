import type { Migration } from './index.js';

/**
 * Whether an item is celebratory becomes a fact stated on the item (required when it is proposed
 * or imported), not a tag an operator may forget. Existing items are read from their tags
 * (celebratory, greeting, success) and from their text: a greeting ("mừng") or a cheer
 * ("muôn năm") tagged only "evergreen" kept playing during national mourning.
 */
export const migration: Migration = {
  // Contiguous on this branch (after 9); the file number 014 is the one reserved for it at merge.
  version: 14,
  name: 'celebratory flag on register items',
  sql: `
      ALTER TABLE content_items ADD COLUMN celebratory INTEGER NOT NULL DEFAULT 0 CHECK (celebratory IN (0, 1));
      UPDATE content_items SET celebratory = 1
        WHERE EXISTS (SELECT 1 FROM json_each(content_items.tags_json) WHERE value IN ('celebratory', 'greeting', 'success'))
           OR EXISTS (SELECT 1 FROM content_revisions r WHERE r.item_id = content_items.id
                      AND (r.text LIKE '%mừng%' OR r.text LIKE '%MỪNG%' OR r.text LIKE '%muôn năm%' OR r.text LIKE '%MUÔN NĂM%'));
    `,
};
