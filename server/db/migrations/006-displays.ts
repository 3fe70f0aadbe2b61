import type { Migration } from './index.js';

export const migration: Migration = {
  version: 6,
  name: 'paired displays and the proof-of-play log',
  sql: `
      CREATE TABLE displays (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        zone_id TEXT NOT NULL REFERENCES zones(id),
        -- Hall screens only: the backdrop (phông) or a side screen; NULL elsewhere.
        role TEXT CHECK (role IN ('backdrop', 'side')),
        -- The token itself is never stored: only its SHA-256, as for sessions.
        token_sha256 TEXT NOT NULL UNIQUE,
        paired_at TEXT NOT NULL,
        paired_by INTEGER REFERENCES users(id),
        revoked_at TEXT,
        revoked_by INTEGER REFERENCES users(id),
        -- The display's own last reported status, kept so the panel shows it while it is offline.
        last_seen_at TEXT,
        last_address TEXT,
        app_version TEXT,
        screen_json TEXT,
        clock_offset_ms REAL,
        acked_version TEXT,
        ack_latency_ms INTEGER
      );
      CREATE INDEX displays_zone ON displays(zone_id) WHERE revoked_at IS NULL;
      CREATE TABLE proof_of_play (
        id INTEGER PRIMARY KEY,
        display_id TEXT NOT NULL REFERENCES displays(id),
        zone_id TEXT NOT NULL,
        item_id INTEGER NOT NULL REFERENCES content_items(id),
        revision_id INTEGER NOT NULL REFERENCES content_revisions(id),
        template TEXT NOT NULL,
        -- The phase label of the interval it played in ('' outside phases), resolved on receipt.
        phase TEXT NOT NULL DEFAULT '',
        interval_kind TEXT,
        started_at TEXT NOT NULL,
        ended_at TEXT NOT NULL,
        content_sha256 TEXT NOT NULL,
        -- 1 when the hash of what was drawn equals the approved revision's text hash.
        content_matches INTEGER NOT NULL,
        received_at TEXT NOT NULL,
        -- A display resends a batch whose acknowledgement it missed; the copy is ignored.
        UNIQUE (display_id, revision_id, started_at)
      );
      CREATE INDEX proof_of_play_started ON proof_of_play(started_at);
    `,
};
