import type { Migration } from './index.js';

/**
 * Media for screens. Photos may be WebP too: SQLite cannot change a CHECK in place, so the table is
 * rebuilt (new table, rows copied, old one dropped, new one renamed) with foreign keys off around
 * the transaction, as SQLite's own procedure has it, so a table that refers to photos keeps its
 * rows. Clips: short videos as uploaded, the id the SHA-256 of the bytes, which live in
 * DATA_DIR/clips/<id>.<webm|mp4>; the facts are the container's, read at upload. Renditions: a
 * photo scaled for one screen size, cached in DATA_DIR/renditions/<sha256>.webp.
 */
export const migration: Migration = {
  // Contiguous on this branch (after 15); the file number 017 is the one reserved for it at merge.
  version: 16,
  name: 'media files: WebP photos, clips, renditions',
  foreignKeysOff: true,
  sql: `
      CREATE TABLE photos_new (
        id TEXT PRIMARY KEY CHECK (length(id) = 64 AND id NOT GLOB '*[^0-9a-f]*'),
        mime TEXT NOT NULL CHECK (mime IN ('image/jpeg', 'image/png', 'image/webp')),
        width INTEGER NOT NULL CHECK (width > 0),
        height INTEGER NOT NULL CHECK (height > 0),
        bytes INTEGER NOT NULL CHECK (bytes > 0),
        caption TEXT NOT NULL DEFAULT '',
        uploaded_by INTEGER REFERENCES users(id),
        uploaded_at TEXT NOT NULL
      );
      INSERT INTO photos_new (id, mime, width, height, bytes, caption, uploaded_by, uploaded_at)
        SELECT id, mime, width, height, bytes, caption, uploaded_by, uploaded_at FROM photos;
      DROP TABLE photos;
      ALTER TABLE photos_new RENAME TO photos;
      CREATE INDEX photos_uploaded_at ON photos(uploaded_at);

      CREATE TABLE clips (
        id TEXT PRIMARY KEY CHECK (length(id) = 64 AND id NOT GLOB '*[^0-9a-f]*'),
        mime TEXT NOT NULL CHECK (mime IN ('video/webm', 'video/mp4')),
        container TEXT NOT NULL CHECK (container IN ('webm', 'mp4')),
        video_codec TEXT NOT NULL CHECK (video_codec IN ('vp9', 'av1', 'h264')),
        audio_codec TEXT CHECK (audio_codec IS NULL OR audio_codec IN ('opus', 'vorbis', 'aac')),
        width INTEGER NOT NULL CHECK (width > 0),
        height INTEGER NOT NULL CHECK (height > 0),
        duration_ms INTEGER NOT NULL CHECK (duration_ms > 0),
        bytes INTEGER NOT NULL CHECK (bytes > 0),
        uploaded_by INTEGER REFERENCES users(id),
        uploaded_at TEXT NOT NULL
      );
      CREATE INDEX clips_uploaded_at ON clips(uploaded_at);

      CREATE TABLE photo_renditions (
        photo_id TEXT NOT NULL REFERENCES photos(id) ON DELETE CASCADE,
        bucket INTEGER NOT NULL CHECK (bucket > 0),
        sha256 TEXT NOT NULL CHECK (length(sha256) = 64 AND sha256 NOT GLOB '*[^0-9a-f]*'),
        width INTEGER NOT NULL CHECK (width > 0),
        height INTEGER NOT NULL CHECK (height > 0),
        bytes INTEGER NOT NULL CHECK (bytes > 0),
        created_at TEXT NOT NULL,
        PRIMARY KEY (photo_id, bucket)
      );
      CREATE INDEX photo_renditions_sha256 ON photo_renditions(sha256);
    `,
};
