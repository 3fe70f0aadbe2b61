import { sql, type Selectable } from 'kysely';
import { atomically, type Queryable } from './engine.js';
import type { NationalDays } from './schema.js';
import type { Anchor } from '../protocol/plan.js';
import type { CreateNationalDayRequest, NationalDayRule, NationalDayUse } from '../protocol/national-calendar.js';

type NationalDayRow = Selectable<NationalDays>;

export interface NationalDay extends NationalDayRule {
  id: string;
  nameVi: string;
  nameEn: string;
  kind: 'holiday' | 'anniversary';
  note: string | null;
  builtIn: boolean;
}

export interface NationalDayChanges {
  nameVi?: string;
  nameEn?: string;
  kind?: 'holiday' | 'anniversary';
  note?: string | null;
  date?: NationalDayRule;
}

const toDay = (r: NationalDayRow): NationalDay => ({
  id: r.id,
  nameVi: r.name_vi,
  nameEn: r.name_en,
  kind: r.kind as NationalDay['kind'],
  calendar: r.calendar as NationalDay['calendar'],
  month: r.month,
  day: r.day,
  note: r.note,
  builtIn: r.built_in === 1,
});

/** The days of the national calendar: the shipped ones and those the admin added. */
export class NationalDayRepository {
  constructor(private readonly q: Queryable) {}

  /** Ordered as a year runs: solar days by date, lunar days after them by lunar date. */
  async list(): Promise<NationalDay[]> {
    const rows = await this.q
      .selectFrom('national_days')
      .selectAll()
      .orderBy(sql`CASE WHEN calendar = 'lunar' THEN 1 ELSE 0 END`)
      .orderBy('month')
      .orderBy('day')
      .orderBy('id')
      .execute();
    return rows.map(toDay);
  }

  async find(id: string): Promise<NationalDay | undefined> {
    const row = await this.q.selectFrom('national_days').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toDay(row);
  }

  /** The same date in the same calendar, if some day already has it. */
  async findByDate(rule: NationalDayRule): Promise<NationalDay | undefined> {
    const row = await this.q
      .selectFrom('national_days')
      .selectAll()
      .where('calendar', '=', rule.calendar)
      .where('month', '=', rule.month)
      .where('day', '=', rule.day)
      .orderBy('id')
      .limit(1)
      .executeTakeFirst();
    return row && toDay(row);
  }

  async create(d: CreateNationalDayRequest, at: Date): Promise<NationalDay> {
    await this.q
      .insertInto('national_days')
      .values({
        id: d.id,
        name_vi: d.nameVi,
        name_en: d.nameEn,
        kind: d.kind,
        calendar: d.calendar,
        month: d.month,
        day: d.day,
        note: d.note ?? null,
        built_in: 0,
        updated_at: at.toISOString(),
      })
      .execute();
    return (await this.find(d.id))!;
  }

  update(id: string, c: NationalDayChanges, at: Date): Promise<NationalDay> {
    return atomically(this.q, async (tx) => {
      const days = new NationalDayRepository(tx);
      const n = { ...(await days.find(id))!, ...c, ...(c.date ?? {}) };
      await tx
        .updateTable('national_days')
        .set({ name_vi: n.nameVi, name_en: n.nameEn, kind: n.kind, calendar: n.calendar, month: n.month, day: n.day, note: n.note, updated_at: at.toISOString() })
        .where('id', '=', id)
        .execute();
      return (await days.find(id))!;
    });
  }

  async delete(id: string): Promise<void> {
    await this.q.deleteFrom('national_days').where('id', '=', id).execute();
  }

  /** Schedules, phases and register items that anchor to the day: a delete would strand them. */
  async uses(id: string): Promise<NationalDayUse[]> {
    const names = (anchors: (Anchor | { instant: string } | null | undefined)[]) =>
      anchors.some((a) => !!a && 'nationalDay' in a && a.nationalDay === id);
    const out: NationalDayUse[] = [];
    const schedules = await this.q.selectFrom('schedules').select(['name', 'window_json', 'recurring_json']).orderBy('id').execute();
    for (const s of schedules) {
      const window = s.window_json ? (JSON.parse(s.window_json) as { from?: Anchor; until?: Anchor }) : {};
      const recurring = s.recurring_json ? (JSON.parse(s.recurring_json) as { nationalDay: string }) : undefined;
      if (recurring?.nationalDay === id || names([window.from, window.until])) out.push({ kind: 'schedule', name: s.name });
    }
    const phases = await this.q.selectFrom('phases').select(['label', 'starts_json', 'ends_json']).orderBy('position').execute();
    for (const p of phases) {
      if (names([JSON.parse(p.starts_json) as Anchor, p.ends_json ? (JSON.parse(p.ends_json) as Anchor) : null])) out.push({ kind: 'phase', name: p.label });
    }
    // An item is named by its latest text, never by its key.
    const items = await this.q
      .selectFrom('content_items as i')
      .select((eb) => [
        eb.selectFrom('content_revisions as r').select('r.text').whereRef('r.item_id', '=', 'i.id').orderBy('r.revision', 'desc').limit(1).as('text'),
        'i.valid_from_json',
        'i.valid_until_json',
      ])
      .where((eb) => eb.or([eb('i.valid_from_json', 'like', '%nationalDay%'), eb('i.valid_until_json', 'like', '%nationalDay%')]))
      .orderBy('i.id')
      .execute();
    for (const i of items) {
      const parse = (j: string | null) => (j ? (JSON.parse(j) as Anchor) : null);
      if (names([parse(i.valid_from_json), parse(i.valid_until_json)])) out.push({ kind: 'item', name: i.text ?? '' });
    }
    return out;
  }
}
