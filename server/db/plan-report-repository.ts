import type { Queryable } from './engine.js';

export interface ProofSpan {
  itemId: number;
  zoneId: string;
  zoneName: string;
  displayId: string;
  startedAt: string;
  endedAt: string;
  /** The phase the item is linked to in this plan, if any. */
  linkPhaseId: string | null;
}

export interface PrintedPiece {
  jobId: number;
  artwork: string;
  settingsJson: string;
  finishedAt: string;
  /** Banner jobs: the item printed; backdrops: null. */
  itemId: number | null;
  /** Backdrops: the event name (the title drawn); banners: null. */
  eventName: string | null;
  linkPhaseId: string | null;
}

/** Proof-of-play rows read per statement: bounded memory however long the plan ran. */
const SPAN_PAGE = 2000;

/** What the plan's report reads: proof of play and finished print jobs of the plan's items and events. */
export class PlanReportRepository {
  constructor(
    private readonly q: Queryable,
    /** Rows per statement when reading proof of play (tests make it small to cross pages). */
    private readonly spanPage = SPAN_PAGE,
  ) {}

  /** Showings of the plan's items, started in [from, until) when given (ISO instants), in start order, read page by page. */
  async *proofSpans(planId: number, from: string | null, until: string | null): AsyncGenerator<ProofSpan> {
    let after: { startedAt: string; id: number } | undefined;
    for (;;) {
      let page = this.q
        .selectFrom('proof_of_play as pp')
        .innerJoin('plan_items as l', (join) => join.onRef('l.item_id', '=', 'pp.item_id').on('l.plan_id', '=', planId))
        .leftJoin('zones as z', 'z.id', 'pp.zone_id')
        .select(['pp.id', 'pp.item_id', 'pp.zone_id', 'z.name as zone_name', 'pp.display_id', 'pp.started_at', 'pp.ended_at', 'l.phase_id']);
      if (from !== null) page = page.where('pp.started_at', '>=', from);
      if (until !== null) page = page.where('pp.started_at', '<', until);
      if (after) {
        const last = after;
        page = page.where((eb) =>
          eb.or([eb('pp.started_at', '>', last.startedAt), eb.and([eb('pp.started_at', '=', last.startedAt), eb('pp.id', '>', last.id)])]),
        );
      }
      const rows = await page.orderBy('pp.started_at').orderBy('pp.id').limit(this.spanPage).execute();
      for (const r of rows) {
        yield {
          itemId: r.item_id,
          zoneId: r.zone_id,
          zoneName: r.zone_name ?? r.zone_id,
          displayId: r.display_id,
          startedAt: r.started_at,
          endedAt: r.ended_at,
          linkPhaseId: r.phase_id,
        };
      }
      if (rows.length < this.spanPage) return;
      const last = rows[rows.length - 1]!;
      after = { startedAt: last.started_at, id: last.id };
    }
  }

  /** Finished print jobs of the plan's items (banners) and events (backdrops), one row per piece. */
  async printed(planId: number, from: string | null, until: string | null): Promise<PrintedPiece[]> {
    const finished = () => {
      let jobs = this.q.selectFrom('print_jobs as j').where('j.status', '=', 'done');
      if (from !== null) jobs = jobs.where('j.finished_at', '>=', from);
      if (until !== null) jobs = jobs.where('j.finished_at', '<', until);
      return jobs;
    };
    const banners = (
      await finished()
        .innerJoin('print_job_items as ji', 'ji.job_id', 'j.id')
        .innerJoin('plan_items as l', (join) => join.onRef('l.item_id', '=', 'ji.item_id').on('l.plan_id', '=', planId))
        .select(['j.id', 'j.artwork', 'j.settings_json', 'j.finished_at', 'ji.item_id', 'l.phase_id'])
        .orderBy('j.finished_at')
        .orderBy('j.id')
        .orderBy('ji.position')
        .execute()
    ).map((r): PrintedPiece => ({ jobId: r.id, artwork: r.artwork, settingsJson: r.settings_json, finishedAt: r.finished_at!, itemId: r.item_id, eventName: null, linkPhaseId: r.phase_id }));
    // A backdrop names its event inside artwork_json: read here rather than in SQL, where JSON differs per engine.
    const events = new Set((await this.q.selectFrom('events').select('id').where('plan_id', '=', planId).execute()).map((e) => e.id));
    const backdrops = (
      await finished()
        .where('j.artwork', '=', 'backdrop')
        .select(['j.id', 'j.artwork', 'j.settings_json', 'j.finished_at', 'j.artwork_json'])
        .orderBy('j.finished_at')
        .orderBy('j.id')
        .execute()
    ).flatMap((r): PrintedPiece[] => {
      const artwork = r.artwork_json ? (JSON.parse(r.artwork_json) as { eventId?: unknown; eventName?: unknown }) : {};
      if (typeof artwork.eventId !== 'string' || !events.has(artwork.eventId)) return [];
      const eventName = typeof artwork.eventName === 'string' ? artwork.eventName : null;
      return [{ jobId: r.id, artwork: r.artwork, settingsJson: r.settings_json, finishedAt: r.finished_at!, itemId: null, eventName, linkPhaseId: null }];
    });
    return [...banners, ...backdrops];
  }
}
