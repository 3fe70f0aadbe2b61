import type { Migration } from './index.js';

/**
 * The web zone's public channel (JSON, Atom, embeddable banner): one row of settings, switched off
 * until the admin turns it on, with the portals allowed to frame the banner and read the JSON.
 */
export const migration: Migration = {
  // Number 016 is this change's slot; on this branch it follows main's 017 (version 16), so 17 until the lead renumbers.
  version: 18,
  name: 'web-channel',
  sql: `
    CREATE TABLE web_channel_settings (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      enabled INTEGER NOT NULL DEFAULT 0 CHECK (enabled IN (0, 1)),
      allowed_origins_json TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(allowed_origins_json)),
      updated_at TEXT,
      updated_by INTEGER REFERENCES users(id)
    );
    INSERT INTO web_channel_settings (id) VALUES (1);
  `,
};
