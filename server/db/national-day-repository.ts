import type { Db } from './database.js';
import type { Anchor } from '../protocol/plan.js';
import type { CreateNationalDayRequest, NationalDayRule, NationalDayUse } from '../protocol/national-calendar.js';

interface NationalDayRow {
  id: string;
  name_vi: string;
  name_en: string;
  kind: 'holiday' | 'anniversary';
  calendar: 'solar' | 'lunar';
  month: number;
  day: number;
  note: string | null;
  built_in: number;
}

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
  kind: r.kind,
  calendar: r.calendar,
  month: r.month,
  day: r.day,
  note: r.note,
  builtIn: r.built_in === 1,
});

/** The days of the national calendar: the shipped ones and those the admin added. */
export class NationalDayRepository {
  constructor(private readonly db: Db) {}

  /** Ordered as a year runs: solar days by date, lunar days after them by lunar date. */
  list(): NationalDay[] {
    return this.db
      .prepare<[], NationalDayRow>("SELECT * FROM national_days ORDER BY calendar = 'lunar', month, day, id")
      .all()
      .map(toDay);
  }

  find(id: string): NationalDay | undefined {
    const row = this.db.prepare<[string], NationalDayRow>('SELECT * FROM national_days WHERE id = ?').get(id);
    return row && toDay(row);
  }

  /** The same date in the same calendar, if some day already has it. */
  findByDate(rule: NationalDayRule): NationalDay | undefined {
    const row = this.db
      .prepare<[string, number, number], NationalDayRow>('SELECT * FROM national_days WHERE calendar = ? AND month = ? AND day = ? ORDER BY id LIMIT 1')
      .get(rule.calendar, rule.month, rule.day);
    return row && toDay(row);
  }

  create(d: CreateNationalDayRequest, at: Date): NationalDay {
    this.db
      .prepare(
        `INSERT INTO national_days (id, name_vi, name_en, kind, calendar, month, day, note, built_in, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?)`,
      )
      .run(d.id, d.nameVi, d.nameEn, d.kind, d.calendar, d.month, d.day, d.note ?? null, at.toISOString());
    return this.find(d.id)!;
  }

  update(id: string, c: NationalDayChanges, at: Date): NationalDay {
    const n = { ...this.find(id)!, ...c, ...(c.date ?? {}) };
    this.db
      .prepare('UPDATE national_days SET name_vi = ?, name_en = ?, kind = ?, calendar = ?, month = ?, day = ?, note = ?, updated_at = ? WHERE id = ?')
      .run(n.nameVi, n.nameEn, n.kind, n.calendar, n.month, n.day, n.note, at.toISOString(), id);
    return this.find(id)!;
  }

  delete(id: string): void {
    this.db.prepare('DELETE FROM national_days WHERE id = ?').run(id);
  }

  /** Schedules, phases and register items that anchor to the day: a delete would strand them. */
  uses(id: string): NationalDayUse[] {
    const names = (anchors: (Anchor | { instant: string } | null | undefined)[]) =>
      anchors.some((a) => !!a && 'nationalDay' in a && a.nationalDay === id);
    const out: NationalDayUse[] = [];
    const schedules = this.db.prepare<[], { name: string; window_json: string | null; recurring_json: string | null }>(
      'SELECT name, window_json, recurring_json FROM schedules ORDER BY id',
    );
    for (const s of schedules.all()) {
      const window = s.window_json ? (JSON.parse(s.window_json) as { from?: Anchor; until?: Anchor }) : {};
      const recurring = s.recurring_json ? (JSON.parse(s.recurring_json) as { nationalDay: string }) : undefined;
      if (recurring?.nationalDay === id || names([window.from, window.until])) out.push({ kind: 'schedule', name: s.name });
    }
    const phases = this.db.prepare<[], { label: string; starts_json: string; ends_json: string | null }>(
      'SELECT label, starts_json, ends_json FROM phases ORDER BY position',
    );
    for (const p of phases.all()) {
      if (names([JSON.parse(p.starts_json) as Anchor, p.ends_json ? (JSON.parse(p.ends_json) as Anchor) : null])) out.push({ kind: 'phase', name: p.label });
    }
    // An item is named by its latest text, never by its key.
    const items = this.db.prepare<[], { text: string; valid_from_json: string | null; valid_until_json: string | null }>(
      `SELECT (SELECT r.text FROM content_revisions r WHERE r.item_id = i.id ORDER BY r.revision DESC LIMIT 1) AS text,
              i.valid_from_json, i.valid_until_json
       FROM content_items i WHERE i.valid_from_json LIKE '%nationalDay%' OR i.valid_until_json LIKE '%nationalDay%' ORDER BY i.id`,
    );
    for (const i of items.all()) {
      const parse = (j: string | null) => (j ? (JSON.parse(j) as Anchor) : null);
      if (names([parse(i.valid_from_json), parse(i.valid_until_json)])) out.push({ kind: 'item', name: i.text });
    }
    return out;
  }
}
