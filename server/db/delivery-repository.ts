import type { Db } from './database.js';
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

  constructor(private readonly db: Db) {}

  record(batch: readonly Delivery[]): void {
    if (batch.length === 0) return;
    const delivered = this.db.prepare('INSERT OR IGNORE INTO delivered_timelines (display_id, version, delivered_at) VALUES (?, ?, ?)');
    const known = this.db.prepare<[string], { one: number }>('SELECT 1 AS one FROM timeline_coverage WHERE version = ? LIMIT 1');
    const cover = this.db.prepare(
      `INSERT OR IGNORE INTO timeline_coverage (version, revision_id, template, starts_at, ends_at, phase, interval_kind, zone_id)
       VALUES (@version, @revisionId, @template, @startsAt, @endsAt, @phase, @intervalKind, @zoneId)`,
    );
    this.db.transaction(() => {
      const now = batch[batch.length - 1]!.at.getTime();
      if (now - this.prunedAt > PRUNE_EVERY_MS) this.prune(new Date(now - KEEP_MS));
      for (const d of batch) {
        delivered.run(d.displayId, d.version, d.at.toISOString());
        if (this.covered.has(d.version)) continue;
        if (!known.get(d.version)) for (const c of coverageOf(d.timeline)) cover.run({ version: d.version, zoneId: d.timeline.zone, ...c });
        this.covered.add(d.version);
      }
    })();
  }

  private prune(before: Date): void {
    this.prunedAt = before.getTime() + KEEP_MS;
    this.db.prepare('DELETE FROM delivered_timelines WHERE delivered_at < ?').run(before.toISOString());
    this.db.prepare('DELETE FROM timeline_coverage WHERE version NOT IN (SELECT version FROM delivered_timelines)').run();
    this.covered.clear();
  }
}
