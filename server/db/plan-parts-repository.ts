import { sql, type ExpressionBuilder } from 'kysely';
import { atomically, engineKind, type Queryable, type Schema } from './engine.js';
import { jsonArrayHas, jsonPathText } from './dialect.js';
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

type PlanJoin = ExpressionBuilder<Schema & { p: Schema['plans'] }, 'p'>;

function inScope(scope: PlanScope) {
  return (eb: PlanJoin) => {
    if ('all' in scope) return eb.lit(true);
    const plus = eb('p.id', '=', scope.plus ?? -1);
    return scope.states.length ? eb.or([eb('p.state', 'in', [...scope.states]), plus]) : plus;
  };
}

/**
 * A plan's events, sections (campaigns) and phases (đợt). Each has a key inside its plan and an
 * id unique across plans (the key, or the key with "-p<plan>" when another plan took it), so ids
 * of two plans never collide in anchors, schedules, timelines, proof of play or print.
 */
export class PlanPartsRepository {
  constructor(private readonly q: Queryable) {}

  /** The id a new row of `table` gets for `key` in plan `planId`. */
  async globalId(table: Table, key: string, planId: number): Promise<string> {
    if (!(await this.exists(table, key))) return key;
    const suffix = `-p${planId}`;
    let id = `${key.slice(0, ID_MAX - suffix.length)}${suffix}`;
    for (let n = 2; await this.exists(table, id); n++) id = `${key.slice(0, ID_MAX - suffix.length - 1 - String(n).length)}${suffix}-${n}`;
    return id;
  }

  /** `base`, `base-2` … whichever key is free in the plan. */
  async freeKey(table: Table, planId: number, base: string): Promise<string> {
    let key = base;
    for (let n = 2; await this.keyTaken(table, planId, key); n++) key = `${base.slice(0, ID_MAX - 1 - String(n).length)}-${n}`;
    return key;
  }

  async keyTaken(table: Table, planId: number, key: string): Promise<boolean> {
    // The three tables share id, plan_id and key: one query typed on one of them.
    const row = await this.q
      .selectFrom(table as 'events')
      .select('id')
      .where('plan_id', '=', planId)
      .where('key', '=', key)
      .executeTakeFirst();
    return row !== undefined;
  }

  // ---- events ----

  private events() {
    return this.q
      .selectFrom('events as e')
      .innerJoin('plans as p', 'p.id', 'e.plan_id')
      .selectAll('e')
      .select(['p.number as plan_number', 'p.title as plan_title']);
  }

  async listEvents(scope: PlanScope): Promise<PlanEventView[]> {
    const rows = await this.events().where(inScope(scope)).orderBy('e.opens').orderBy('e.id').execute();
    return rows.map((r) => toEvent(r as EventRow));
  }

  async planEvents(planId: number): Promise<PlanEventView[]> {
    const rows = await this.events().where('e.plan_id', '=', planId).orderBy('e.opens').orderBy('e.id').execute();
    return rows.map((r) => toEvent(r as EventRow));
  }

  async findEvent(id: string): Promise<PlanEventView | undefined> {
    const row = await this.events().where('e.id', '=', id).executeTakeFirst();
    return row && toEvent(row as EventRow);
  }

  createEvent(planId: number, e: NewEvent, at: Date): Promise<PlanEventView> {
    return atomically(this.q, async (tx) => {
      const parts = new PlanPartsRepository(tx);
      const id = await parts.globalId('events', e.key, planId);
      await tx
        .insertInto('events')
        .values({
          id,
          plan_id: planId,
          key: e.key,
          name: e.name,
          kind: e.kind,
          opens: e.opens,
          closes: e.closes,
          date_source: e.dateSource,
          note: e.note ?? null,
          updated_at: at.toISOString(),
        })
        .execute();
      return (await parts.findEvent(id))!;
    });
  }

  updateEvent(id: string, changes: Partial<Omit<NewEvent, 'key'>>, at: Date): Promise<PlanEventView> {
    return atomically(this.q, async (tx) => {
      const parts = new PlanPartsRepository(tx);
      const current = (await parts.findEvent(id))!;
      const next = { ...current, ...changes };
      await tx
        .updateTable('events')
        .set({
          name: next.name,
          kind: next.kind,
          opens: next.opens,
          closes: next.closes,
          date_source: next.dateSource,
          note: next.note ?? null,
          updated_at: at.toISOString(),
        })
        .where('id', '=', id)
        .execute();
      return (await parts.findEvent(id))!;
    });
  }

  async deleteEvent(id: string): Promise<void> {
    await this.q.deleteFrom('events').where('id', '=', id).execute();
  }

  /** What still names the event: phases anchored to it, items that greet it or hang on it, schedules. */
  async eventDependents(id: string): Promise<Dependent[]> {
    const kind = engineKind(this.q);
    const phases = (
      await this.q
        .selectFrom('phases as ph')
        .innerJoin('plans as p', 'p.id', 'ph.plan_id')
        .select(['ph.id', 'ph.label', 'p.number'])
        .where((eb) => eb.or([eb(jsonPathText(kind, 'ph.starts_json', ['event']), '=', id), eb(jsonPathText(kind, 'ph.ends_json', ['event']), '=', id)]))
        .orderBy('ph.position')
        .execute()
    ).map((r): Dependent => ({ kind: 'phase', id: r.id, label: r.label, planNumber: r.number }));
    const items = (
      await this.q
        .selectFrom('content_items as i')
        .select((eb) => [
          'i.id',
          'i.key',
          'i.source_number',
          eb.selectFrom('content_revisions as r').select('r.text').whereRef('r.item_id', '=', 'i.id').orderBy('r.revision', 'desc').limit(1).as('text'),
        ])
        .where((eb) =>
          eb.or([
            jsonArrayHas(kind, 'i.events_json', id),
            eb(jsonPathText(kind, 'i.valid_from_json', ['event']), '=', id),
            eb(jsonPathText(kind, 'i.valid_until_json', ['event']), '=', id),
          ]),
        )
        .orderBy('i.id')
        .execute()
    ).map((r): Dependent => ({ kind: 'item', id: String(r.id), label: r.text as string, planNumber: r.source_number || null }));
    const schedules = (
      await this.q
        .selectFrom('schedules')
        .select(['id', 'name'])
        .where((eb) => eb.or([eb(jsonPathText(kind, 'window_json', ['from', 'event']), '=', id), eb(jsonPathText(kind, 'window_json', ['until', 'event']), '=', id)]))
        .orderBy('id')
        .execute()
    ).map((r): Dependent => ({ kind: 'schedule', id: String(r.id), label: r.name, planNumber: null }));
    return [...phases, ...items, ...schedules];
  }

  // ---- campaigns (sections) ----

  async planCampaigns(planId: number): Promise<CampaignView[]> {
    const phases = await this.planPhases(planId);
    const rows = await this.q.selectFrom('campaigns').selectAll().where('plan_id', '=', planId).orderBy('position').orderBy('id').execute();
    return rows.map((c) => ({
      id: c.id,
      key: c.key,
      planId: c.plan_id,
      section: c.section,
      title: c.title,
      note: c.note,
      phases: phases.filter((p) => p.campaignId === c.id),
    }));
  }

  async findCampaign(id: string): Promise<(CampaignRow & { planId: number }) | undefined> {
    const row = await this.q.selectFrom('campaigns').selectAll().where('id', '=', id).executeTakeFirst();
    return row && { ...row, planId: row.plan_id };
  }

  createCampaign(planId: number, c: NewCampaign, at: Date): Promise<string> {
    return atomically(this.q, async (tx) => {
      const id = await new PlanPartsRepository(tx).globalId('campaigns', c.key, planId);
      const { n } = await tx
        .selectFrom('campaigns')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('plan_id', '=', planId)
        .executeTakeFirstOrThrow();
      await tx
        .insertInto('campaigns')
        .values({ id, plan_id: planId, key: c.key, section: c.section, title: c.title, note: c.note ?? null, position: Number(n), updated_at: at.toISOString() })
        .execute();
      return id;
    });
  }

  updateCampaign(id: string, changes: Partial<Omit<NewCampaign, 'key'>>, at: Date): Promise<void> {
    return atomically(this.q, async (tx) => {
      const current = (await new PlanPartsRepository(tx).findCampaign(id))!;
      const next = { ...current, ...changes };
      await tx
        .updateTable('campaigns')
        .set({ section: next.section, title: next.title, note: next.note ?? null, updated_at: at.toISOString() })
        .where('id', '=', id)
        .execute();
      // Phase labels carry the section ("II.1 Đợt 2"): keep them in step.
      await tx
        .updateTable('phases')
        .set({ label: sql<string>`cast(${next.section} as text) || ' ' || title` })
        .where('campaign_id', '=', id)
        .execute();
    });
  }

  async deleteCampaign(id: string): Promise<void> {
    await this.q.deleteFrom('campaigns').where('id', '=', id).execute();
  }

  async campaignDependents(id: string): Promise<Dependent[]> {
    const phases = (await this.phases().where('ph.campaign_id', '=', id).orderBy('ph.position').execute()).map(
      (r): Dependent => ({ kind: 'phase', id: r.id, label: r.label, planNumber: r.plan_number }),
    );
    return [...phases, ...(await this.linkedItems('campaign_id', id))];
  }

  // ---- phases ----

  private phases() {
    return this.q
      .selectFrom('phases as ph')
      .innerJoin('plans as p', 'p.id', 'ph.plan_id')
      .selectAll('ph')
      .select(['p.number as plan_number', 'p.title as plan_title']);
  }

  async listPhases(scope: PlanScope): Promise<PlanPhaseView[]> {
    const rows = await this.phases().where(inScope(scope)).orderBy('ph.plan_id').orderBy('ph.position').execute();
    return rows.map(toPhase);
  }

  async planPhases(planId: number): Promise<PlanPhaseView[]> {
    const rows = await this.phases().where('ph.plan_id', '=', planId).orderBy('ph.position').execute();
    return rows.map(toPhase);
  }

  async findPhase(id: string): Promise<PlanPhaseView | undefined> {
    const row = await this.phases().where('ph.id', '=', id).executeTakeFirst();
    return row && toPhase(row);
  }

  createPhase(planId: number, p: NewPhase, at: Date): Promise<PlanPhaseView> {
    return atomically(this.q, async (tx) => {
      const parts = new PlanPartsRepository(tx);
      const id = await parts.globalId('phases', p.key, planId);
      const campaign = (await parts.findCampaign(p.campaignId))!;
      const { n } = await tx
        .selectFrom('phases')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('campaign_id', '=', p.campaignId)
        .executeTakeFirstOrThrow();
      const siblings = Number(n);
      const number = p.number ?? siblings + 1;
      await tx
        .insertInto('phases')
        .values({
          id,
          plan_id: planId,
          campaign_id: p.campaignId,
          key: p.key,
          number,
          title: p.title,
          label: `${campaign.section} ${p.title}`,
          summary: p.summary,
          themes_json: JSON.stringify(p.themes),
          note: p.note ?? null,
          position: campaign.position * 100 + siblings,
          starts_json: JSON.stringify(p.starts),
          ends_json: p.ends ? JSON.stringify(p.ends) : null,
          updated_at: at.toISOString(),
        })
        .execute();
      return (await parts.findPhase(id))!;
    });
  }

  updatePhase(id: string, changes: Partial<Omit<NewPhase, 'key' | 'campaignId' | 'number'>>, at: Date): Promise<PlanPhaseView> {
    return atomically(this.q, async (tx) => {
      const parts = new PlanPartsRepository(tx);
      const current = (await parts.findPhase(id))!;
      const campaign = (await parts.findCampaign(current.campaignId))!;
      const next = { ...current, ...changes };
      await tx
        .updateTable('phases')
        .set({
          title: next.title,
          label: `${campaign.section} ${next.title}`,
          summary: next.summary,
          themes_json: JSON.stringify(next.themes),
          note: next.note ?? null,
          starts_json: JSON.stringify(next.starts),
          ends_json: next.ends ? JSON.stringify(next.ends) : null,
          updated_at: at.toISOString(),
        })
        .where('id', '=', id)
        .execute();
      return (await parts.findPhase(id))!;
    });
  }

  /** Phases of the plan that, as their anchors now resolve, end before they start. */
  async misorderedPhases(planId: number): Promise<PlanPhaseView[]> {
    const events = await this.planEvents(planId);
    return (await this.planPhases(planId)).filter((p) => {
      const starts = resolveAnchor(events, p.starts);
      const ends = p.ends && resolveAnchor(events, p.ends);
      return starts !== undefined && ends !== undefined && ends !== null && ends < starts;
    });
  }

  async deletePhase(id: string): Promise<void> {
    await this.q.deleteFrom('phases').where('id', '=', id).execute();
  }

  async phaseDependents(id: string): Promise<Dependent[]> {
    const kind = engineKind(this.q);
    const schedules = (
      await this.q
        .selectFrom('schedules')
        .select(['id', 'name'])
        .where(jsonPathText(kind, 'content_json', ['kind']), '=', 'phase')
        .where(jsonPathText(kind, 'content_json', ['phaseId']), '=', id)
        .orderBy('id')
        .execute()
    ).map((r): Dependent => ({ kind: 'schedule', id: String(r.id), label: r.name, planNumber: null }));
    return [...(await this.linkedItems('phase_id', id)), ...schedules];
  }

  private async linkedItems(column: 'phase_id' | 'campaign_id', id: string): Promise<Dependent[]> {
    const rows = await this.q
      .selectFrom('plan_items as l')
      .innerJoin('plans as p', 'p.id', 'l.plan_id')
      .select((eb) => [
        'l.item_id as id',
        'p.number',
        eb.selectFrom('content_revisions as r').select('r.text').whereRef('r.item_id', '=', 'l.item_id').orderBy('r.revision', 'desc').limit(1).as('text'),
      ])
      .where(`l.${column}`, '=', id)
      .orderBy('l.item_id')
      .execute();
    return rows.map((r): Dependent => ({ kind: 'item', id: String(r.id), label: r.text as string, planNumber: r.number }));
  }

  private async exists(table: Table, id: string): Promise<boolean> {
    return (await this.q.selectFrom(table as 'events').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
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
