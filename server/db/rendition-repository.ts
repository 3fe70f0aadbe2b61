import type { Db } from './database.js';

export interface RenditionRecord {
  photoId: string;
  bucket: number;
  /** SHA-256 of the rendition's bytes, which name its file. */
  sha256: string;
  width: number;
  height: number;
  bytes: number;
}

interface RenditionRow {
  photo_id: string;
  bucket: number;
  sha256: string;
  width: number;
  height: number;
  bytes: number;
}

const toRecord = (r: RenditionRow): RenditionRecord => ({ photoId: r.photo_id, bucket: r.bucket, sha256: r.sha256, width: r.width, height: r.height, bytes: r.bytes });

/** Which rendition each photo has for each screen size bucket; the bytes are Renditions' business. Rows go with their photo (ON DELETE CASCADE). */
export class RenditionRepository {
  constructor(private readonly db: Db) {}

  find(photoId: string, bucket: number): RenditionRecord | undefined {
    const row = this.db
      .prepare<[string, number], RenditionRow>('SELECT photo_id, bucket, sha256, width, height, bytes FROM photo_renditions WHERE photo_id = ? AND bucket = ?')
      .get(photoId, bucket);
    return row && toRecord(row);
  }

  save(r: RenditionRecord, at: Date): void {
    this.db
      .prepare(
        `INSERT INTO photo_renditions (photo_id, bucket, sha256, width, height, bytes, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (photo_id, bucket) DO UPDATE SET sha256 = excluded.sha256, width = excluded.width, height = excluded.height, bytes = excluded.bytes, created_at = excluded.created_at`,
      )
      .run(r.photoId, r.bucket, r.sha256, r.width, r.height, r.bytes, at.toISOString());
  }

  /** Every rendition hash some photo still uses. */
  hashesInUse(): Set<string> {
    return new Set(this.db.prepare<[], { sha256: string }>('SELECT DISTINCT sha256 FROM photo_renditions').all().map((r) => r.sha256));
  }
}
