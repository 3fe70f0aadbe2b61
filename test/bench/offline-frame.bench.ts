/**
 * Offline frame: what one display receives and keeps to play alone, per display, with the full
 * 38-KH/ĐU plan, for a 7-day horizon (before) and the 8-day one (now: ≥ 7 full days whenever the
 * server goes), in three weeks of 2020–21 with phase changes and congresses, with and without a
 * daily schedule entry of the display's own. Also the proof-of-play coverage rows one version adds.
 */
import { readFileSync } from 'node:fs';
import { compileAll, planToCompilerInput, type CompilerDisplay, type CompilerInput } from '../../server/domain/compiler/index.js';
import { PlanSchema } from '../../server/protocol/plan.js';
import { compiled } from '../../server/ws/delivery.js';
import { coverageOf } from '../../server/domain/coverage.js';
import type { BenchRow } from './table.js';

const WEEKS = [
  { name: 'XXVI congress week', now: '2020-08-17T02:00:00.000Z' },
  { name: 'Khối XIII congress week', now: '2020-10-26T02:00:00.000Z' },
  { name: 'national XIII congress week', now: '2021-01-28T02:00:00.000Z' },
];

function input(ownEntries: boolean): CompilerInput {
  const plan = PlanSchema.parse(JSON.parse(readFileSync(new URL('../../assets/plans/38-KH-DU.json', import.meta.url), 'utf8')));
  const approved = plan.items.map((it, i) => ({ id: i + 1, key: it.id, revisionId: 1000 + i, status: 'approved' as const, text: it.text }));
  const displays: CompilerDisplay[] = [
    { id: 'gate', zoneId: 'gate' },
    { id: 'lobby', zoneId: 'lobby' },
    { id: 'hall', zoneId: 'hall', role: 'backdrop' },
    { id: 'hall-side', zoneId: 'hall', role: 'side' },
  ];
  const base = planToCompilerInput(plan, approved, { displays });
  return {
    ...base,
    schedules: ownEntries
      ? displays.map((d, i) => ({
          id: `s${i}`,
          target: { displayId: d.id },
          content: { kind: 'items' as const, itemIds: [8 + i] },
          daily: { from: '07:00', until: '08:30' },
          weekdays: [1, 2, 3, 4, 5],
          priority: 1,
        }))
      : [],
  };
}

export default async function offlineFrameBench(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const own of [false, true]) {
    const data = input(own);
    for (const week of WEEKS) {
      for (const days of [7, 8]) {
        const timelines = compileAll(data, new Date(week.now), days);
        const frames = [...timelines.entries()].map(([id, t]) => ({ id, bytes: Buffer.byteLength(compiled(t).frame), intervals: t.intervals.length, coverage: coverageOf(t).length }));
        const largest = frames.reduce((a, b) => (b.bytes > a.bytes ? b : a));
        rows.push({
          bench: 'offline-frame',
          case: `${week.name}, ${days}-day horizon${own ? ', own daily entry' : ''}: largest frame`,
          value: largest.bytes / 1024,
          unit: 'KiB',
          note: `${largest.id}: ${largest.intervals} intervals, ${largest.coverage} coverage rows; per display ${frames.map((f) => `${f.id} ${(f.bytes / 1024).toFixed(1)}`).join(', ')}`,
        });
      }
    }
  }
  return rows;
}
