import type { PostgresMigration } from './migrate.js';

/** The same as SQLite's 020 (see its comment): a running print job's lease and its ETA. */
export const migration: PostgresMigration = {
  version: 20,
  name: 'print-leases',
  sql: `
    ALTER TABLE print_jobs ADD COLUMN claimed_by text;
    ALTER TABLE print_jobs ADD COLUMN lease_until text;
    ALTER TABLE print_jobs ADD COLUMN heartbeat_at text;
    ALTER TABLE print_jobs ADD COLUMN progress_eta_at text;
  `,
};
