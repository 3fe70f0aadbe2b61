import type { Migration } from './index.js';

/**
 * Four eyes on print jobs that carry free text (a photo panel's title and captions, a backdrop's
 * own top or date line): such a job waits, still 'queued', until an approver other than its
 * creator decides. The decision, its author and reason sit beside the job so the runner's query
 * can exclude undecided jobs. Jobs already waiting when this version arrives cannot be told
 * apart by SQL (a backdrop's default date line depends on its event), so every unfinished panel
 * and backdrop is held for approval: erring towards a second look, never towards printing.
 */
export const migration: Migration = {
  version: 9,
  name: 'print approval',
  sql: `
      ALTER TABLE print_jobs ADD COLUMN approval_required INTEGER NOT NULL DEFAULT 0 CHECK (approval_required IN (0, 1));
      ALTER TABLE print_jobs ADD COLUMN approval_decision TEXT CHECK (approval_decision IN ('approved', 'rejected'));
      ALTER TABLE print_jobs ADD COLUMN approval_by INTEGER REFERENCES users(id);
      ALTER TABLE print_jobs ADD COLUMN approval_by_name TEXT;
      ALTER TABLE print_jobs ADD COLUMN approval_at TEXT;
      ALTER TABLE print_jobs ADD COLUMN approval_reason TEXT;
      UPDATE print_jobs SET approval_required = 1 WHERE artwork IN ('backdrop', 'photo-panel') AND status IN ('queued', 'running');
    `,
};
