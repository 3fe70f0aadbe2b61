import type { Db } from './database.js';
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

  constructor(private readonly db: Db) {
    this.parts = new PlanPartsRepository(db);
    this.nationalDays = new NationalDayRepository(db);
  }

  /** Events of every active plan, with their plan: what Sự kiện & đợt and the compiler show. */
  listEvents(): EventView[] {
    return this.parts.listEvents({ states: ['active'] });
  }

  /** An event of any plan (drafts included: a draft's phases anchor to it). */
  findEvent(id: string): EventView | undefined {
    return this.parts.findEvent(id);
  }

  /** An operator's date for an event is their entry, not a public record: the source says so. */
  updateEvent(id: string, changes: { opens?: string; closes?: string; note?: string }, at: Date): EventView {
    const moved = changes.opens !== undefined || changes.closes !== undefined;
    return this.parts.updateEvent(id, { ...changes, ...(moved ? { dateSource: 'operator-entry' as const } : {}) }, at);
  }

  /** Phases of every active plan, plan by plan in their order. */
  listPhases(): PhaseView[] {
    return this.parts.listPhases({ states: ['active'] });
  }

  findPhase(id: string): PhaseView | undefined {
    return this.parts.findPhase(id);
  }

  updatePhase(id: string, changes: { starts?: Anchor; ends?: Anchor | null }, at: Date): PhaseView {
    return this.parts.updatePhase(id, changes, at);
  }

  createZone(zone: { id: string; name: string; kind: string }): void {
    this.db.prepare('INSERT INTO zones (id, name, kind) VALUES (?, ?, ?)').run(zone.id, zone.name, zone.kind);
  }

  listSchedules(): ScheduleView[] {
    return this.db.prepare<[], ScheduleRow>('SELECT * FROM schedules ORDER BY id').all().map(toSchedule);
  }

  findSchedule(id: number): ScheduleView | undefined {
    const row = this.db.prepare<[number], ScheduleRow>('SELECT * FROM schedules WHERE id = ?').get(id);
    return row ? toSchedule(row) : undefined;
  }

  createSchedule(s: ScheduleRequest, userId: number, at: Date): ScheduleView {
    const now = at.toISOString();
    const id = Number(
      this.db
        .prepare(
          `INSERT INTO schedules (name, target_json, content_json, window_json, daily_json, weekdays_json, recurring_json, priority, seconds_per_item, template,
             created_by, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(...scheduleColumns(s), userId, now, now).lastInsertRowid,
    );
    return this.findSchedule(id)!;
  }

  replaceSchedule(id: number, s: ScheduleRequest, at: Date): ScheduleView {
    this.db
      .prepare(
        `UPDATE schedules SET name = ?, target_json = ?, content_json = ?, window_json = ?, daily_json = ?, weekdays_json = ?, recurring_json = ?, priority = ?,
           seconds_per_item = ?, template = ?, updated_at = ? WHERE id = ?`,
      )
      .run(...scheduleColumns(s), at.toISOString(), id);
    return this.findSchedule(id)!;
  }

  deleteSchedule(id: number): void {
    this.db.prepare('DELETE FROM schedules WHERE id = ?').run(id);
  }

  /** Takeovers not cleared and not yet over at `at`. */
  listTakeovers(at: Date): TakeoverView[] {
    return this.db
      .prepare<[string], TakeoverRow>('SELECT * FROM takeovers WHERE cleared_at IS NULL AND (until_at IS NULL OR until_at > ?) ORDER BY id')
      .all(at.toISOString())
      .map(toTakeover);
  }

  findTakeover(id: number): TakeoverView | undefined {
    const row = this.db.prepare<[number], TakeoverRow>('SELECT * FROM takeovers WHERE id = ?').get(id);
    return row ? toTakeover(row) : undefined;
  }

  createTakeover(t: { zoneIds: string[] | 'all'; itemIds: number[]; template?: TemplateId; from: Date; until?: string }, userId: number): TakeoverView {
    const id = Number(
      this.db
        .prepare(
          `INSERT INTO takeovers (zone_ids_json, item_ids_json, template, from_at, until_at, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(JSON.stringify(t.zoneIds), JSON.stringify(t.itemIds), t.template ?? null, t.from.toISOString(), t.until ?? null, userId, t.from.toISOString())
        .lastInsertRowid,
    );
    return this.findTakeover(id)!;
  }

  clearTakeover(id: number, at: Date): TakeoverView {
    this.db.prepare('UPDATE takeovers SET cleared_at = ? WHERE id = ?').run(at.toISOString(), id);
    return this.findTakeover(id)!;
  }

  getMourning(): MourningRow | undefined {
    const row = this.db
      .prepare<[], { from_at: string; until_at: string | null; message_item_ids_json: string; set_at: string }>('SELECT * FROM mourning WHERE id = 1')
      .get();
    return row ? { from: row.from_at, until: row.until_at, messageItemIds: JSON.parse(row.message_item_ids_json) as number[], setAt: row.set_at } : undefined;
  }

  setMourning(m: { from: string; until?: string; messageItemIds: number[] }, userId: number, at: Date): MourningRow {
    this.db
      .prepare(
        `INSERT INTO mourning (id, from_at, until_at, message_item_ids_json, set_by, set_at) VALUES (1, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET from_at = excluded.from_at, until_at = excluded.until_at,
           message_item_ids_json = excluded.message_item_ids_json, set_by = excluded.set_by, set_at = excluded.set_at`,
      )
      .run(m.from, m.until ?? null, JSON.stringify(m.messageItemIds), userId, at.toISOString());
    return this.getMourning()!;
  }

  clearMourning(): void {
    this.db.prepare('DELETE FROM mourning WHERE id = 1').run();
  }

  listRehearsals(): RehearsalView[] {
    return this.db
      .prepare<[], { zone_id: string; as_of: string; started_at: string; until_at: string | null }>('SELECT * FROM rehearsals ORDER BY zone_id')
      .all()
      .map((r) => ({ zoneId: r.zone_id, asOf: r.as_of, startedAt: r.started_at, until: r.until_at }));
  }

  setRehearsal(zoneId: string, asOf: string, until: string | undefined, userId: number, at: Date): RehearsalView {
    this.db
      .prepare(
        `INSERT INTO rehearsals (zone_id, as_of, started_at, until_at, started_by) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (zone_id) DO UPDATE SET as_of = excluded.as_of, started_at = excluded.started_at, until_at = excluded.until_at, started_by = excluded.started_by`,
      )
      .run(zoneId, asOf, at.toISOString(), until ?? null, userId);
    return this.listRehearsals().find((r) => r.zoneId === zoneId)!;
  }

  clearRehearsal(zoneId: string): boolean {
    return this.db.prepare('DELETE FROM rehearsals WHERE zone_id = ?').run(zoneId).changes > 0;
  }
}

function scheduleColumns(s: ScheduleRequest) {
  return [
    s.name,
    JSON.stringify(s.target),
    JSON.stringify(s.content),
    s.window ? JSON.stringify(s.window) : null,
    s.daily ? JSON.stringify(s.daily) : null,
    s.weekdays ? JSON.stringify(s.weekdays) : null,
    s.recurring ? JSON.stringify(s.recurring) : null,
    s.priority,
    s.secondsPerItem ?? null,
    s.template ?? null,
  ] as const;
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
