/**
 * Migration 9 on a database that already has print jobs: unfinished panels and backdrops are held
 * for approval (SQL cannot tell a backdrop's default date line, so it errs towards a second look);
 * banners and finished jobs are left as they were.
 */
import Database from 'better-sqlite3';
import { expect, it } from 'vitest';
import { migration as m001 } from '../../server/db/migrations/001-plans-and-register.js';
import { migration as m002 } from '../../server/db/migrations/002-users-sessions-audit.js';
import { migration as m003 } from '../../server/db/migrations/003-content-register.js';
import { migration as m004 } from '../../server/db/migrations/004-print-jobs.js';
import { migration as m005 } from '../../server/db/migrations/005-scheduling.js';
import { migration as m006 } from '../../server/db/migrations/006-displays.js';
import { migration as m007 } from '../../server/db/migrations/007-photos.js';
import { migration as m008 } from '../../server/db/migrations/008-print-artworks.js';
import { migrate } from '../../server/db/migrations/index.js';

it('holds unfinished panels and backdrops for approval, and only them', () => {
  const db = new Database(':memory:');
  for (const m of [m001, m002, m003, m004, m005, m006, m007, m008]) db.exec(m.sql);
  db.pragma('user_version = 8');
  const insert = db.prepare(`INSERT INTO print_jobs (status, settings_json, created_by_name, created_at, artwork) VALUES (?, '{}', 'x', '2020-08-01T00:00:00Z', ?)`);
  const jobs = [
    ['queued', 'photo-panel', 1],
    ['running', 'backdrop', 1],
    ['done', 'photo-panel', 0],
    ['cancelled', 'backdrop', 0],
    ['queued', 'banner', 0],
  ] as const;
  for (const [status, artwork] of jobs) insert.run(status, artwork);
  migrate(db);
  const rows = db.prepare<[], { approval_required: number; approval_decision: string | null }>('SELECT approval_required, approval_decision FROM print_jobs ORDER BY id').all();
  expect(rows.map((r) => r.approval_required)).toEqual(jobs.map(([, , held]) => held));
  expect(rows.every((r) => r.approval_decision === null)).toBe(true);
  db.close();
});
