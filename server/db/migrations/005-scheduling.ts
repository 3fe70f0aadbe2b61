import type { Migration } from './index.js';

/**
 * The scheduling model. Events and phases are copied from the plan at import and then edited
 * here: moving an event's dates is one UPDATE, and everything anchored to it moves at compile time.
 * Plan times are local wall-clock strings; operator actions are UTC instants.
 */
export const migration: Migration = {
  version: 5,
  name: 'events, phases, schedules, takeovers, mourning and rehearsals',
  sql: `
    CREATE TABLE events (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      kind TEXT NOT NULL CHECK (kind IN ('holiday', 'anniversary', 'congress')),
      opens TEXT NOT NULL,
      closes TEXT NOT NULL,
      date_source TEXT NOT NULL,
      note TEXT,
      updated_at TEXT NOT NULL
    );
    CREATE TABLE phases (
      id TEXT PRIMARY KEY,
      campaign_id TEXT NOT NULL,
      label TEXT NOT NULL,
      position INTEGER NOT NULL,
      starts_json TEXT NOT NULL,
      ends_json TEXT,
      updated_at TEXT NOT NULL
    );
    CREATE TABLE schedules (
      id INTEGER PRIMARY KEY,
      name TEXT NOT NULL,
      target_json TEXT NOT NULL,
      content_json TEXT NOT NULL,
      window_json TEXT,
      daily_json TEXT,
      weekdays_json TEXT,
      priority INTEGER NOT NULL,
      seconds_per_item INTEGER,
      template TEXT,
      created_by INTEGER REFERENCES users(id),
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    );
    CREATE TABLE takeovers (
      id INTEGER PRIMARY KEY,
      zone_ids_json TEXT NOT NULL,
      item_ids_json TEXT NOT NULL,
      template TEXT,
      from_at TEXT NOT NULL,
      until_at TEXT,
      cleared_at TEXT,
      created_by INTEGER REFERENCES users(id),
      created_at TEXT NOT NULL
    );
    CREATE TABLE mourning (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      from_at TEXT NOT NULL,
      until_at TEXT,
      message_item_ids_json TEXT NOT NULL,
      set_by INTEGER REFERENCES users(id),
      set_at TEXT NOT NULL
    );
    CREATE TABLE rehearsals (
      zone_id TEXT PRIMARY KEY REFERENCES zones(id),
      as_of TEXT NOT NULL,
      started_at TEXT NOT NULL,
      until_at TEXT,
      started_by INTEGER REFERENCES users(id)
    );
  `,
};
