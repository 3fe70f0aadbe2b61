import { chunks } from './chunks.js';
import { atomically, type Queryable } from './engine.js';

/** One rendition sent to one display for one original. */
export interface MediaSent {
  mediaId: string;
  sha256: string;
}

/** The renditions one display was sent at one moment. */
export interface MediaSending {
  displayId: string;
  files: readonly MediaSent[];
  at: Date;
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

  constructor(private readonly q: Queryable) {}

  /**
   * What each display was sent, in one transaction (the screens answered in one turn of a reconnect
   * storm): one upsert per CHUNK_ROWS renditions.
   */
  async record(sendings: readonly MediaSending[]): Promise<void> {
    // One row per rendition and display, its latest sending: PostgreSQL refuses an upsert that touches the same row twice.
    const rows = new Map<string, { display_id: string; media_id: string; sha256: string; first_sent_at: string; last_sent_at: string }>();
    let latest = 0;
    for (const { displayId, files, at } of sendings) {
      latest = Math.max(latest, at.getTime());
      const sentAt = at.toISOString();
      for (const f of files) rows.set(`${displayId}|${f.mediaId}|${f.sha256}`, { display_id: displayId, media_id: f.mediaId, sha256: f.sha256, first_sent_at: sentAt, last_sent_at: sentAt });
    }
    if (rows.size === 0) return;
    const all = [...rows.values()];
    const prune = latest - this.prunedAt > PRUNE_EVERY_MS;
    await atomically(this.q, async (tx) => {
      if (prune) await tx.deleteFrom('media_deliveries').where('last_sent_at', '<', new Date(latest - KEEP_MS).toISOString()).execute();
      for (const chunk of chunks(all)) {
        await tx
          .insertInto('media_deliveries')
          .values(chunk)
          .onConflict((oc) => oc.columns(['display_id', 'media_id', 'sha256']).doUpdateSet((eb) => ({ last_sent_at: eb.ref('excluded.last_sent_at') })))
          .execute();
      }
    });
    if (prune) this.prunedAt = latest;
  }
}
