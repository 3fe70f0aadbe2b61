/** Invariants of the compiler over generated inputs built on the real plan (fast-check). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileAll, type CompilerInput, type ScheduleEntry, type Takeover, type WindowEdge } from '../../../../server/domain/compiler/index.js';
import type { Anchor } from '../../../../server/protocol/plan.js';
import { TimelineSchema } from '../../../../server/protocol/timeline.js';
import { DISPLAYS, plan, seedInput } from './fixtures.js';

const STATUSES = ['draft', 'submitted', 'approved', 'rejected', 'retired'] as const;
const ZONES = ['gate', 'lobby', 'hall'];
const PHASES = plan.campaigns.flatMap((c) => c.phases.map((p) => p.id));
const EVENTS = plan.events.map((e) => e.id);
const ITEM_IDS = [...plan.items.map((_, i) => i + 1), 16, 17];
const TIME_ZONES = ['Asia/Ho_Chi_Minh', 'Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kolkata', 'Pacific/Chatham', 'UTC'];
const MIN = 60_000;
const DAY = 1440 * MIN;
const NOW_MIN = Date.parse('2019-12-15T00:00:00Z');
const NOW_MAX = Date.parse('2021-06-01T00:00:00Z');

const hhmm = fc.integer({ min: 0, max: 47 }).map((h) => `${String(Math.floor(h / 2)).padStart(2, '0')}:${h % 2 ? '30' : '00'}`);
/** Minutes from `now`, so windows land in or near the horizon. */
const offset = fc.integer({ min: -2 * 1440, max: 32 * 1440 });
/** Tết (lunar), 2/9 (solar) and a day missing from the calendar. */
const NATIONAL_DAYS = [
  { id: 'tet-nguyen-dan', calendar: 'lunar' as const, month: 1, day: 1 },
  { id: 'quoc-khanh', calendar: 'solar' as const, month: 9, day: 2 },
];
const nationalDay = fc.constantFrom(...NATIONAL_DAYS.map((d) => d.id), 'khong-co');
const anchor: fc.Arbitrary<Anchor> = fc.oneof(
  fc.record({ event: fc.constantFrom(...EVENTS), edge: fc.constantFrom('opens' as const, 'closes' as const), offsetDays: fc.integer({ min: -5, max: 5 }) }),
  fc.integer({ min: 0, max: 540 }).map((d) => ({ date: new Date(Date.parse('2020-01-01') + d * DAY).toISOString().slice(0, 10) })),
  fc.record({ nationalDay, year: fc.integer({ min: 2019, max: 2021 }), offsetDays: fc.integer({ min: -20, max: 20 }) }),
);
const edge = (now: number): fc.Arbitrary<WindowEdge> =>
  fc.oneof(anchor, offset.map((m) => ({ instant: new Date(now + m * MIN).toISOString() })));

const scheduleEntry = (now: number, id: string): fc.Arbitrary<ScheduleEntry> =>
  fc.record(
    {
      id: fc.constant(id),
      target: fc.oneof(fc.constantFrom(...ZONES).map((zoneId) => ({ zoneId })), fc.constantFrom(...DISPLAYS.map((d) => d.id)).map((displayId) => ({ displayId }))),
      content: fc.oneof(
        fc.array(fc.constantFrom(...ITEM_IDS), { maxLength: 4 }).map((itemIds) => ({ kind: 'items' as const, itemIds })),
        fc.constantFrom(...PHASES).map((phaseId) => ({ kind: 'phase' as const, phaseId })),
        fc.array(fc.constantFrom(...ITEM_IDS), { maxLength: 3 }).map((itemIds) => ({ kind: 'template' as const, fields: { titleLines: ['A', 'B'] }, itemIds })),
      ),
      window: fc.record({ from: edge(now), until: edge(now) }, { requiredKeys: [] }),
      daily: fc.record({ from: hhmm, until: hhmm }),
      weekdays: fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 7 }),
      recurring: fc.record({ nationalDay, offsetDays: fc.integer({ min: -20, max: 5 }), days: fc.integer({ min: 1, max: 15 }) }),
      priority: fc.integer({ min: 0, max: 2 }),
      secondsPerItem: fc.integer({ min: 3, max: 60 }),
    },
    { requiredKeys: ['id', 'target', 'content', 'priority'] },
  );

const takeover = (now: number, id: string): fc.Arbitrary<Takeover> =>
  fc.record(
    {
      id: fc.constant(id),
      zoneIds: fc.oneof(fc.constant('all' as const), fc.subarray(ZONES, { minLength: 1 })),
      itemIds: fc.array(fc.constantFrom(...ITEM_IDS), { minLength: 1, maxLength: 3 }),
      from: offset.map((m) => new Date(now + m * MIN).toISOString()),
      until: offset.map((m) => new Date(now + m * MIN).toISOString()),
    },
    { requiredKeys: ['id', 'zoneIds', 'itemIds', 'from'] },
  );

interface Case {
  input: CompilerInput;
  now: Date;
  horizonDays: number;
}

/** The seed plan with random statuses, a retired extra item, and random overrides around `now`. */
const cases: fc.Arbitrary<Case> = fc
  .record({ now: fc.integer({ min: NOW_MIN, max: NOW_MAX }), horizonDays: fc.integer({ min: 1, max: 30 }) })
  .chain(({ now, horizonDays }) =>
    fc.record({
      now: fc.constant(new Date(now)),
      horizonDays: fc.constant(horizonDays),
      timeZone: fc.constantFrom(...TIME_ZONES),
      statuses: fc.array(fc.constantFrom(...STATUSES), { minLength: plan.items.length, maxLength: plan.items.length }),
      schedules: fc.tuple(...['a', 'b', 'c'].map((id) => fc.option(scheduleEntry(now, id), { nil: undefined }))),
      takeovers: fc.tuple(...['t1', 't2'].map((id) => fc.option(takeover(now, id), { nil: undefined }))),
      mourning: fc.option(
        fc.record({ from: offset, until: offset, messageItemIds: fc.array(fc.constantFrom(...ITEM_IDS), { maxLength: 2 }) }).map((m) => ({
          from: new Date(now + m.from * MIN).toISOString(),
          until: new Date(now + m.until * MIN).toISOString(),
          messageItemIds: m.messageItemIds,
        })),
        { nil: undefined },
      ),
      rehearsal: fc.option(fc.record({ asOf: offset, startedAt: offset }), { nil: undefined }),
    }),
  )
  .map((g) => {
    const base = seedInput();
    const items = [
      ...base.items.map((it, i) => ({ ...it, status: g.statuses[i]! })),
      { ...base.items[7]!, id: 16, key: 'retired-copy', revisionId: 1016, status: 'retired' as const, text: 'ĐÃ THU HỒI' },
    ];
    const input: CompilerInput = {
      ...base,
      nationalDays: NATIONAL_DAYS,
      timeZone: g.timeZone,
      items,
      schedules: g.schedules.filter((s) => s !== undefined),
      takeovers: g.takeovers.filter((t) => t !== undefined),
      rehearsals: g.rehearsal
        ? [{ zoneId: 'hall', asOf: new Date(g.now.getTime() + g.rehearsal.asOf * MIN).toISOString(), startedAt: new Date(g.now.getTime() + g.rehearsal.startedAt * MIN).toISOString() }]
        : [],
      ...(g.mourning ? { mourning: g.mourning } : {}),
    };
    return { input, now: g.now, horizonDays: g.horizonDays };
  });

const compile = (c: Case) => compileAll(c.input, c.now, c.horizonDays);
const overlapsWindow = (i: { start: string; end: string }, from: string, until: string) => i.start < until && i.end > from;

describe('compiler properties', () => {
  it('only approved revisions ever reach a playlist, with their approved text', () => {
    fc.assert(
      fc.property(cases, (c) => {
        const approved = new Map(c.input.items.filter((i) => i.status === 'approved').map((i) => [i.id, i]));
        for (const t of compile(c).values()) {
          for (const p of t.intervals.flatMap((i) => i.playlist)) {
            const item = approved.get(p.itemId);
            expect(item, `item ${p.itemId}`).toBeDefined();
            expect([p.revisionId, p.text]).toEqual([item!.revisionId, item!.text]);
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it('intervals cover the horizon, ordered, without gaps or overlaps, and fit the protocol', () => {
    fc.assert(
      fc.property(cases, (c) => {
        const all = compile(c);
        expect(all.size).toBe(DISPLAYS.length);
        for (const t of all.values()) {
          TimelineSchema.parse(t);
          expect(t.intervals[0]!.start).toBe(t.horizonStart);
          expect(t.intervals.at(-1)!.end).toBe(t.horizonEnd);
          t.intervals.forEach((i, k) => {
            expect(Date.parse(i.start)).toBeLessThan(Date.parse(i.end));
            if (k > 0) expect(i.start).toBe(t.intervals[k - 1]!.end);
          });
        }
      }),
      { numRuns: 150 },
    );
  });

  it('mourning: no celebratory item anywhere in its range, only the mourning template', () => {
    fc.assert(
      fc.property(cases, (c) => {
        const m = c.input.mourning;
        if (!m || m.from >= m.until!) return; // an empty range is no mourning
        const celebratory = new Set(c.input.items.filter((i) => i.celebratory).map((i) => i.id));
        for (const t of compile(c).values()) {
          for (const i of t.intervals.filter((x) => overlapsWindow(x, m.from, m.until!))) {
            expect(i.template).toBe('mourning');
            expect(i.playlist.filter((p) => celebratory.has(p.itemId))).toEqual([]);
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it('never blank while a sober evergreen slogan is approved', () => {
    fc.assert(
      fc.property(cases, (c) => {
        const sober = c.input.items.some((i) => i.status === 'approved' && i.tags.includes('evergreen') && !i.celebratory);
        if (!sober) return;
        for (const t of compile(c).values()) for (const i of t.intervals) expect(i.playlist.length).toBeGreaterThan(0);
      }),
      { numRuns: 100 },
    );
  });

  it('is deterministic: same input, same JSON, whatever the order of items, schedules and takeovers', () => {
    fc.assert(
      fc.property(cases, (c) => {
        const json = (input: CompilerInput) => JSON.stringify([...compileAll(input, c.now, c.horizonDays)]);
        const reordered = { ...c.input, items: [...c.input.items].reverse(), schedules: [...c.input.schedules].reverse(), takeovers: [...c.input.takeovers].reverse() };
        expect(json(reordered)).toBe(json(c.input));
      }),
      { numRuns: 100 },
    );
  });
});
