import type { Queryable } from './engine.js';

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
  constructor(private readonly q: Queryable) {}

  async find(photoId: string, bucket: number): Promise<RenditionRecord | undefined> {
    const row = await this.q
      .selectFrom('photo_renditions')
      .select(['photo_id', 'bucket', 'sha256', 'width', 'height', 'bytes'])
      .where('photo_id', '=', photoId)
      .where('bucket', '=', bucket)
      .executeTakeFirst();
    return row && toRecord(row);
  }

  async save(r: RenditionRecord, at: Date): Promise<void> {
    await this.q
      .insertInto('photo_renditions')
      .values({ photo_id: r.photoId, bucket: r.bucket, sha256: r.sha256, width: r.width, height: r.height, bytes: r.bytes, created_at: at.toISOString() })
      .onConflict((oc) =>
        oc.columns(['photo_id', 'bucket']).doUpdateSet((eb) => ({
          sha256: eb.ref('excluded.sha256'),
          width: eb.ref('excluded.width'),
          height: eb.ref('excluded.height'),
          bytes: eb.ref('excluded.bytes'),
          created_at: eb.ref('excluded.created_at'),
        })),
      )
      .execute();
  }

  /** Every rendition hash some photo still uses. */
  async hashesInUse(): Promise<Set<string>> {
    const rows = await this.q.selectFrom('photo_renditions').select('sha256').distinct().execute();
    return new Set(rows.map((r) => r.sha256));
  }
}
