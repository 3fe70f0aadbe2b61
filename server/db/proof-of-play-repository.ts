import type { Db } from './database.js';
import type { TemplateId } from '../protocol/timeline.js';

/** One play as the server accepts it: the display and zone come from the socket, never the message. */
export interface PlayRow {
  displayId: string;
  zoneId: string;
  itemId: number;
  revisionId: number;
  template: TemplateId;
  phase: string;
  intervalKind: string | null;
  start: Date;
  end: Date;
  contentSha256: string;
}

export interface ProofReportRow {
  /** The plan document's number (the campaign), '' for content outside any plan. */
  campaign: string;
  phase: string;
  zoneId: string;
  zoneName: string;
  itemId: number;
  itemKey: string;
  text: string;
  hoursShown: number;
  screens: number;
  firstShown: string;
  lastShown: string;
  /** Plays whose drawn text did not hash to the approved revision: should always be 0. */
  mismatches: number;
}

/** The proof-of-play log: data (not audit), written by displays about themselves. */
export class ProofOfPlayRepository {
  constructor(private readonly db: Db) {}

  /**
   * Stores the plays whose revision belongs to the item and was approved (a display cannot report
   * a draft as shown, whatever it sends); a play already stored (a resent batch) is ignored.
   * Returns how many rows were new.
   */
  record(plays: PlayRow[], receivedAt: Date): number {
    const stmt = this.db.prepare(
      `INSERT OR IGNORE INTO proof_of_play
         (display_id, zone_id, item_id, revision_id, template, phase, interval_kind, started_at, ended_at,
          content_sha256, content_matches, received_at)
       SELECT @displayId, @zoneId, r.item_id, r.id, @template, @phase, @intervalKind, @start, @end,
          @contentSha256, r.text_sha256 = @contentSha256, @receivedAt
       FROM content_revisions r WHERE r.id = @revisionId AND r.item_id = @itemId AND r.status = 'approved'`,
    );
    return this.db.transaction(() => {
      let added = 0;
      for (const p of plays) {
        added += stmt.run({
          displayId: p.displayId,
          zoneId: p.zoneId,
          itemId: p.itemId,
          revisionId: p.revisionId,
          template: p.template,
          phase: p.phase,
          intervalKind: p.intervalKind,
          start: p.start.toISOString(),
          end: p.end.toISOString(),
          contentSha256: p.contentSha256,
          receivedAt: receivedAt.toISOString(),
        }).changes;
      }
      return added;
    })();
  }

  /** Per campaign, phase, zone and item: time on screen (clipped to [from, to)), screens, first and last. */
  report(from: Date, to: Date): ProofReportRow[] {
    return this.db
      .prepare<{ from: string; to: string }, ProofReportRow>(
        `SELECT agg.campaign, agg.phase, agg.zoneId, COALESCE(z.name, agg.zoneId) AS zoneName, agg.itemId,
                ci.key AS itemKey, r.text AS text, agg.hoursShown, agg.screens, agg.firstShown, agg.lastShown, agg.mismatches
         FROM (
           SELECT COALESCE(pd.number, i.source_number) AS campaign, p.phase AS phase, p.zone_id AS zoneId, p.item_id AS itemId,
                  MAX(p.revision_id) AS revisionId,
                  ROUND(SUM(julianday(MIN(p.ended_at, @to)) - julianday(MAX(p.started_at, @from))) * 24, 4) AS hoursShown,
                  COUNT(DISTINCT p.display_id) AS screens,
                  MIN(p.started_at) AS firstShown, MAX(p.ended_at) AS lastShown,
                  SUM(1 - p.content_matches) AS mismatches
           FROM proof_of_play p
           JOIN content_items i ON i.id = p.item_id
           LEFT JOIN plan_documents pd ON pd.id = i.source_document_id
           WHERE p.started_at < @to AND p.ended_at > @from
           GROUP BY campaign, p.phase, p.zone_id, p.item_id
         ) agg
         JOIN content_items ci ON ci.id = agg.itemId
         JOIN content_revisions r ON r.id = agg.revisionId
         LEFT JOIN zones z ON z.id = agg.zoneId
         ORDER BY agg.campaign, agg.phase, agg.zoneId, agg.itemId`,
      )
      .all({ from: from.toISOString(), to: to.toISOString() });
  }
}
