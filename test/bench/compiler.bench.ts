/**
 * Compiler: 1,000 displays × 30 days with the full 38-KH/ĐU plan, starting 10/08/2020 so the
 * horizon crosses the XXVI congress (a phase change, a backdrop, expiring greetings).
 * Two cases: displays sharing their zone's timeline (the usual), and every display with its own
 * daily schedule entry (nothing shared: the worst case for a full recompile).
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { compileAll, planToCompilerInput, type CompilerInput, type CompilerDisplay } from '../../server/domain/compiler/index.js';
import { PlanSchema } from '../../server/protocol/plan.js';
import type { BenchRow } from './table.js';

const DISPLAYS = 1000;
const DAYS = 30;
const NOW = new Date('2020-08-10T02:00:00.000Z');

function input(ownEntries: boolean): CompilerInput {
  const plan = PlanSchema.parse(JSON.parse(readFileSync(new URL('../../assets/plans/38-KH-DU.json', import.meta.url), 'utf8')));
  const approved = plan.items.map((it, i) => ({ id: i + 1, key: it.id, revisionId: 1000 + i, status: 'approved' as const, text: it.text }));
  const zones = ['gate', 'lobby', 'hall'];
  const displays: CompilerDisplay[] = Array.from({ length: DISPLAYS }, (_, i) => ({
    id: `d${i}`,
    zoneId: zones[i % 3]!,
    ...(i % 3 === 2 && i % 2 === 0 ? { role: 'side' as const } : {}),
  }));
  const base = planToCompilerInput(plan, approved, { displays });
  return {
    ...base,
    schedules: ownEntries
      ? displays.map((d, i) => ({
          id: `s${i}`,
          target: { displayId: d.id },
          content: { kind: 'items' as const, itemIds: [8 + (i % 7)] },
          daily: { from: '07:00', until: '08:30' },
          weekdays: [1, 2, 3, 4, 5],
          priority: 1,
        }))
      : [],
    takeovers: [{ id: 't', zoneIds: ['lobby'], itemIds: [8], from: '2020-08-12T03:00:00.000Z', until: '2020-08-12T04:00:00.000Z' }],
    mourning: { from: '2020-08-25T17:00:00.000Z', until: '2020-08-27T17:00:00.000Z', messageItemIds: [] },
  };
}

function measure(name: string, ownEntries: boolean): BenchRow[] {
  const data = input(ownEntries);
  const mem0 = process.memoryUsage();
  const t0 = performance.now();
  const first = compileAll(data, NOW, DAYS);
  const cold = performance.now() - t0;
  const mem1 = process.memoryUsage();
  const runs: number[] = [];
  for (let k = 0; k < 5; k++) {
    const t = performance.now();
    compileAll(data, NOW, DAYS);
    runs.push(performance.now() - t);
  }
  runs.sort((a, b) => a - b);
  const t1 = performance.now();
  let bytes = 0;
  for (const t of first.values()) bytes += JSON.stringify(t).length;
  const serialise = performance.now() - t1;
  const intervals = [...first.values()].reduce((n, t) => n + t.intervals.length, 0);
  const note = `${first.size} displays × ${DAYS} d, ${intervals} intervals`;
  return [
    { bench: 'compiler', case: `${name}: compileAll, first run`, value: cold, unit: 'ms', note },
    { bench: 'compiler', case: `${name}: compileAll, median of 5`, value: runs[2]!, unit: 'ms' },
    { bench: 'compiler', case: `${name}: JSON.stringify every timeline`, value: serialise, unit: 'ms', note: `${(bytes / 1e6).toFixed(1)} MB of JSON (what the hub hashes)` },
    { bench: 'compiler', case: `${name}: heap delta holding the result`, value: (mem1.heapUsed - mem0.heapUsed) / 1e6, unit: 'MB' },
    { bench: 'compiler', case: `${name}: RSS delta`, value: (mem1.rss - mem0.rss) / 1e6, unit: 'MB' },
  ];
}

export default async function compilerBench(): Promise<BenchRow[]> {
  return [...measure('zones shared', false), ...measure('every display its own entry', true)];
}
