import type { Migration } from './index.js';

/**
 * Uploaded photos for photo panels (pa nô ảnh). The id is the SHA-256 of the bytes, so the same
 * file uploaded twice is stored once; the bytes live in DATA_DIR/photos/<id>.<ext>, not here.
 */
export const migration: Migration = {
  version: 7,
  name: 'photos',
  sql: `
      CREATE TABLE photos (
        id TEXT PRIMARY KEY CHECK (length(id) = 64 AND id NOT GLOB '*[^0-9a-f]*'),
        mime TEXT NOT NULL CHECK (mime IN ('image/jpeg', 'image/png')),
        width INTEGER NOT NULL CHECK (width > 0),
        height INTEGER NOT NULL CHECK (height > 0),
        bytes INTEGER NOT NULL CHECK (bytes > 0),
        caption TEXT NOT NULL DEFAULT '',
        uploaded_by INTEGER REFERENCES users(id),
        uploaded_at TEXT NOT NULL
      );
      CREATE INDEX photos_uploaded_at ON photos(uploaded_at);
    `,
};
