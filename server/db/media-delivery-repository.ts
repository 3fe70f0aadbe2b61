import type { Db } from './database.js';

/** One rendition sent to one display for one original. */
export interface MediaSent {
  mediaId: string;
  sha256: string;
}

/** Plays older than 31 days are not believed: what was sent before twice that is forgotten. */
const KEEP_MS = 62 * 24 * 60 * 60 * 1000;
const PRUNE_EVERY_MS = 24 * 60 * 60 * 1000;

/**
 * Which rendition of which original each display was sent (the first time): proof of a picture or
 * clip play is believed only with a rendition its display received for the revision's file.
 */
export class MediaDeliveryRepository {
  private prunedAt = 0;

  constructor(private readonly db: Db) {}

  record(displayId: string, files: readonly MediaSent[], at: Date): void {
    if (files.length === 0) return;
    const insert = this.db.prepare('INSERT OR IGNORE INTO media_deliveries (display_id, media_id, sha256, first_sent_at) VALUES (?, ?, ?, ?)');
    this.db.transaction(() => {
      if (at.getTime() - this.prunedAt > PRUNE_EVERY_MS) {
        this.prunedAt = at.getTime();
        this.db.prepare('DELETE FROM media_deliveries WHERE first_sent_at < ?').run(new Date(at.getTime() - KEEP_MS).toISOString());
      }
      for (const f of files) insert.run(displayId, f.mediaId, f.sha256, at.toISOString());
    })();
  }
}
