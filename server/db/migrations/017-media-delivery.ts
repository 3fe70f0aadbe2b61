import type { Migration } from './index.js';

/**
 * Pictures and clips reach screens as renditions named by their own hash. Which rendition of which
 * original each display was sent is kept, so a play of a picture or clip is believed only with a
 * rendition that display received for that revision's file; the play records the rendition shown.
 * Each delivered timeline's coverage also keeps its zone, the zone a play inside it is counted in.
 */
export const migration: Migration = {
  version: 17,
  name: 'media-delivery',
  sql: `
    CREATE TABLE media_deliveries (
      display_id TEXT NOT NULL REFERENCES displays(id),
      -- The original (a photo's or a clip's id) and the rendition sent for it, both SHA-256 hex.
      media_id TEXT NOT NULL,
      sha256 TEXT NOT NULL,
      -- The first sending decides which plays are believed; the last decides when the row may go.
      first_sent_at TEXT NOT NULL,
      last_sent_at TEXT NOT NULL,
      PRIMARY KEY (display_id, media_id, sha256)
    ) WITHOUT ROWID;
    CREATE INDEX media_deliveries_last_sent ON media_deliveries(last_sent_at);
    -- A picture or clip play: the rendition that was on screen; NULL for text.
    ALTER TABLE proof_of_play ADD COLUMN media_sha256 TEXT;
    -- The zone whose timeline let a revision play: a play made offline and reported after the display
    -- moved counts where it was shown, not where the display is now. NULL for versions stored before.
    ALTER TABLE timeline_coverage ADD COLUMN zone_id TEXT;
  `,
};
