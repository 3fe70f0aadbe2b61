import type { Db } from './database.js';
import { resolveAnchor, type Anchor, type PlanEvent } from '../protocol/plan.js';
import type { CampaignView, Dependent, PlanEventView, PlanPhaseView, PlanState } from '../protocol/plans.js';

interface EventRow {
  id: string;
  plan_id: number;
  key: string;
  name: string;
  kind: PlanEventView['kind'];
  opens: string;
  closes: string;
  date_source: PlanEventView['dateSource'];
  note: string | null;
  plan_number: string;
  plan_title: string;
}
interface CampaignRow {
  id: string;
  plan_id: number;
  key: string;
  section: string;
  title: string;
  note: string | null;
  position: number;
}
interface PhaseRow {
  id: string;
  plan_id: number;
  campaign_id: string;
  key: string;
  number: number;
  title: string;
  label: string;
  summary: string;
  themes_json: string;
  note: string | null;
  position: number;
  starts_json: string;
  ends_json: string | null;
  plan_number: string;
  plan_title: string;
}

export interface NewEvent {
  key: string;
  name: string;
  kind: PlanEventView['kind'];
  opens: string;
  closes: string;
  dateSource: PlanEvent['dateSource'];
  note?: string | null | undefined;
}
export interface NewCampaign {
  key: string;
  section: string;
  title: string;
  note?: string | null | undefined;
}
export interface NewPhase {
  key: string;
  campaignId: string;
  number?: number;
  title: string;
  summary: string;
  themes: readonly string[];
  note?: string | null | undefined;
  starts: Anchor;
  ends: Anchor | null;
}

type Table = 'events' | 'campaigns' | 'phases';
const ID_MAX = 64;

/** Which plans a list covers: every plan, those playing, or those playing plus one previewed. */
export type PlanScope = { all: true } | { states: readonly PlanState[]; plus?: number };

const EVENT_SELECT = `SELECT e.*, p.number AS plan_number, p.title AS plan_title FROM events e JOIN plans p ON p.id = e.plan_id`;
const PHASE_SELECT = `SELECT ph.*, p.number AS plan_number, p.title AS plan_title FROM phases ph JOIN plans p ON p.id = ph.plan_id`;

function scopeSql(scope: PlanScope, alias: string): { sql: string; params: unknown[] } {
  if ('all' in scope) return { sql: '1', params: [] };
  const states = scope.states.map(() => '?').join(', ') || "''";
  return { sql: `(${alias}.state IN (${states}) OR ${alias}.id = ?)`, params: [...scope.states, scope.plus ?? -1] };
}

/**
 * A plan's events, sections (campaigns) and phases (đợt). Each has a key inside its plan and an
 * id unique across plans (the key, or the key with "-p<plan>" when another plan took it), so ids
 * of two plans never collide in anchors, schedules, timelines, proof of play or print.
 */
export class PlanPartsRepository {
  constructor(private readonly db: Db) {}

  /** The id a new row of `table` gets for `key` in plan `planId`. */
  globalId(table: Table, key: string, planId: number): string {
    if (!this.exists(table, key)) return key;
    const suffix = `-p${planId}`;
    let id = `${key.slice(0, ID_MAX - suffix.length)}${suffix}`;
    for (let n = 2; this.exists(table, id); n++) id = `${key.slice(0, ID_MAX - suffix.length - 1 - String(n).length)}${suffix}-${n}`;
    return id;
  }

  /** `base`, `base-2` … whichever key is free in the plan. */
  freeKey(table: Table, planId: number, base: string): string {
    const taken = (k: string) => this.db.prepare(`SELECT 1 FROM ${table} WHERE plan_id = ? AND key = ?`).get(planId, k) !== undefined;
    let key = base;
    for (let n = 2; taken(key); n++) key = `${base.slice(0, ID_MAX - 1 - String(n).length)}-${n}`;
    return key;
  }

  keyTaken(table: Table, planId: number, key: string): boolean {
    return this.db.prepare(`SELECT 1 FROM ${table} WHERE plan_id = ? AND key = ?`).get(planId, key) !== undefined;
  }

  // ---- events ----

  listEvents(scope: PlanScope): PlanEventView[] {
    const { sql, params } = scopeSql(scope, 'p');
    return this.db.prepare<unknown[], EventRow>(`${EVENT_SELECT} WHERE ${sql} ORDER BY e.opens, e.id`).all(...params).map(toEvent);
  }

  planEvents(planId: number): PlanEventView[] {
    return this.db.prepare<[number], EventRow>(`${EVENT_SELECT} WHERE e.plan_id = ? ORDER BY e.opens, e.id`).all(planId).map(toEvent);
  }

  findEvent(id: string): PlanEventView | undefined {
    const row = this.db.prepare<[string], EventRow>(`${EVENT_SELECT} WHERE e.id = ?`).get(id);
    return row && toEvent(row);
  }

  createEvent(planId: number, e: NewEvent, at: Date): PlanEventView {
    const id = this.globalId('events', e.key, planId);
    this.db
      .prepare(
        `INSERT INTO events (id, plan_id, key, name, kind, opens, closes, date_source, note, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(id, planId, e.key, e.name, e.kind, e.opens, e.closes, e.dateSource, e.note ?? null, at.toISOString());
    return this.findEvent(id)!;
  }

  updateEvent(id: string, changes: Partial<Omit<NewEvent, 'key'>>, at: Date): PlanEventView {
    const current = this.findEvent(id)!;
    const next = { ...current, ...changes };
    this.db
      .prepare('UPDATE events SET name = ?, kind = ?, opens = ?, closes = ?, date_source = ?, note = ?, updated_at = ? WHERE id = ?')
      .run(next.name, next.kind, next.opens, next.closes, next.dateSource, next.note ?? null, at.toISOString(), id);
    return this.findEvent(id)!;
  }

  deleteEvent(id: string): void {
    this.db.prepare('DELETE FROM events WHERE id = ?').run(id);
  }

  /** What still names the event: phases anchored to it, items that greet it or hang on it, schedules. */
  eventDependents(id: string): Dependent[] {
    const phases = this.db
      .prepare<[string, string], { id: string; label: string; number: string }>(
        `SELECT ph.id, ph.label, p.number FROM phases ph JOIN plans p ON p.id = ph.plan_id
         WHERE json_extract(ph.starts_json, '$.event') = ? OR json_extract(ph.ends_json, '$.event') = ? ORDER BY ph.position`,
      )
      .all(id, id)
      .map((r): Dependent => ({ kind: 'phase', id: r.id, label: r.label, planNumber: r.number }));
    const items = this.db
      .prepare<Record<string, string>, { id: number; key: string; text: string; source_number: string }>(
        `SELECT i.id, i.key, i.source_number,
                (SELECT text FROM content_revisions r WHERE r.item_id = i.id ORDER BY r.revision DESC LIMIT 1) AS text
         FROM content_items i
         WHERE EXISTS (SELECT 1 FROM json_each(i.events_json) WHERE value = @id)
            OR json_extract(i.valid_from_json, '$.event') = @id OR json_extract(i.valid_until_json, '$.event') = @id
         ORDER BY i.id`,
      )
      .all({ id })
      .map((r): Dependent => ({ kind: 'item', id: String(r.id), label: r.text, planNumber: r.source_number || null }));
    const schedules = this.db
      .prepare<Record<string, string>, { id: number; name: string }>(
        `SELECT id, name FROM schedules
         WHERE json_extract(window_json, '$.from.event') = @id OR json_extract(window_json, '$.until.event') = @id ORDER BY id`,
      )
      .all({ id })
      .map((r): Dependent => ({ kind: 'schedule', id: String(r.id), label: r.name, planNumber: null }));
    return [...phases, ...items, ...schedules];
  }

  // ---- campaigns (sections) ----

  planCampaigns(planId: number): CampaignView[] {
    const phases = this.planPhases(planId);
    return this.db
      .prepare<[number], CampaignRow>('SELECT * FROM campaigns WHERE plan_id = ? ORDER BY position, id')
      .all(planId)
      .map((c) => ({
        id: c.id,
        key: c.key,
        planId: c.plan_id,
        section: c.section,
        title: c.title,
        note: c.note,
        phases: phases.filter((p) => p.campaignId === c.id),
      }));
  }

  findCampaign(id: string): (CampaignRow & { planId: number }) | undefined {
    const row = this.db.prepare<[string], CampaignRow>('SELECT * FROM campaigns WHERE id = ?').get(id);
    return row && { ...row, planId: row.plan_id };
  }

  createCampaign(planId: number, c: NewCampaign, at: Date): string {
    const id = this.globalId('campaigns', c.key, planId);
    const position = this.db.prepare<[number], { n: number }>('SELECT COUNT(*) AS n FROM campaigns WHERE plan_id = ?').get(planId)!.n;
    this.db
      .prepare('INSERT INTO campaigns (id, plan_id, key, section, title, note, position, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(id, planId, c.key, c.section, c.title, c.note ?? null, position, at.toISOString());
    return id;
  }

  updateCampaign(id: string, changes: Partial<Omit<NewCampaign, 'key'>>, at: Date): void {
    const current = this.findCampaign(id)!;
    const next = { ...current, ...changes };
    this.db
      .prepare('UPDATE campaigns SET section = ?, title = ?, note = ?, updated_at = ? WHERE id = ?')
      .run(next.section, next.title, next.note ?? null, at.toISOString(), id);
    // Phase labels carry the section ("II.1 Đợt 2"): keep them in step.
    this.db.prepare(`UPDATE phases SET label = ? || ' ' || title WHERE campaign_id = ?`).run(next.section, id);
  }

  deleteCampaign(id: string): void {
    this.db.prepare('DELETE FROM campaigns WHERE id = ?').run(id);
  }

  campaignDependents(id: string): Dependent[] {
    const phases = this.db
      .prepare<[string], PhaseRow>(`${PHASE_SELECT} WHERE ph.campaign_id = ? ORDER BY ph.position`)
      .all(id)
      .map((r): Dependent => ({ kind: 'phase', id: r.id, label: r.label, planNumber: r.plan_number }));
    return [...phases, ...this.linkedItems('campaign_id', id)];
  }

  // ---- phases ----

  listPhases(scope: PlanScope): PlanPhaseView[] {
    const { sql, params } = scopeSql(scope, 'p');
    return this.db.prepare<unknown[], PhaseRow>(`${PHASE_SELECT} WHERE ${sql} ORDER BY ph.plan_id, ph.position`).all(...params).map(toPhase);
  }

  planPhases(planId: number): PlanPhaseView[] {
    return this.db.prepare<[number], PhaseRow>(`${PHASE_SELECT} WHERE ph.plan_id = ? ORDER BY ph.position`).all(planId).map(toPhase);
  }

  findPhase(id: string): PlanPhaseView | undefined {
    const row = this.db.prepare<[string], PhaseRow>(`${PHASE_SELECT} WHERE ph.id = ?`).get(id);
    return row && toPhase(row);
  }

  createPhase(planId: number, p: NewPhase, at: Date): PlanPhaseView {
    const id = this.globalId('phases', p.key, planId);
    const campaign = this.findCampaign(p.campaignId)!;
    const siblings = this.db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM phases WHERE campaign_id = ?').get(p.campaignId)!.n;
    const number = p.number ?? siblings + 1;
    this.db
      .prepare(
        `INSERT INTO phases (id, plan_id, campaign_id, key, number, title, label, summary, themes_json, note, position, starts_json, ends_json, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        id,
        planId,
        p.campaignId,
        p.key,
        number,
        p.title,
        `${campaign.section} ${p.title}`,
        p.summary,
        JSON.stringify(p.themes),
        p.note ?? null,
        campaign.position * 100 + siblings,
        JSON.stringify(p.starts),
        p.ends ? JSON.stringify(p.ends) : null,
        at.toISOString(),
      );
    return this.findPhase(id)!;
  }

  updatePhase(id: string, changes: Partial<Omit<NewPhase, 'key' | 'campaignId' | 'number'>>, at: Date): PlanPhaseView {
    const current = this.findPhase(id)!;
    const campaign = this.findCampaign(current.campaignId)!;
    const next = { ...current, ...changes };
    this.db
      .prepare(
        `UPDATE phases SET title = ?, label = ?, summary = ?, themes_json = ?, note = ?, starts_json = ?, ends_json = ?, updated_at = ? WHERE id = ?`,
      )
      .run(
        next.title,
        `${campaign.section} ${next.title}`,
        next.summary,
        JSON.stringify(next.themes),
        next.note ?? null,
        JSON.stringify(next.starts),
        next.ends ? JSON.stringify(next.ends) : null,
        at.toISOString(),
        id,
      );
    return this.findPhase(id)!;
  }

  /** Phases of the plan that, as their anchors now resolve, end before they start. */
  misorderedPhases(planId: number): PlanPhaseView[] {
    const events = this.planEvents(planId);
    return this.planPhases(planId).filter((p) => {
      const starts = resolveAnchor(events, p.starts);
      const ends = p.ends && resolveAnchor(events, p.ends);
      return starts !== undefined && ends !== undefined && ends !== null && ends < starts;
    });
  }

  deletePhase(id: string): void {
    this.db.prepare('DELETE FROM phases WHERE id = ?').run(id);
  }

  phaseDependents(id: string): Dependent[] {
    const schedules = this.db
      .prepare<[string], { id: number; name: string }>(
        `SELECT id, name FROM schedules WHERE json_extract(content_json, '$.kind') = 'phase' AND json_extract(content_json, '$.phaseId') = ? ORDER BY id`,
      )
      .all(id)
      .map((r): Dependent => ({ kind: 'schedule', id: String(r.id), label: r.name, planNumber: null }));
    return [...this.linkedItems('phase_id', id), ...schedules];
  }

  private linkedItems(column: 'phase_id' | 'campaign_id', id: string): Dependent[] {
    return this.db
      .prepare<[string], { id: number; number: string; text: string }>(
        `SELECT l.item_id AS id, p.number,
                (SELECT text FROM content_revisions r WHERE r.item_id = l.item_id ORDER BY r.revision DESC LIMIT 1) AS text
         FROM plan_items l JOIN plans p ON p.id = l.plan_id WHERE l.${column} = ? ORDER BY l.item_id`,
      )
      .all(id)
      .map((r): Dependent => ({ kind: 'item', id: String(r.id), label: r.text, planNumber: r.number }));
  }

  private exists(table: Table, id: string): boolean {
    return this.db.prepare(`SELECT 1 FROM ${table} WHERE id = ?`).get(id) !== undefined;
  }
}

/** What an event and a phase both say of themselves and of the plan they belong to. */
function partOfPlan(r: { id: string; key: string; plan_id: number; plan_number: string; plan_title: string }) {
  return { id: r.id, key: r.key, planId: r.plan_id, planNumber: r.plan_number, planTitle: r.plan_title };
}

function toEvent(r: EventRow): PlanEventView {
  return {
    ...partOfPlan(r),
    name: r.name,
    kind: r.kind,
    opens: r.opens,
    closes: r.closes,
    dateSource: r.date_source,
    note: r.note,
  };
}

function toPhase(r: PhaseRow): PlanPhaseView {
  return {
    ...partOfPlan(r),
    campaignId: r.campaign_id,
    number: r.number,
    title: r.title,
    label: r.label,
    summary: r.summary,
    themes: JSON.parse(r.themes_json) as string[],
    note: r.note,
    position: r.position,
    starts: JSON.parse(r.starts_json) as Anchor,
    ends: r.ends_json === null ? null : (JSON.parse(r.ends_json) as Anchor),
  };
}
