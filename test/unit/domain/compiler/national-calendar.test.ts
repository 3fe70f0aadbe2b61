/** Yearly windows around days of the national calendar, and plan anchors to a day of a given year. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { affectedZones, compileDisplayTimeline, type CompilerInput, type ScheduleEntry } from '../../../../server/domain/compiler/index.js';
import { dateInYear } from '../../../../server/domain/national-calendar.js';
import { addDays } from '../../../../server/domain/time.js';
import { hanoi, idOf, intervalAt, seedInput } from './fixtures.js';

const DAYS = [
  { id: 'tet-nguyen-dan', calendar: 'lunar' as const, month: 1, day: 1 },
  { id: 'quoc-khanh', calendar: 'solar' as const, month: 9, day: 2 },
  /** Ông Công ông Táo, 23 tháng Chạp: of lunar year Y, it falls in January or February of Y + 1. */
  { id: 'ong-cong-ong-tao', calendar: 'lunar' as const, month: 12, day: 23 },
];
const GREETING = idOf('ho-chi-minh');

function yearly(recurring: ScheduleEntry['recurring'], over: Partial<ScheduleEntry> = {}): CompilerInput {
  return seedInput({
    nationalDays: DAYS,
    schedules: [{ id: 'yearly', target: { zoneId: 'lobby' }, content: { kind: 'items', itemIds: [GREETING] }, priority: 10, recurring, ...over }],
  });
}

const kindAt = (input: CompilerInput, now: Date, local: string, days = 30) =>
  intervalAt(compileDisplayTimeline(input, 'lobby-1', now, days)!, hanoi(local)).kind;

const shift = (date: string, days: number) => {
  const d = addDays({ year: +date.slice(0, 4), month: +date.slice(5, 7), day: +date.slice(8, 10), hour: 0, minute: 0 }, days);
  return `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
};

describe('a schedule every year around a day of the national calendar', () => {
  it('“the 10 days before Tết”: from local midnight 10 days before Tết (12/02/2021) until Tết begins', () => {
    const input = yearly({ nationalDay: 'tet-nguyen-dan', offsetDays: -10, days: 10 });
    const now = hanoi('2021-01-25T09:00');
    const t = compileDisplayTimeline(input, 'lobby-1', now, 30)!;
    const first = intervalAt(t, hanoi('2021-02-02T00:00'));
    expect(first.kind).toBe('schedule');
    expect(first.start).toBe(hanoi('2021-02-02T00:00').toISOString());
    expect(first.end).toBe(hanoi('2021-02-12T00:00').toISOString());
    expect(first.playlist.map((p) => p.itemId)).toEqual([GREETING]);
    expect(intervalAt(t, hanoi('2021-02-01T23:59')).kind).not.toBe('schedule');
    expect(intervalAt(t, hanoi('2021-02-12T00:00')).kind).not.toBe('schedule');
  });

  it('follows the Vietnamese date, not the Chinese one: Tết 2030 is 02/02, so “Tết, 1 day” ends at 03/02 00:00', () => {
    const input = yearly({ nationalDay: 'tet-nguyen-dan', offsetDays: 0, days: 1 });
    const now = hanoi('2030-01-30T09:00');
    expect(kindAt(input, now, '2030-02-02T12:00')).toBe('schedule');
    expect(kindAt(input, now, '2030-02-03T12:00')).not.toBe('schedule');
  });

  it('“2/9 each year, 3 days”, with daily hours: 07:00–09:00 on 2, 3 and 4 September only', () => {
    const input = yearly({ nationalDay: 'quoc-khanh', offsetDays: 0, days: 3 }, { daily: { from: '07:00', until: '09:00' } });
    const now = hanoi('2026-08-30T09:00');
    for (const day of ['2026-09-02', '2026-09-03', '2026-09-04']) {
      expect(kindAt(input, now, `${day}T07:00`)).toBe('schedule');
      expect(kindAt(input, now, `${day}T09:00`)).not.toBe('schedule');
    }
    expect(kindAt(input, now, '2026-09-01T08:00')).not.toBe('schedule');
    expect(kindAt(input, now, '2026-09-05T08:00')).not.toBe('schedule');
  });

  it('a day of the twelfth lunar month plays in the next solar year (23 tháng Chạp Canh Tý = 04/02/2021)', () => {
    const input = yearly({ nationalDay: 'ong-cong-ong-tao', offsetDays: 0, days: 1 });
    const now = hanoi('2021-01-20T09:00');
    expect(kindAt(input, now, '2021-02-04T12:00')).toBe('schedule');
    expect(kindAt(input, now, '2021-02-03T12:00')).not.toBe('schedule');
    expect(kindAt(input, now, '2021-02-05T12:00')).not.toBe('schedule');
  });

  it('an absolute window still bounds the yearly one', () => {
    const input = yearly({ nationalDay: 'tet-nguyen-dan', offsetDays: -10, days: 10 }, { window: { from: { date: '2021-02-08' } } });
    const now = hanoi('2021-01-25T09:00');
    expect(kindAt(input, now, '2021-02-05T12:00')).not.toBe('schedule');
    expect(kindAt(input, now, '2021-02-09T12:00')).toBe('schedule');
  });

  it('moving a day of the calendar recompiles every zone', () => {
    const input = yearly({ nationalDay: 'quoc-khanh', offsetDays: 0, days: 3 });
    const moved = { ...input, nationalDays: DAYS.map((d) => (d.id === 'quoc-khanh' ? { ...d, day: 3 } : d)) };
    expect(affectedZones(input, moved)).toBe('all');
    expect(affectedZones(input, { ...input })).toEqual(new Set());
  });

  it('a day missing from the calendar never plays', () => {
    const input = yearly({ nationalDay: 'khong-co', offsetDays: 0, days: 30 });
    const t = compileDisplayTimeline(input, 'lobby-1', hanoi('2021-01-25T09:00'), 30)!;
    expect(t.intervals.every((i) => i.kind !== 'schedule')).toBe(true);
  });

  it('for any year, offset and length, the entry plays exactly on its days', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1970, max: 2060 }),
        fc.integer({ min: -30, max: 10 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: -3, max: 16 }),
        (year, offsetDays, days, probe) => {
          const input = yearly({ nationalDay: 'tet-nguyen-dan', offsetDays, days });
          const first = shift(dateInYear(DAYS[0]!, year)!, offsetDays);
          const now = hanoi(`${shift(first, -4)}T09:00`);
          const day = shift(first, probe);
          const inside = probe >= 0 && probe < days;
          expect(kindAt(input, now, `${day}T12:00`, 24) === 'schedule').toBe(inside);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('a plan anchored to a day of the national calendar in a year', () => {
  it('a phase starting 10 days before Tết 2021 starts at local midnight of 02/02/2021', () => {
    const base = seedInput({ nationalDays: DAYS });
    const phases = base.campaigns.flatMap((c) => c.phases);
    const target = phases[0]!;
    const input: CompilerInput = {
      ...base,
      campaigns: [{ id: 'tet', phases: [{ ...target, starts: { nationalDay: 'tet-nguyen-dan', year: 2021, offsetDays: -10 }, ends: { nationalDay: 'tet-nguyen-dan', year: 2021 } }] }],
      items: base.items.map((i) => ({ ...i, phaseIds: i.id === GREETING ? [target.id] : [] })),
    };
    const t = compileDisplayTimeline(input, 'lobby-1', hanoi('2021-01-25T09:00'), 30)!;
    const during = intervalAt(t, hanoi('2021-02-05T12:00'));
    expect(during.kind).toBe('phase');
    expect(during.start).toBe(hanoi('2021-02-02T00:00').toISOString());
    expect(during.end).toBe(hanoi('2021-02-12T00:00').toISOString());
    expect(during.playlist.map((p) => p.itemId)).toEqual([GREETING]);
    // Without the calendar the anchor is unknown: the phase never opens.
    const blind = compileDisplayTimeline({ ...input, nationalDays: [] }, 'lobby-1', hanoi('2021-01-25T09:00'), 30)!;
    expect(intervalAt(blind, hanoi('2021-02-05T12:00')).kind).not.toBe('phase');
  });
});
