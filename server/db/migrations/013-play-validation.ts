import type { Migration } from './index.js';

/**
 * Proof of play is believed only for what the server delivered: which timeline versions each
 * display was sent (and when), and, per version, the stretches of time each revision could be on
 * screen with which template. Refused plays are counted per display for the panel, beside the end
 * of the timeline each display holds.
 */
export const migration: Migration = {
  // Number 013 is this change's slot; the version stays consecutive in this branch and is set to 13 at merge.
  version: 13,
  name: 'play-validation',
  sql: `
    CREATE TABLE delivered_timelines (
      display_id TEXT NOT NULL REFERENCES displays(id),
      version TEXT NOT NULL,
      delivered_at TEXT NOT NULL,
      PRIMARY KEY (display_id, version)
    ) WITHOUT ROWID;
    CREATE INDEX delivered_timelines_version ON delivered_timelines(version);
    CREATE TABLE timeline_coverage (
      version TEXT NOT NULL,
      revision_id INTEGER NOT NULL,
      template TEXT NOT NULL,
      starts_at TEXT NOT NULL,
      -- After the horizon the zone's evergreen rotation plays on: '9999-…' (no end).
      ends_at TEXT NOT NULL,
      phase TEXT NOT NULL,
      interval_kind TEXT,
      PRIMARY KEY (version, revision_id, template, starts_at)
    ) WITHOUT ROWID;
    CREATE INDEX proof_of_play_display ON proof_of_play(display_id, started_at);
    ALTER TABLE displays ADD COLUMN refused_plays INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE displays ADD COLUMN last_refused_at TEXT;
    -- The end of the timeline it last applied: past it, an offline screen plays evergreen slogans.
    ALTER TABLE displays ADD COLUMN horizon_end TEXT;
  `,
};
