import { chunks } from './chunks.js';
import { atomically, type Queryable } from './engine.js';
import type { Timeline } from '../protocol/timeline.js';
import { coverageOf } from '../domain/coverage.js';

/** One timeline frame sent to one display. */
export interface Delivery {
  displayId: string;
  version: string;
  timeline: Timeline;
  at: Date;
}

/** Deliveries older than this are forgotten: plays older than 31 days are not believed anyway. */
const KEEP_MS = 62 * 24 * 60 * 60 * 1000;
const PRUNE_EVERY_MS = 24 * 60 * 60 * 1000;

/**
 * What the server sent each display, so proof of play can be checked against it: the first time
 * each version reached each display, and, once per version, where it lets each revision play.
 */
export class DeliveryRepository {
  /** Versions whose coverage is stored: a version shared by a zone's displays is written once. */
  private readonly covered = new Set<string>();
  private prunedAt = 0;

  constructor(private readonly q: Queryable) {}

  async record(batch: readonly Delivery[]): Promise<void> {
    if (batch.length === 0) return;
    const now = batch[batch.length - 1]!.at.getTime();
    const prune = now - this.prunedAt > PRUNE_EVERY_MS;
    const covered = await atomically(this.q, async (tx) => {
      if (prune) await this.prune(tx, new Date(now - KEEP_MS));
      const rows = batch.map((d) => ({ display_id: d.displayId, version: d.version, delivered_at: d.at.toISOString() }));
      for (const chunk of chunks(rows)) await tx.insertInto('delivered_timelines').values(chunk).onConflict((oc) => oc.doNothing()).execute();
      const fresh = new Map<string, Delivery>();
      for (const d of batch) if (!this.covered.has(d.version)) fresh.set(d.version, d);
      if (fresh.size === 0) return [];
      const known: string[] = [];
      for (const versions of chunks([...fresh.keys()])) {
        const rows = await tx.selectFrom('timeline_coverage').select('version').distinct().where('version', 'in', versions).execute();
        for (const r of rows) known.push(r.version);
      }
      for (const version of known) fresh.delete(version);
      const cover = [...fresh.values()].flatMap((d) =>
        coverageOf(d.timeline).map((c) => ({
          version: d.version,
          revision_id: c.revisionId,
          template: c.template,
          starts_at: c.startsAt,
          ends_at: c.endsAt,
          phase: c.phase,
          interval_kind: c.intervalKind,
          zone_id: d.timeline.zone,
        })),
      );
      for (const chunk of chunks(cover)) await tx.insertInto('timeline_coverage').values(chunk).onConflict((oc) => oc.doNothing()).execute();
      return [...known, ...fresh.keys()];
    });
    // Remembered once stored: a rolled-back batch is written again with the next one.
    if (prune) {
      this.prunedAt = now;
      this.covered.clear();
    }
    for (const version of covered) this.covered.add(version);
  }

  private async prune(tx: Queryable, before: Date): Promise<void> {
    await tx.deleteFrom('delivered_timelines').where('delivered_at', '<', before.toISOString()).execute();
    await tx
      .deleteFrom('timeline_coverage')
      .where('version', 'not in', (eb) => eb.selectFrom('delivered_timelines').select('version'))
      .execute();
  }
}
