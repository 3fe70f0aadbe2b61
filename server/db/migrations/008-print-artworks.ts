import type { Migration } from './index.js';

/**
 * Print jobs of other artworks than banners: a congress backdrop (the event and the lines drawn)
 * and a photo panel (the title and the photos with their captions). What a job printed is kept
 * as JSON in the job row, not as references: an event renamed or a photo deleted later must not
 * change the record of what was printed. Existing jobs are banners.
 */
export const migration: Migration = {
  version: 8,
  name: 'print artworks',
  sql: `
      ALTER TABLE print_jobs ADD COLUMN artwork TEXT NOT NULL DEFAULT 'banner' CHECK (artwork IN ('banner', 'backdrop', 'photo-panel'));
      ALTER TABLE print_jobs ADD COLUMN artwork_json TEXT;
    `,
};
