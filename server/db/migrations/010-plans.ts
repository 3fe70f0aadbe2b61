import type { Migration } from './index.js';

/**
 * Plans become rows of their own, each with a state (draft / active / ended), its events,
 * sections (campaigns), phases (đợt), places and linked items.
 *
 * Every plan document stored so far gets a plan row with the same id. The events and phases that
 * version 5 copied into global tables were the seed plan's (the first document, imported at first
 * start), so they become that plan's; their ids stay as they were, and with them every anchor,
 * schedule and print job naming them. The seed plan stays active, as it was playing.
 *
 * Plans imported later through the API lost their events and phases (they were never copied);
 * they are marked `legacy_pending` (as is the seed when the global tables are empty) and the
 * store adopts them from their stored JSON on the next open, where ids can be renamed in code (PlanRepository.adoptLegacyPlans). They stay active, as
 * their approved items were playing.
 *
 * Items link to plans through plan_items (one item, one approval, any number of plans); the
 * item's source document becomes its first link, with its section.
 */
export const migration: Migration = {
  version: 10,
  name: 'plans as rows: state, own events, sections, phases, places, item links',
  sql: `
      CREATE TABLE plans (
        id INTEGER PRIMARY KEY,
        number TEXT NOT NULL UNIQUE,
        title TEXT NOT NULL,
        issuer TEXT NOT NULL,
        issued_on TEXT NOT NULL,
        place TEXT NOT NULL DEFAULT '',
        signer_name TEXT NOT NULL DEFAULT '',
        signer_position TEXT NOT NULL DEFAULT '',
        note TEXT,
        time_zone TEXT NOT NULL DEFAULT 'Asia/Ho_Chi_Minh',
        state TEXT NOT NULL CHECK (state IN ('draft', 'active', 'ended')),
        document_id INTEGER REFERENCES plan_documents(id),
        legacy_pending INTEGER NOT NULL DEFAULT 0,
        created_by INTEGER REFERENCES users(id),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      INSERT INTO plans (id, number, title, issuer, issued_on, place, signer_name, signer_position, note, time_zone, state,
                         document_id, legacy_pending, created_at, updated_at)
        SELECT id, number, title, issuer, issued_on,
               COALESCE(json_extract(plan_json, '$.document.place'), ''),
               COALESCE(json_extract(plan_json, '$.document.signedBy.name'), ''),
               COALESCE(json_extract(plan_json, '$.document.signedBy.position'), ''),
               json_extract(plan_json, '$.document.note'),
               COALESCE(json_extract(plan_json, '$.timeZone'), 'Asia/Ho_Chi_Minh'),
               'active', id,
               -- The seed's events and phases are in the global tables unless the database never
               -- opened with version 5 code (migrated straight through): then it is adopted too.
               id != (SELECT MIN(id) FROM plan_documents) OR (NOT EXISTS (SELECT 1 FROM events) AND NOT EXISTS (SELECT 1 FROM phases)),
               imported_at, imported_at
        FROM plan_documents;

      -- Places of stored plans are zones (version 1 stored them so; a database that never opened
      -- with that code gets them here).
      INSERT OR IGNORE INTO zones (id, name, kind)
        SELECT json_extract(p.value, '$.id'), json_extract(p.value, '$.name'), json_extract(p.value, '$.kind')
        FROM plan_documents d, json_each(d.plan_json, '$.places') p;
      CREATE TABLE plan_places (
        plan_id INTEGER NOT NULL REFERENCES plans(id),
        zone_id TEXT NOT NULL REFERENCES zones(id),
        position INTEGER NOT NULL,
        PRIMARY KEY (plan_id, zone_id)
      );
      INSERT OR IGNORE INTO plan_places (plan_id, zone_id, position)
        SELECT d.id, json_extract(p.value, '$.id'), p.key FROM plan_documents d, json_each(d.plan_json, '$.places') p
        WHERE json_extract(p.value, '$.id') IN (SELECT id FROM zones);

      CREATE TABLE campaigns (
        id TEXT PRIMARY KEY,
        plan_id INTEGER NOT NULL REFERENCES plans(id),
        key TEXT NOT NULL,
        section TEXT NOT NULL,
        title TEXT NOT NULL,
        note TEXT,
        position INTEGER NOT NULL,
        updated_at TEXT NOT NULL,
        UNIQUE (plan_id, key)
      );
      INSERT INTO campaigns (id, plan_id, key, section, title, note, position, updated_at)
        SELECT json_extract(c.value, '$.id'), d.id, json_extract(c.value, '$.id'), json_extract(c.value, '$.section'),
               json_extract(c.value, '$.title'), json_extract(c.value, '$.note'), c.key, d.imported_at
        FROM plan_documents d, json_each(d.plan_json, '$.campaigns') c
        WHERE d.id = (SELECT MIN(id) FROM plan_documents) AND EXISTS (SELECT 1 FROM phases);
      -- A phase whose campaign the stored JSON does not name still gets one, so no phase is lost.
      INSERT OR IGNORE INTO campaigns (id, plan_id, key, section, title, note, position, updated_at)
        SELECT DISTINCT campaign_id, (SELECT MIN(id) FROM plan_documents), campaign_id, 'I', campaign_id, NULL, 99, updated_at
        FROM phases WHERE campaign_id NOT IN (SELECT id FROM campaigns);

      CREATE TABLE plan_events (
        id TEXT PRIMARY KEY,
        plan_id INTEGER NOT NULL REFERENCES plans(id),
        key TEXT NOT NULL,
        name TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('holiday', 'anniversary', 'congress', 'other')),
        opens TEXT NOT NULL,
        closes TEXT NOT NULL,
        date_source TEXT NOT NULL,
        note TEXT,
        updated_at TEXT NOT NULL,
        UNIQUE (plan_id, key)
      );
      INSERT INTO plan_events (id, plan_id, key, name, kind, opens, closes, date_source, note, updated_at)
        SELECT id, (SELECT MIN(id) FROM plan_documents), id, name, kind, opens, closes, date_source, note, updated_at FROM events;
      DROP TABLE events;
      ALTER TABLE plan_events RENAME TO events;
      CREATE INDEX events_plan ON events(plan_id);

      CREATE TABLE plan_phases (
        id TEXT PRIMARY KEY,
        plan_id INTEGER NOT NULL REFERENCES plans(id),
        campaign_id TEXT NOT NULL REFERENCES campaigns(id),
        key TEXT NOT NULL,
        number INTEGER NOT NULL,
        title TEXT NOT NULL,
        label TEXT NOT NULL,
        summary TEXT NOT NULL DEFAULT '',
        themes_json TEXT NOT NULL DEFAULT '[]',
        note TEXT,
        position INTEGER NOT NULL,
        starts_json TEXT NOT NULL,
        ends_json TEXT,
        updated_at TEXT NOT NULL,
        UNIQUE (plan_id, key)
      );
      INSERT INTO plan_phases (id, plan_id, campaign_id, key, number, title, label, summary, themes_json, note, position, starts_json, ends_json, updated_at)
        SELECT ph.id, (SELECT MIN(id) FROM plan_documents), ph.campaign_id, ph.id,
               COALESCE(json_extract(src.value, '$.number'), ph.position % 100 + 1),
               COALESCE(json_extract(src.value, '$.title'), ph.label), ph.label,
               COALESCE(json_extract(src.value, '$.summary'), ''),
               COALESCE(json_extract(src.value, '$.themes'), '[]'),
               json_extract(src.value, '$.note'),
               ph.position, ph.starts_json, ph.ends_json, ph.updated_at
        FROM phases ph
        LEFT JOIN (
          SELECT p.value AS value FROM plan_documents d, json_each(d.plan_json, '$.campaigns') c, json_each(c.value, '$.phases') p
          WHERE d.id = (SELECT MIN(id) FROM plan_documents)
        ) src ON json_extract(src.value, '$.id') = ph.id;
      DROP TABLE phases;
      ALTER TABLE plan_phases RENAME TO phases;
      CREATE INDEX phases_plan ON phases(plan_id);

      CREATE TABLE plan_items (
        plan_id INTEGER NOT NULL REFERENCES plans(id),
        item_id INTEGER NOT NULL REFERENCES content_items(id),
        section TEXT NOT NULL DEFAULT '',
        campaign_id TEXT REFERENCES campaigns(id),
        phase_id TEXT REFERENCES phases(id),
        linked_by INTEGER REFERENCES users(id),
        linked_at TEXT NOT NULL,
        PRIMARY KEY (plan_id, item_id)
      );
      CREATE INDEX plan_items_item ON plan_items(item_id);
      INSERT INTO plan_items (plan_id, item_id, section, linked_at)
        SELECT source_document_id, id, source_section, created_at FROM content_items WHERE source_document_id IS NOT NULL;
    `,
};
