import type { Queryable } from './engine.js';
import type { Photo, PhotoMime } from '../photos/protocol.js';

interface PhotoRow {
  id: string;
  mime: string;
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

/** Photo records; the bytes are PhotoFiles' business. Callers wrap changes with their audit row. */
export class PhotoRepository {
  constructor(private readonly q: Queryable) {}

  async find(id: string): Promise<Photo | undefined> {
    const row = await this.select().where('p.id', '=', id).executeTakeFirst();
    return row && toPhoto(row);
  }

  /** Newest first. */
  async list(): Promise<Photo[]> {
    const rows = await this.select().orderBy('p.uploaded_at', 'desc').orderBy('p.id').execute();
    return rows.map(toPhoto);
  }

  async insert(photo: NewPhoto, at: Date): Promise<Photo> {
    await this.q
      .insertInto('photos')
      .values({
        id: photo.id,
        mime: photo.mime,
        width: photo.width,
        height: photo.height,
        bytes: photo.bytes,
        caption: photo.caption,
        uploaded_by: photo.uploadedBy,
        uploaded_at: at.toISOString(),
      })
      .execute();
    return (await this.find(photo.id))!;
  }

  async setCaption(id: string, caption: string): Promise<Photo | undefined> {
    await this.q.updateTable('photos').set({ caption }).where('id', '=', id).execute();
    return this.find(id);
  }

  /**
   * The captions (newest revision's) of the picture items not retired any revision of which shows
   * this photo: the file is part of what was reviewed, so it must outlive them.
   */
  async pictureItemsShowing(id: string): Promise<string[]> {
    const rows = await this.q
      .selectFrom('content_items as i')
      .select((eb) =>
        eb.selectFrom('content_revisions').select('text').whereRef('item_id', '=', 'i.id').orderBy('revision', 'desc').limit(1).as('text'),
      )
      .where('i.status', '!=', 'retired')
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('content_revisions as r')
            .innerJoin('content_revision_media as m', 'm.revision_id', 'r.id')
            .select(eb.lit(1).as('one'))
            .whereRef('r.item_id', '=', 'i.id')
            .where('m.media_id', '=', id),
        ),
      )
      .orderBy('i.id')
      .execute();
    // Every item has at least one revision: the subquery always finds a text.
    return rows.map((r) => r.text!);
  }

  async delete(id: string): Promise<boolean> {
    const result = await this.q.deleteFrom('photos').where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  private select() {
    return this.q
      .selectFrom('photos as p')
      .leftJoin('users as u', 'u.id', 'p.uploaded_by')
      .select(['p.id', 'p.mime', 'p.width', 'p.height', 'p.bytes', 'p.caption', 'u.username as uploaded_by_name', 'p.uploaded_at']);
  }
}

function toPhoto(row: PhotoRow): Photo {
  return {
    id: row.id,
    // The upload route stores only the types PhotoMime names.
    mime: row.mime as PhotoMime,
    width: row.width,
    height: row.height,
    bytes: row.bytes,
    caption: row.caption,
    uploadedBy: row.uploaded_by_name ?? '',
    uploadedAt: row.uploaded_at,
    url: `/api/photos/${row.id}`,
  };
}
