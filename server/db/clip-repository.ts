import type { Queryable } from './engine.js';
import type { Clip, ClipAudioCodec, ClipContainer, ClipMime, ClipVideoCodec } from '../media/clip-protocol.js';
import type { ClipFacts } from '../media/clip-limits.js';

interface ClipRow {
  id: string;
  mime: string;
  container: string;
  video_codec: string;
  audio_codec: string | null;
  width: number;
  height: number;
  duration_ms: number;
  bytes: number;
  uploaded_by_name: string | null;
  uploaded_at: string;
}

export interface NewClip extends ClipFacts {
  id: string;
  bytes: number;
  uploadedBy: number;
}

/** Clip records; the bytes are ClipFiles' business. Callers wrap changes with their audit row. */
export class ClipRepository {
  constructor(private readonly q: Queryable) {}

  async find(id: string): Promise<Clip | undefined> {
    const row = await this.select().where('c.id', '=', id).executeTakeFirst();
    return row && toClip(row);
  }

  /** Newest first. */
  async list(): Promise<Clip[]> {
    const rows = await this.select().orderBy('c.uploaded_at', 'desc').orderBy('c.id').execute();
    return rows.map(toClip);
  }

  async insert(clip: NewClip, at: Date): Promise<Clip> {
    await this.q
      .insertInto('clips')
      .values({
        id: clip.id,
        mime: clip.mime,
        container: clip.container,
        video_codec: clip.videoCodec,
        audio_codec: clip.audioCodec,
        width: clip.width,
        height: clip.height,
        duration_ms: clip.durationMs,
        bytes: clip.bytes,
        uploaded_by: clip.uploadedBy,
        uploaded_at: at.toISOString(),
      })
      .execute();
    return (await this.find(clip.id))!;
  }

  private select() {
    return this.q
      .selectFrom('clips as c')
      .leftJoin('users as u', 'u.id', 'c.uploaded_by')
      .select([
        'c.id',
        'c.mime',
        'c.container',
        'c.video_codec',
        'c.audio_codec',
        'c.width',
        'c.height',
        'c.duration_ms',
        'c.bytes',
        'u.username as uploaded_by_name',
        'c.uploaded_at',
      ]);
  }
}

/** The upload route stores only the types and codecs clip-protocol.ts names. */
function toClip(row: ClipRow): Clip {
  return {
    id: row.id,
    mime: row.mime as ClipMime,
    container: row.container as ClipContainer,
    videoCodec: row.video_codec as ClipVideoCodec,
    audioCodec: row.audio_codec as ClipAudioCodec | null,
    width: row.width,
    height: row.height,
    durationMs: row.duration_ms,
    bytes: row.bytes,
    uploadedBy: row.uploaded_by_name ?? '',
    uploadedAt: row.uploaded_at,
    url: `/api/clips/${row.id}`,
  };
}
