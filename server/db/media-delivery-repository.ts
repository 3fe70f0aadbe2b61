import type { Db } from './database.js';

/** One rendition sent to one display for one original. */
export interface MediaSent {
  mediaId: string;
  sha256: string;
}

/** Plays older than 31 days are not believed: a rendition not sent for twice that is forgotten. */
const KEEP_MS = 62 * 24 * 60 * 60 * 1000;
const PRUNE_EVERY_MS = 24 * 60 * 60 * 1000;

/**
 * Which rendition of which original each display was sent, first and last: proof of a picture or
 * clip play is believed only with a rendition its display received for the revision's file before
 * the play. Only a rendition no longer sent is pruned, so a picture that rotates for months keeps
 * its first sending and its plays stay believed.
 */
export class MediaDeliveryRepository {
  private prunedAt = 0;

  constructor(private readonly db: Db) {}

  record(displayId: string, files: readonly MediaSent[], at: Date): void {
    if (files.length === 0) return;
    const upsert = this.db.prepare(
      `INSERT INTO media_deliveries (display_id, media_id, sha256, first_sent_at, last_sent_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (display_id, media_id, sha256) DO UPDATE SET last_sent_at = excluded.last_sent_at`,
    );
    this.db.transaction(() => {
      if (at.getTime() - this.prunedAt > PRUNE_EVERY_MS) {
        this.prunedAt = at.getTime();
        this.db.prepare('DELETE FROM media_deliveries WHERE last_sent_at < ?').run(new Date(at.getTime() - KEEP_MS).toISOString());
      }
      for (const f of files) upsert.run(displayId, f.mediaId, f.sha256, at.toISOString(), at.toISOString());
    })();
  }
}
