import type { Db } from './database.js';

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

/** What the plan's report reads: proof of play and finished print jobs of the plan's items and events. */
export class PlanReportRepository {
  constructor(private readonly db: Db) {}

  /** Showings of the plan's items, started in [from, until) when given (ISO instants). */
  *proofSpans(planId: number, from: string | null, until: string | null): Generator<ProofSpan> {
    const rows = this.db
      .prepare<Record<string, unknown>, { item_id: number; zone_id: string; zone_name: string | null; display_id: string; started_at: string; ended_at: string; phase_id: string | null }>(
        `SELECT pp.item_id, pp.zone_id, z.name AS zone_name, pp.display_id, pp.started_at, pp.ended_at, l.phase_id
         FROM proof_of_play pp
         JOIN plan_items l ON l.item_id = pp.item_id AND l.plan_id = @plan
         LEFT JOIN zones z ON z.id = pp.zone_id
         WHERE (@from IS NULL OR pp.started_at >= @from) AND (@until IS NULL OR pp.started_at < @until)
         ORDER BY pp.started_at`,
      )
      .iterate({ plan: planId, from, until });
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
  }

  /** Finished print jobs of the plan's items (banners) and events (backdrops), one row per piece. */
  printed(planId: number, from: string | null, until: string | null): PrintedPiece[] {
    const window = `(@from IS NULL OR j.finished_at >= @from) AND (@until IS NULL OR j.finished_at < @until)`;
    const banners = this.db
      .prepare<Record<string, unknown>, { id: number; artwork: string; settings_json: string; finished_at: string; item_id: number; phase_id: string | null }>(
        `SELECT j.id, j.artwork, j.settings_json, j.finished_at, ji.item_id, l.phase_id
         FROM print_jobs j JOIN print_job_items ji ON ji.job_id = j.id
         JOIN plan_items l ON l.item_id = ji.item_id AND l.plan_id = @plan
         WHERE j.status = 'done' AND ${window} ORDER BY j.finished_at, j.id, ji.position`,
      )
      .all({ plan: planId, from, until })
      .map((r): PrintedPiece => ({ jobId: r.id, artwork: r.artwork, settingsJson: r.settings_json, finishedAt: r.finished_at, itemId: r.item_id, eventName: null, linkPhaseId: r.phase_id }));
    const backdrops = this.db
      .prepare<Record<string, unknown>, { id: number; artwork: string; settings_json: string; finished_at: string; event_name: string }>(
        `SELECT j.id, j.artwork, j.settings_json, j.finished_at, json_extract(j.artwork_json, '$.eventName') AS event_name
         FROM print_jobs j
         WHERE j.status = 'done' AND j.artwork = 'backdrop' AND ${window}
           AND json_extract(j.artwork_json, '$.eventId') IN (SELECT id FROM events WHERE plan_id = @plan)
         ORDER BY j.finished_at, j.id`,
      )
      .all({ plan: planId, from, until })
      .map((r): PrintedPiece => ({ jobId: r.id, artwork: r.artwork, settingsJson: r.settings_json, finishedAt: r.finished_at, itemId: null, eventName: r.event_name, linkPhaseId: null }));
    return [...banners, ...backdrops];
  }
}
