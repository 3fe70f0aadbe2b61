import { atomically, type Queryable } from './engine.js';
import type { Anchor } from '../protocol/plan.js';
import { PlanPartsRepository } from './plan-parts-repository.js';
import type { EventView, PhaseView, RehearsalView, ScheduleRequest, ScheduleView, TakeoverView } from '../protocol/schedule.js';
import type { TemplateId } from '../protocol/timeline.js';
import { NationalDayRepository } from './national-day-repository.js';

interface ScheduleRow {
  id: number;
  name: string;
  target_json: string;
  content_json: string;
  window_json: string | null;
  daily_json: string | null;
  weekdays_json: string | null;
  recurring_json: string | null;
  priority: number;
  seconds_per_item: number | null;
  template: TemplateId | null;
  created_at: string;
  updated_at: string;
}
interface TakeoverRow {
  id: number;
  zone_ids_json: string;
  item_ids_json: string;
  template: TemplateId | null;
  from_at: string;
  until_at: string | null;
  cleared_at: string | null;
}
export interface MourningRow {
  from: string;
  until: string | null;
  messageItemIds: number[];
  setAt: string;
}

const parse = <T>(json: string | null): T | undefined => (json === null ? undefined : (JSON.parse(json) as T));

/** Events, phases, schedules, takeovers, mourning and rehearsals: what the compiler reads. */
export class ScheduleRepository {
  private readonly parts: PlanPartsRepository;
  /** The national calendar: recurring windows and anchors of schedules and phases name its days. */
  readonly nationalDays: NationalDayRepository;

  constructor(private readonly q: Queryable) {
    this.parts = new PlanPartsRepository(q);
    this.nationalDays = new NationalDayRepository(q);
  }

  /** Events of every active plan, with their plan: what Sự kiện & đợt and the compiler show. */
  listEvents(): Promise<EventView[]> {
    return this.parts.listEvents({ states: ['active'] });
  }

  /** An event of any plan (drafts included: a draft's phases anchor to it). */
  findEvent(id: string): Promise<EventView | undefined> {
    return this.parts.findEvent(id);
  }

  /** An operator's date for an event is their entry, not a public record: the source says so. */
  updateEvent(id: string, changes: { opens?: string; closes?: string; note?: string }, at: Date): Promise<EventView> {
    const moved = changes.opens !== undefined || changes.closes !== undefined;
    return this.parts.updateEvent(id, { ...changes, ...(moved ? { dateSource: 'operator-entry' as const } : {}) }, at);
  }

  /** Phases of every active plan, plan by plan in their order. */
  listPhases(): Promise<PhaseView[]> {
    return this.parts.listPhases({ states: ['active'] });
  }

  findPhase(id: string): Promise<PhaseView | undefined> {
    return this.parts.findPhase(id);
  }

  updatePhase(id: string, changes: { starts?: Anchor; ends?: Anchor | null }, at: Date): Promise<PhaseView> {
    return this.parts.updatePhase(id, changes, at);
  }

  async createZone(zone: { id: string; name: string; kind: string }): Promise<void> {
    await this.q.insertInto('zones').values({ id: zone.id, name: zone.name, kind: zone.kind }).execute();
  }

  async listSchedules(): Promise<ScheduleView[]> {
    return (await this.q.selectFrom('schedules').selectAll().orderBy('id').execute()).map((r) => toSchedule(r as ScheduleRow));
  }

  async findSchedule(id: number): Promise<ScheduleView | undefined> {
    const row = await this.q.selectFrom('schedules').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toSchedule(row as ScheduleRow) : undefined;
  }

  createSchedule(s: ScheduleRequest, userId: number, at: Date): Promise<ScheduleView> {
    const now = at.toISOString();
    return atomically(this.q, async (tx) => {
      const { id } = await tx
        .insertInto('schedules')
        .values({ ...scheduleColumns(s), created_by: userId, created_at: now, updated_at: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      return (await new ScheduleRepository(tx).findSchedule(id))!;
    });
  }

  replaceSchedule(id: number, s: ScheduleRequest, at: Date): Promise<ScheduleView> {
    return atomically(this.q, async (tx) => {
      await tx
        .updateTable('schedules')
        .set({ ...scheduleColumns(s), updated_at: at.toISOString() })
        .where('id', '=', id)
        .execute();
      return (await new ScheduleRepository(tx).findSchedule(id))!;
    });
  }

  async deleteSchedule(id: number): Promise<void> {
    await this.q.deleteFrom('schedules').where('id', '=', id).execute();
  }

  /** Takeovers not cleared and not yet over at `at`. */
  async listTakeovers(at: Date): Promise<TakeoverView[]> {
    const rows = await this.q
      .selectFrom('takeovers')
      .selectAll()
      .where('cleared_at', 'is', null)
      .where((eb) => eb.or([eb('until_at', 'is', null), eb('until_at', '>', at.toISOString())]))
      .orderBy('id')
      .execute();
    return rows.map((r) => toTakeover(r as TakeoverRow));
  }

  async findTakeover(id: number): Promise<TakeoverView | undefined> {
    const row = await this.q.selectFrom('takeovers').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toTakeover(row as TakeoverRow) : undefined;
  }

  createTakeover(
    t: { zoneIds: string[] | 'all'; itemIds: number[]; template?: TemplateId; from: Date; until?: string },
    userId: number,
  ): Promise<TakeoverView> {
    return atomically(this.q, async (tx) => {
      const { id } = await tx
        .insertInto('takeovers')
        .values({
          zone_ids_json: JSON.stringify(t.zoneIds),
          item_ids_json: JSON.stringify(t.itemIds),
          template: t.template ?? null,
          from_at: t.from.toISOString(),
          until_at: t.until ?? null,
          created_by: userId,
          created_at: t.from.toISOString(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return (await new ScheduleRepository(tx).findTakeover(id))!;
    });
  }

  clearTakeover(id: number, at: Date): Promise<TakeoverView> {
    return atomically(this.q, async (tx) => {
      await tx.updateTable('takeovers').set({ cleared_at: at.toISOString() }).where('id', '=', id).execute();
      return (await new ScheduleRepository(tx).findTakeover(id))!;
    });
  }

  async getMourning(): Promise<MourningRow | undefined> {
    const row = await this.q.selectFrom('mourning').selectAll().where('id', '=', 1).executeTakeFirst();
    return row ? { from: row.from_at, until: row.until_at, messageItemIds: JSON.parse(row.message_item_ids_json) as number[], setAt: row.set_at } : undefined;
  }

  setMourning(m: { from: string; until?: string; messageItemIds: number[] }, userId: number, at: Date): Promise<MourningRow> {
    return atomically(this.q, async (tx) => {
      await tx
        .insertInto('mourning')
        .values({ id: 1, from_at: m.from, until_at: m.until ?? null, message_item_ids_json: JSON.stringify(m.messageItemIds), set_by: userId, set_at: at.toISOString() })
        .onConflict((oc) =>
          oc.column('id').doUpdateSet((eb) => ({
            from_at: eb.ref('excluded.from_at'),
            until_at: eb.ref('excluded.until_at'),
            message_item_ids_json: eb.ref('excluded.message_item_ids_json'),
            set_by: eb.ref('excluded.set_by'),
            set_at: eb.ref('excluded.set_at'),
          })),
        )
        .execute();
      return (await new ScheduleRepository(tx).getMourning())!;
    });
  }

  async clearMourning(): Promise<void> {
    await this.q.deleteFrom('mourning').where('id', '=', 1).execute();
  }

  async listRehearsals(): Promise<RehearsalView[]> {
    const rows = await this.q.selectFrom('rehearsals').selectAll().orderBy('zone_id').execute();
    return rows.map((r) => ({ zoneId: r.zone_id!, asOf: r.as_of, startedAt: r.started_at, until: r.until_at }));
  }

  setRehearsal(zoneId: string, asOf: string, until: string | undefined, userId: number, at: Date): Promise<RehearsalView> {
    return atomically(this.q, async (tx) => {
      await tx
        .insertInto('rehearsals')
        .values({ zone_id: zoneId, as_of: asOf, started_at: at.toISOString(), until_at: until ?? null, started_by: userId })
        .onConflict((oc) =>
          oc.column('zone_id').doUpdateSet((eb) => ({
            as_of: eb.ref('excluded.as_of'),
            started_at: eb.ref('excluded.started_at'),
            until_at: eb.ref('excluded.until_at'),
            started_by: eb.ref('excluded.started_by'),
          })),
        )
        .execute();
      return (await new ScheduleRepository(tx).listRehearsals()).find((r) => r.zoneId === zoneId)!;
    });
  }

  async clearRehearsal(zoneId: string): Promise<boolean> {
    const result = await this.q.deleteFrom('rehearsals').where('zone_id', '=', zoneId).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}

function scheduleColumns(s: ScheduleRequest) {
  return {
    name: s.name,
    target_json: JSON.stringify(s.target),
    content_json: JSON.stringify(s.content),
    window_json: s.window ? JSON.stringify(s.window) : null,
    daily_json: s.daily ? JSON.stringify(s.daily) : null,
    weekdays_json: s.weekdays ? JSON.stringify(s.weekdays) : null,
    recurring_json: s.recurring ? JSON.stringify(s.recurring) : null,
    priority: s.priority,
    seconds_per_item: s.secondsPerItem ?? null,
    template: s.template ?? null,
  };
}

function toSchedule(r: ScheduleRow): ScheduleView {
  const window = parse<ScheduleView['window']>(r.window_json);
  const daily = parse<ScheduleView['daily']>(r.daily_json);
  const weekdays = parse<number[]>(r.weekdays_json);
  const recurring = parse<ScheduleView['recurring']>(r.recurring_json);
  return {
    id: r.id,
    name: r.name,
    target: JSON.parse(r.target_json) as ScheduleView['target'],
    content: JSON.parse(r.content_json) as ScheduleView['content'],
    ...(window ? { window } : {}),
    ...(daily ? { daily } : {}),
    ...(weekdays ? { weekdays } : {}),
    ...(recurring ? { recurring } : {}),
    priority: r.priority,
    ...(r.seconds_per_item !== null ? { secondsPerItem: r.seconds_per_item } : {}),
    ...(r.template ? { template: r.template } : {}),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function toTakeover(r: TakeoverRow): TakeoverView {
  return {
    id: r.id,
    zoneIds: JSON.parse(r.zone_ids_json) as TakeoverView['zoneIds'],
    itemIds: JSON.parse(r.item_ids_json) as number[],
    template: r.template,
    from: r.from_at,
    until: r.until_at,
    clearedAt: r.cleared_at,
  };
}
