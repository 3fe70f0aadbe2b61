import { sql } from 'kysely';
import { atomically, engineKind, type Queryable } from './engine.js';
import { isoSeconds } from './dialect.js';
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
  constructor(private readonly q: Queryable) {}

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
  record(display: { id: string; zoneId: string }, plays: readonly PlayClaim[], receivedAt: Date, refusedEarly = 0): Promise<PlayOutcome> {
    return atomically(this.q, async (tx) => {
      const outcome: PlayOutcome = { added: 0, duplicates: 0, refused: refusedEarly };
      for (const p of plays) {
        const start = p.start.toISOString();
        const end = p.end.toISOString();
        const duplicate = await tx
          .selectFrom('proof_of_play')
          .select(sql<number>`1`.as('one'))
          .where('display_id', '=', display.id)
          .where('revision_id', '=', p.revisionId)
          .where('started_at', '=', start)
          .executeTakeFirst();
        if (duplicate) {
          outcome.duplicates++;
          continue;
        }
        const deliveredBy = new Date(p.start.getTime() + DELIVERY_SLACK_MS).toISOString();
        const revision = await tx
          .selectFrom('content_revisions')
          .select('text_sha256 as textSha256')
          .where('id', '=', p.revisionId)
          .where('item_id', '=', p.itemId)
          .where('status', '=', 'approved')
          .executeTakeFirst();
        const where =
          revision &&
          (await tx
            .selectFrom('delivered_timelines as d')
            .innerJoin('timeline_coverage as c', 'c.version', 'd.version')
            .select(['c.phase', 'c.interval_kind as intervalKind', 'c.zone_id as zoneId'])
            .where('d.display_id', '=', display.id)
            .where('d.delivered_at', '<=', deliveredBy)
            .where('c.revision_id', '=', p.revisionId)
            .where('c.template', '=', p.template)
            .where('c.starts_at', '<=', start)
            .where('c.ends_at', '>=', end)
            // The timeline it was playing: the latest sent before the play began (else within the clock's slack).
            .orderBy(sql`d.delivered_at <= ${start}`, 'desc')
            .orderBy('d.delivered_at', 'desc')
            .limit(1)
            .executeTakeFirst());
        const clash = await tx
          .selectFrom('proof_of_play')
          .select(sql<number>`1`.as('one'))
          .where('display_id', '=', display.id)
          .where('started_at', '>', new Date(p.start.getTime() - MAX_PLAY_MS).toISOString())
          .where('started_at', '<', end)
          .where('ended_at', '>', start)
          .limit(1)
          .executeTakeFirst();
        const file = revision && (await tx.selectFrom('content_revision_media').select('media_id as mediaId').where('revision_id', '=', p.revisionId).executeTakeFirst());
        const rendition = file
          ? p.mediaSha256 !== undefined &&
            (await tx
              .selectFrom('media_deliveries')
              .select(sql<number>`1`.as('one'))
              .where('display_id', '=', display.id)
              .where('media_id', '=', file.mediaId)
              .where('sha256', '=', p.mediaSha256)
              .where('first_sent_at', '<=', deliveredBy)
              .executeTakeFirst()) !== undefined
          : p.mediaSha256 === undefined;
        if (!revision || !where || clash || !rendition) {
          outcome.refused++;
          continue;
        }
        await tx
          .insertInto('proof_of_play')
          .values({
            display_id: display.id,
            // Where the timeline that let it play was for; the display may have moved since.
            zone_id: where.zoneId ?? display.zoneId,
            item_id: p.itemId,
            revision_id: p.revisionId,
            template: p.template,
            phase: where.phase,
            interval_kind: where.intervalKind,
            started_at: start,
            ended_at: end,
            content_sha256: p.contentSha256,
            media_sha256: p.mediaSha256 ?? null,
            // A picture's or clip's caption is its text; its rendition was checked above.
            content_matches: revision.textSha256 === p.contentSha256 ? 1 : 0,
            received_at: receivedAt.toISOString(),
          })
          .execute();
        outcome.added++;
      }
      if (outcome.refused > 0) {
        await tx
          .updateTable('displays')
          .set((eb) => ({ refused_plays: eb('refused_plays', '+', outcome.refused), last_refused_at: receivedAt.toISOString() }))
          .where('id', '=', display.id)
          .execute();
      }
      return outcome;
    });
  }

  /**
   * Per campaign, phase, zone and item: time on screen (clipped to [from, to)), screens, first and
   * last. Hours are not rounded here, and come from Unix seconds with milliseconds (julianday loses
   * tens of microseconds per play): a play of a tenth of a second is still time on screen (the CSV
   * rounds for people).
   */
  async report(from: Date, to: Date): Promise<ProofReportRow[]> {
    const fromIso = from.toISOString();
    const toIso = to.toISOString();
    const kind = engineKind(this.q);
    const agg = this.q
      .selectFrom('proof_of_play as p')
      .innerJoin('content_items as i', 'i.id', 'p.item_id')
      .leftJoin('plan_documents as pd', 'pd.id', 'i.source_document_id')
      .where('p.started_at', '<', toIso)
      .where('p.ended_at', '>', fromIso)
      .select((eb) => [
        eb.fn.coalesce('pd.number', 'i.source_number').as('campaign'),
        'p.phase as phase',
        'p.zone_id as zoneId',
        'p.item_id as itemId',
        eb.fn.max('p.revision_id').as('revisionId'),
        // Each play clipped to [from, to): the later start and the earlier end, as ISO text compares.
        sql<number>`SUM(${isoSeconds(kind, sql`CASE WHEN p.ended_at < ${toIso} THEN p.ended_at ELSE ${toIso} END`)} - ${isoSeconds(kind, sql`CASE WHEN p.started_at > ${fromIso} THEN p.started_at ELSE ${fromIso} END`)}) / 3600.0`.as('hoursShown'),
        eb.fn.count<number>('p.display_id').distinct().as('screens'),
        eb.fn.min('p.started_at').as('firstShown'),
        eb.fn.max('p.ended_at').as('lastShown'),
        sql<number>`SUM(1 - p.content_matches)`.as('mismatches'),
      ])
      .groupBy((eb) => [eb.fn.coalesce('pd.number', 'i.source_number'), 'p.phase', 'p.zone_id', 'p.item_id'])
      .as('agg');
    const rows = await this.q
      .selectFrom(agg)
      .innerJoin('content_items as ci', 'ci.id', 'agg.itemId')
      .innerJoin('content_revisions as r', 'r.id', 'agg.revisionId')
      .leftJoin('zones as z', 'z.id', 'agg.zoneId')
      .select((eb) => [
        'agg.campaign',
        'agg.phase',
        'agg.zoneId',
        eb.fn.coalesce('z.name', 'agg.zoneId').as('zoneName'),
        'agg.itemId',
        'ci.key as itemKey',
        'r.text as text',
        'agg.hoursShown',
        'agg.screens',
        'agg.firstShown',
        'agg.lastShown',
        'agg.mismatches',
      ])
      .orderBy('agg.campaign')
      .orderBy('agg.phase')
      .orderBy('agg.zoneId')
      .orderBy('agg.itemId')
      .execute();
    // Counts and sums are 64-bit on PostgreSQL; the engine hands them back as numbers.
    return rows.map((r) => ({ ...r, hoursShown: Number(r.hoursShown), screens: Number(r.screens), mismatches: Number(r.mismatches) }));
  }
}
