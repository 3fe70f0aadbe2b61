/**
 * Offline frame: what one display receives and keeps to play alone, per display, with the full
 * 38-KH/ĐU plan, for a 7-day horizon (before) and the 8-day one (now: ≥ 7 full days whenever the
 * server goes), in three weeks of 2020–21 with phase changes and congresses, with and without a
 * daily schedule entry of the display's own. Also the proof-of-play coverage rows one version adds,
 * and what writing the deliveries of one push to every display costs (one transaction per push).
 */
import { readFileSync } from 'node:fs';
import { compileAll, planToCompilerInput, type CompilerDisplay, type CompilerInput } from '../../server/domain/compiler/index.js';
import { PlanSchema } from '../../server/protocol/plan.js';
import { compiled } from '../../server/ws/delivery.js';
import { coverageOf } from '../../server/domain/coverage.js';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createHash } from 'node:crypto';
import { openStore } from '../../server/store.js';
import { DisplayRepository } from '../../server/db/display-repository.js';
import { DeliveryRepository } from '../../server/db/delivery-repository.js';
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

/** One version pushed to n displays: the hub writes them in one transaction right after the push. */
async function deliveryWrites(n: number): Promise<BenchRow> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pano-bench-deliveries-'));
  const store = await openStore(dir, 'NORMAL');
  try {
    await store.engine.transaction(async (tx) => {
      const registry = new DisplayRepository(tx);
      for (let i = 0; i < n; i++) {
        await registry.create({ id: `d${i}`, name: `Màn hình ${i}`, zoneId: 'lobby', role: null, tokenSha256: createHash('sha256').update(String(i)).digest('hex'), pairedBy: null }, new Date());
      }
    });
    const timeline = compileAll(input(true), new Date(WEEKS[1]!.now), 8).get('lobby')!;
    const deliveries = new DeliveryRepository(store.engine.db);
    const version = compiled(timeline).version;
    const t0 = performance.now();
    await deliveries.record(Array.from({ length: n }, (_, i) => ({ displayId: `d${i}`, version, timeline, at: new Date() })));
    return { bench: 'offline-frame', case: `deliveries of one push to ${n.toLocaleString('en')} displays written`, value: performance.now() - t0, unit: 'ms', note: 'one transaction, coverage written once per version' };
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export default async function offlineFrameBench(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [await deliveryWrites(1_000), await deliveryWrites(10_000)];
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
