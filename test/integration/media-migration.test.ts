/**
 * Migration 17 on a database that already has photos: the photos table is rebuilt to take WebP and
 * keeps every row, and a table that refers to photos with ON DELETE CASCADE (as the register's
 * pictures may) keeps its rows too, though dropping the old table would cascade with foreign keys on.
 */
import Database from 'better-sqlite3';
import { expect, it } from 'vitest';
import { migrate, MIGRATIONS } from '../../server/db/migrations/index.js';
import { migration as m016 } from '../../server/db/migrations/016-media-files.js';

it('rebuilds photos for WebP keeping the rows, and whatever refers to them', () => {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  for (const m of MIGRATIONS.filter((m) => m.version < m016.version)) db.exec(m.sql);
  db.pragma(`user_version = ${m016.version - 1}`);
  db.prepare(`INSERT INTO users (id, username, display_name, created_at, updated_at) VALUES (1, 'van-hanh', 'Văn hành', 'x', 'x')`).run();
  const insertPhoto = db.prepare(`INSERT INTO photos (id, mime, width, height, bytes, caption, uploaded_by, uploaded_at) VALUES (?, ?, 640, 480, 1000, ?, 1, '2026-12-01T00:00:00.000Z')`);
  const ids = ['a', 'b'].map((c) => c.repeat(64));
  insertPhoto.run(ids[0], 'image/jpeg', 'Chào mừng Đại hội Đảng bộ lần thứ XVIII — ĐỂ, ỄN, ẪN, ẬT');
  insertPhoto.run(ids[1], 'image/png', '');
  expect(() => insertPhoto.run('c'.repeat(64), 'image/webp', '')).toThrow(/CHECK/);
  db.exec(`CREATE TABLE panel_pictures (photo_id TEXT NOT NULL REFERENCES photos(id) ON DELETE CASCADE, position INTEGER NOT NULL)`);
  db.prepare('INSERT INTO panel_pictures VALUES (?, 1), (?, 2)').run(ids[0], ids[1]);
  const before = db.prepare('SELECT * FROM photos ORDER BY id').all();

  migrate(db);

  expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.at(-1)!.version);
  expect(db.prepare('SELECT * FROM photos ORDER BY id').all()).toEqual(before);
  expect(db.prepare('SELECT photo_id FROM panel_pictures ORDER BY position').all()).toEqual(ids.map((photo_id) => ({ photo_id })));
  expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
  expect(db.pragma('foreign_key_check')).toEqual([]);
  insertPhoto.run('c'.repeat(64), 'image/webp', '');
  // The reference still points at the rebuilt table: deleting a photo cascades as before.
  db.prepare('DELETE FROM photos WHERE id = ?').run(ids[1]);
  expect(db.prepare('SELECT count(*) AS n FROM panel_pictures').get()).toEqual({ n: 1 });
  db.close();
});
