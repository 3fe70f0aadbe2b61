import type { Migration } from './index.js';

/**
 * Print jobs on any node (issue 15): a running job is leased to the node that runs it.
 * - claimed_by: the node (its id) that holds or last held the job; cleared when it gives the job up.
 * - lease_until: ISO instant; past it, with no heartbeat, another node may take the job over and
 *   resume it from its finished files.
 * - heartbeat_at: the holder's last renewal, for people reading why a job moved.
 * - progress_eta_at: when the holder expects to finish, so that any node answers the job's ETA.
 */
export const migration: Migration = {
  version: 20,
  name: 'print-leases',
  sql: `
    ALTER TABLE print_jobs ADD COLUMN claimed_by TEXT;
    ALTER TABLE print_jobs ADD COLUMN lease_until TEXT;
    ALTER TABLE print_jobs ADD COLUMN heartbeat_at TEXT;
    ALTER TABLE print_jobs ADD COLUMN progress_eta_at TEXT;
  `,
};
