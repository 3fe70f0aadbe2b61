import type { Migration } from './index.js';

export const migration: Migration = {
  version: 12,
  name: 'how far a display’s clock offset can be trusted',
  sql: `
      -- With the offset: the round trip of the sample it came from (the offset is right within
      -- half of it), when that sample was taken, and whether the display itself trusted it.
      ALTER TABLE displays ADD COLUMN clock_round_trip_ms REAL;
      ALTER TABLE displays ADD COLUMN clock_measured_at TEXT;
      ALTER TABLE displays ADD COLUMN clock_uncertain INTEGER NOT NULL DEFAULT 0 CHECK (clock_uncertain IN (0, 1));
    `,
};
