import type { Db } from './database.js';
import type { Clip, ClipAudioCodec, ClipContainer, ClipMime, ClipVideoCodec } from '../media/clip-protocol.js';
import type { ClipFacts } from '../media/clip-limits.js';

interface ClipRow {
  id: string;
  mime: ClipMime;
  container: ClipContainer;
  video_codec: ClipVideoCodec;
  audio_codec: ClipAudioCodec | null;
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

const SELECT = `
  SELECT c.id, c.mime, c.container, c.video_codec, c.audio_codec, c.width, c.height, c.duration_ms, c.bytes,
         u.username AS uploaded_by_name, c.uploaded_at
  FROM clips c LEFT JOIN users u ON u.id = c.uploaded_by`;

/** Clip records; the bytes are ClipFiles' business. Callers wrap changes with their audit row. */
export class ClipRepository {
  constructor(private readonly db: Db) {}

  find(id: string): Clip | undefined {
    const row = this.db.prepare<[string], ClipRow>(`${SELECT} WHERE c.id = ?`).get(id);
    return row && toClip(row);
  }

  /** Newest first. */
  list(): Clip[] {
    return this.db.prepare<[], ClipRow>(`${SELECT} ORDER BY c.uploaded_at DESC, c.id`).all().map(toClip);
  }

  insert(clip: NewClip, at: Date): Clip {
    this.db
      .prepare(
        `INSERT INTO clips (id, mime, container, video_codec, audio_codec, width, height, duration_ms, bytes, uploaded_by, uploaded_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(clip.id, clip.mime, clip.container, clip.videoCodec, clip.audioCodec, clip.width, clip.height, clip.durationMs, clip.bytes, clip.uploadedBy, at.toISOString());
    return this.find(clip.id)!;
  }
}

function toClip(row: ClipRow): Clip {
  return {
    id: row.id,
    mime: row.mime,
    container: row.container,
    videoCodec: row.video_codec,
    audioCodec: row.audio_codec,
    width: row.width,
    height: row.height,
    durationMs: row.duration_ms,
    bytes: row.bytes,
    uploadedBy: row.uploaded_by_name ?? '',
    uploadedAt: row.uploaded_at,
    url: `/api/clips/${row.id}`,
  };
}
