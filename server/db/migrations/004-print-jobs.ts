import type { Migration } from './index.js';

/**
 * Print jobs: queued, running, finished; each records who printed and, per item, the approved
 * revision and the SHA-256 of the text drawn, so that any print can be traced to an approval.
 */
export const migration: Migration = {
  version: 4,
  name: 'print jobs',
  sql: `
      CREATE TABLE print_jobs (
        id INTEGER PRIMARY KEY,
        status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed', 'cancelled')),
        settings_json TEXT NOT NULL,
        created_by INTEGER REFERENCES users(id),
        created_by_name TEXT NOT NULL,
        created_at TEXT NOT NULL,
        started_at TEXT,
        finished_at TEXT,
        progress_done INTEGER NOT NULL DEFAULT 0,
        progress_total INTEGER NOT NULL DEFAULT 0,
        progress_unit TEXT NOT NULL DEFAULT 'page',
        error TEXT,
        files_json TEXT NOT NULL DEFAULT '[]',
        deleted_at TEXT
      );
      CREATE INDEX print_jobs_status ON print_jobs(status);
      CREATE TABLE print_job_items (
        job_id INTEGER NOT NULL REFERENCES print_jobs(id),
        position INTEGER NOT NULL,
        item_id INTEGER NOT NULL REFERENCES content_items(id),
        revision_id INTEGER NOT NULL REFERENCES content_revisions(id),
        text_sha256 TEXT NOT NULL,
        PRIMARY KEY (job_id, position)
      );
      CREATE INDEX print_job_items_revision ON print_job_items(revision_id);
    `,
};
