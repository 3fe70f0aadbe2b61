import { atomically, type Queryable } from './engine.js';

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

  constructor(private readonly q: Queryable) {}

  async record(displayId: string, files: readonly MediaSent[], at: Date): Promise<void> {
    if (files.length === 0) return;
    const sentAt = at.toISOString();
    // One row per rendition: PostgreSQL refuses an upsert that touches the same row twice.
    const rows = new Map(files.map((f) => [`${f.mediaId}|${f.sha256}`, { display_id: displayId, media_id: f.mediaId, sha256: f.sha256, first_sent_at: sentAt, last_sent_at: sentAt }]));
    const prune = at.getTime() - this.prunedAt > PRUNE_EVERY_MS;
    await atomically(this.q, async (tx) => {
      if (prune) await tx.deleteFrom('media_deliveries').where('last_sent_at', '<', new Date(at.getTime() - KEEP_MS).toISOString()).execute();
      await tx
        .insertInto('media_deliveries')
        .values([...rows.values()])
        .onConflict((oc) => oc.columns(['display_id', 'media_id', 'sha256']).doUpdateSet((eb) => ({ last_sent_at: eb.ref('excluded.last_sent_at') })))
        .execute();
    });
    if (prune) this.prunedAt = at.getTime();
  }
}
