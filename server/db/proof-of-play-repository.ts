import type { Db } from './database.js';
import type { TemplateId } from '../protocol/timeline.js';

/** One play as a display reports it; the display and zone come from the socket, never the message. */
export interface PlayClaim {
  itemId: number;
  revisionId: number;
  template: TemplateId;
  start: Date;
  end: Date;
  contentSha256: string;
  /** A picture or clip: the SHA-256 of the rendition shown. */
  mediaSha256?: string;
}

export interface PlayOutcome {
  added: number;
  /** Already stored (a batch resent after a lost acknowledgement): neither stored nor refused. */
  duplicates: number;
  refused: number;
}

/** A timeline counts for a play that starts this soon after it was sent (the display's clock error). */
const DELIVERY_SLACK_MS = 5_000;
/** No play is longer than this: earlier plays cannot overlap one that starts a day later. */
export const MAX_PLAY_MS = 24 * 60 * 60 * 1000;

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
   * Stores the plays that are believable and refuses the others, counting them on the display.
   * A play is stored only if its revision belongs to the item and is approved (a display cannot
   * report a draft as shown), a timeline sent to this display before the play started let that
   * revision play with that template over the whole play (so never before the display was paired,
   * nor content it never received), and it overlaps none of the display's earlier plays. A picture
   * or clip play must name the rendition shown, one this display was sent for the revision's file
   * before the play began; a text play names none.
   * `refusedEarly` plays were refused by the caller (in the future, too old, too long).
   */
  record(display: { id: string; zoneId: string }, plays: readonly PlayClaim[], receivedAt: Date, refusedEarly = 0): PlayOutcome {
    const duplicate = this.db.prepare<{ displayId: string; revisionId: number; start: string }, { one: number }>(
      'SELECT 1 AS one FROM proof_of_play WHERE display_id = @displayId AND revision_id = @revisionId AND started_at = @start',
    );
    const approved = this.db.prepare<{ revisionId: number; itemId: number }, { textSha256: string }>(
      `SELECT text_sha256 AS textSha256 FROM content_revisions WHERE id = @revisionId AND item_id = @itemId AND status = 'approved'`,
    );
    const covered = this.db.prepare<
      { displayId: string; revisionId: number; template: string; start: string; end: string; deliveredBy: string },
      { phase: string; intervalKind: string | null; zoneId: string | null }
    >(
      `SELECT c.phase, c.interval_kind AS intervalKind, c.zone_id AS zoneId
       FROM delivered_timelines d JOIN timeline_coverage c ON c.version = d.version
       WHERE d.display_id = @displayId AND d.delivered_at <= @deliveredBy
         AND c.revision_id = @revisionId AND c.template = @template AND c.starts_at <= @start AND c.ends_at >= @end
       -- The timeline it was playing: the latest sent before the play began (else within the clock's slack).
       ORDER BY d.delivered_at <= @start DESC, d.delivered_at DESC
       LIMIT 1`,
    );
    const revisionMedia = this.db.prepare<[number], { mediaId: string }>('SELECT media_id AS mediaId FROM content_revision_media WHERE revision_id = ?');
    const renditionSent = this.db.prepare<[string, string, string, string], { one: number }>(
      'SELECT 1 AS one FROM media_deliveries WHERE display_id = ? AND media_id = ? AND sha256 = ? AND first_sent_at <= ?',
    );
    const overlaps = this.db.prepare<{ displayId: string; earliest: string; start: string; end: string }, { one: number }>(
      `SELECT 1 AS one FROM proof_of_play
       WHERE display_id = @displayId AND started_at > @earliest AND started_at < @end AND ended_at > @start LIMIT 1`,
    );
    const insert = this.db.prepare(
      `INSERT INTO proof_of_play
         (display_id, zone_id, item_id, revision_id, template, phase, interval_kind, started_at, ended_at,
          content_sha256, media_sha256, content_matches, received_at)
       VALUES (@displayId, @zoneId, @itemId, @revisionId, @template, @phase, @intervalKind, @start, @end,
          @contentSha256, @mediaSha256, @matches, @receivedAt)`,
    );
    const countRefused = this.db.prepare('UPDATE displays SET refused_plays = refused_plays + ?, last_refused_at = ? WHERE id = ?');
    return this.db.transaction(() => {
      const outcome: PlayOutcome = { added: 0, duplicates: 0, refused: refusedEarly };
      for (const p of plays) {
        const start = p.start.toISOString();
        const end = p.end.toISOString();
        if (duplicate.get({ displayId: display.id, revisionId: p.revisionId, start })) {
          outcome.duplicates++;
          continue;
        }
        const revision = approved.get({ revisionId: p.revisionId, itemId: p.itemId });
        const where =
          revision &&
          covered.get({
            displayId: display.id,
            revisionId: p.revisionId,
            template: p.template,
            start,
            end,
            deliveredBy: new Date(p.start.getTime() + DELIVERY_SLACK_MS).toISOString(),
          });
        const clash = overlaps.get({ displayId: display.id, earliest: new Date(p.start.getTime() - MAX_PLAY_MS).toISOString(), start, end });
        const file = revision && revisionMedia.get(p.revisionId);
        const deliveredBy = new Date(p.start.getTime() + DELIVERY_SLACK_MS).toISOString();
        const rendition = file
          ? p.mediaSha256 !== undefined && renditionSent.get(display.id, file.mediaId, p.mediaSha256, deliveredBy) !== undefined
          : p.mediaSha256 === undefined;
        if (!revision || !where || clash || !rendition) {
          outcome.refused++;
          continue;
        }
        insert.run({
          displayId: display.id,
          // Where the timeline that let it play was for; the display may have moved since.
          zoneId: where.zoneId ?? display.zoneId,
          itemId: p.itemId,
          revisionId: p.revisionId,
          template: p.template,
          phase: where.phase,
          intervalKind: where.intervalKind,
          start,
          end,
          contentSha256: p.contentSha256,
          mediaSha256: p.mediaSha256 ?? null,
          // A picture's or clip's caption is its text; its rendition was checked above.
          matches: revision.textSha256 === p.contentSha256 ? 1 : 0,
          receivedAt: receivedAt.toISOString(),
        });
        outcome.added++;
      }
      if (outcome.refused > 0) countRefused.run(outcome.refused, receivedAt.toISOString(), display.id);
      return outcome;
    })();
  }

  /**
   * Per campaign, phase, zone and item: time on screen (clipped to [from, to)), screens, first and
   * last. Hours are not rounded here, and come from Unix seconds with milliseconds (julianday loses
   * tens of microseconds per play): a play of a tenth of a second is still time on screen (the CSV
   * rounds for people).
   */
  report(from: Date, to: Date): ProofReportRow[] {
    return this.db
      .prepare<{ from: string; to: string }, ProofReportRow>(
        `SELECT agg.campaign, agg.phase, agg.zoneId, COALESCE(z.name, agg.zoneId) AS zoneName, agg.itemId,
                ci.key AS itemKey, r.text AS text, agg.hoursShown, agg.screens, agg.firstShown, agg.lastShown, agg.mismatches
         FROM (
           SELECT COALESCE(pd.number, i.source_number) AS campaign, p.phase AS phase, p.zone_id AS zoneId, p.item_id AS itemId,
                  MAX(p.revision_id) AS revisionId,
                  SUM(unixepoch(MIN(p.ended_at, @to), 'subsec') - unixepoch(MAX(p.started_at, @from), 'subsec')) / 3600.0 AS hoursShown,
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
