import type { Db } from './database.js';
import type { Photo, PhotoMime } from '../photos/protocol.js';

interface PhotoRow {
  id: string;
  mime: PhotoMime;
  width: number;
  height: number;
  bytes: number;
  caption: string;
  uploaded_by_name: string | null;
  uploaded_at: string;
}

export interface NewPhoto {
  id: string;
  mime: PhotoMime;
  width: number;
  height: number;
  bytes: number;
  caption: string;
  uploadedBy: number;
}

const SELECT = `
  SELECT p.id, p.mime, p.width, p.height, p.bytes, p.caption, u.username AS uploaded_by_name, p.uploaded_at
  FROM photos p LEFT JOIN users u ON u.id = p.uploaded_by`;

/** Photo records; the bytes are PhotoFiles' business. Callers wrap changes with their audit row. */
export class PhotoRepository {
  constructor(private readonly db: Db) {}

  find(id: string): Photo | undefined {
    const row = this.db.prepare<[string], PhotoRow>(`${SELECT} WHERE p.id = ?`).get(id);
    return row && toPhoto(row);
  }

  /** Newest first. */
  list(): Photo[] {
    return this.db.prepare<[], PhotoRow>(`${SELECT} ORDER BY p.uploaded_at DESC, p.id`).all().map(toPhoto);
  }

  insert(photo: NewPhoto, at: Date): Photo {
    this.db
      .prepare('INSERT INTO photos (id, mime, width, height, bytes, caption, uploaded_by, uploaded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(photo.id, photo.mime, photo.width, photo.height, photo.bytes, photo.caption, photo.uploadedBy, at.toISOString());
    return this.find(photo.id)!;
  }

  setCaption(id: string, caption: string): Photo | undefined {
    this.db.prepare('UPDATE photos SET caption = ? WHERE id = ?').run(caption, id);
    return this.find(id);
  }

  /**
   * The captions (newest revision's) of the picture items not retired any revision of which shows
   * this photo: the file is part of what was reviewed, so it must outlive them.
   */
  pictureItemsShowing(id: string): string[] {
    return this.db
      .prepare<[string], { text: string }>(
        `SELECT (SELECT text FROM content_revisions WHERE item_id = i.id ORDER BY revision DESC LIMIT 1) AS text
         FROM content_items i
         WHERE i.status != 'retired'
           AND EXISTS (SELECT 1 FROM content_revisions r JOIN content_revision_media m ON m.revision_id = r.id
                       WHERE r.item_id = i.id AND m.media_id = ?)
         ORDER BY i.id`,
      )
      .all(id)
      .map((r) => r.text);
  }

  delete(id: string): boolean {
    return this.db.prepare('DELETE FROM photos WHERE id = ?').run(id).changes > 0;
  }
}

function toPhoto(row: PhotoRow): Photo {
  return {
    id: row.id,
    mime: row.mime,
    width: row.width,
    height: row.height,
    bytes: row.bytes,
    caption: row.caption,
    uploadedBy: row.uploaded_by_name ?? '',
    uploadedAt: row.uploaded_at,
    url: `/api/photos/${row.id}`,
  };
}
