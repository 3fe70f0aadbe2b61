/**
 * Several plans at once: 10 active plans with 200 events (20 each, congresses with backdrops among
 * them), 60 phases anchored to their events with offsets, and 2,000 approved items linked to their
 * plans, compiled for 1,000 displays × 30 days. Measured on a real SQLite database through the
 * same TimelineService the server uses: assembling the compiler's input from the rows, then
 * compileAll. The plans are imported as files (PlanTransfer) and approved by a second person.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { openStore } from '../../server/store.js';
import { PlanRepository } from '../../server/db/plan-repository.js';
import { PlanTransfer } from '../../server/db/plan-transfer.js';
import { ContentRepository } from '../../server/db/content-repository.js';
import { playableItems, TimelineService } from '../../server/timelines.js';
import { compileAll, type CompilerDisplay } from '../../server/domain/compiler/index.js';
import { PlanSchema, type Plan, type PlanItem } from '../../server/protocol/plan.js';
import type { BenchRow } from './table.js';

const PLANS = 10;
const EVENTS_PER_PLAN = 20;
const ITEMS_PER_PLAN = 200;
const DISPLAYS = 1000;
const DAYS = 30;
const NOW = new Date('2027-03-01T01:00:00.000Z');

const pad = (n: number) => String(n).padStart(2, '0');

/** A plan of one year's propaganda: events spread over the year, two campaigns of three đợt. */
function plan(p: number): Plan {
  const events = Array.from({ length: EVENTS_PER_PLAN }, (_, e) => {
    const month = 1 + ((e * 7 + p) % 12);
    const day = 1 + ((e * 3 + p) % 27);
    return {
      id: `su-kien-${e}`,
      name: e % 5 === 0 ? `Đại hội đại biểu Đảng bộ cơ sở ${p}-${e} lần thứ XV, nhiệm kỳ 2025 - 2030` : `Kỷ niệm ngày truyền thống ${p}-${e}`,
      kind: e % 5 === 0 ? ('congress' as const) : ('anniversary' as const),
      opens: `2027-${pad(month)}-${pad(day)}T08:00`,
      closes: `2027-${pad(month)}-${pad(day + 1)}T17:00`,
      dateSource: 'public-record' as const,
    };
  });
  const campaigns = [0, 1].map((c) => ({
    id: `chien-dich-${c}`,
    section: `II.${c + 1}`,
    title: `Tuyên truyền chuyên đề ${c + 1}`,
    phases: [0, 1, 2].map((k) => {
      const ev = events[(c * 3 + k) % EVENTS_PER_PLAN]!.id;
      return { id: `dot-${c}-${k}`, number: k + 1, title: `Đợt ${k + 1}`, starts: { event: ev, edge: 'opens' as const, offsetDays: -30 }, ends: { event: ev, edge: 'closes' as const, offsetDays: 30 }, themes: [] };
    }),
  }));
  const items: PlanItem[] = Array.from({ length: ITEMS_PER_PLAN }, (_, i) => {
    const ev = events[i % EVENTS_PER_PLAN]!.id;
    return {
      kind: 'slogan',
      id: `kh${p}-muc-${i}`,
      text: `Nhiệt liệt chào mừng ngày hội ${p}.${i} — KỂ CHUYỆN, DIỄN ĐÀN, HƯỚNG DẪN, ĐẬM ĐÀ BẢN SẮC`,
      section: 'III',
      tags: i % 4 === 0 ? ['evergreen'] : ['celebratory', 'greeting'],
      celebratory: i % 4 !== 0,
      events: [ev],
      places: [['gate'], ['lobby'], ['hall'], []][i % 4]!,
      ...(i % 4 === 0 ? {} : { validFrom: { event: ev, edge: 'opens' as const, offsetDays: -14 }, validUntil: { event: ev, edge: 'closes' as const } }),
    };
  });
  return PlanSchema.parse({
    format: 'pano-plan/1',
    document: { number: `${p + 1}-KH/ĐU`, title: `Kế hoạch tuyên truyền số ${p + 1}`, issuer: 'Đảng ủy', issuedOn: '2026-12-01', place: 'Hà Nội', signedBy: { name: 'Nguyễn Văn A', position: 'Bí thư' } },
    places: [
      { id: 'gate', name: 'Cổng cơ quan', kind: 'gate' },
      { id: 'lobby', name: 'Sảnh', kind: 'lobby' },
      { id: 'hall', name: 'Hội trường', kind: 'hall' },
    ],
    events,
    campaigns,
    items,
  });
}

export default async function plansBench(): Promise<BenchRow[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pano-bench-plans-'));
  const store = await openStore(dir, 'NORMAL');
  try {
    const importer = await store.users.create({ username: 'nhap', displayName: 'Nhập', roles: ['approver'], passwordHash: null }, NOW);
    const approver = await store.users.create({ username: 'duyet', displayName: 'Duyệt', roles: ['approver'], passwordHash: null }, NOW);
    await store.engine.transaction(async (tx) => {
      const plans = new PlanRepository(tx);
      const transfer = new PlanTransfer(tx, plans);
      const content = new ContentRepository(tx);
      // The seed stays as shipped (active, submitted): what is measured is ten plans of this year.
      for (let p = 0; p < PLANS; p++) {
        const { planId } = await transfer.importPlan(plan(p), { by: { id: importer.id, username: importer.username }, at: NOW, state: 'active' });
        for (const link of await plans.linkedItems(planId)) await content.decide(link.itemId, 'approve', 'Duyệt', { id: approver.id, username: approver.username }, NOW);
      }
    });
    const zones = ['gate', 'lobby', 'hall'];
    const displays: CompilerDisplay[] = Array.from({ length: DISPLAYS }, (_, i) => ({ id: `d${i}`, zoneId: zones[i % 3]!, ...(i % 6 === 5 ? { role: 'side' as const } : {}) }));
    const timelines = new TimelineService({
      schedules: store.schedules,
      plans: store.plans,
      approvedItems: async () => playableItems(await store.content.listItems({})),
      photoPanel: async () => undefined,
      displays: async () => displays,
      timeZone: 'Asia/Ho_Chi_Minh',
      horizonDays: DAYS,
    });

    const t0 = performance.now();
    const input = await timelines.input(NOW);
    const assemble = performance.now() - t0;
    const t1 = performance.now();
    const first = compileAll(input, NOW, DAYS);
    const cold = performance.now() - t1;
    const runs: number[] = [];
    for (let k = 0; k < 3; k++) {
      const t = performance.now();
      compileAll(await timelines.input(NOW), NOW, DAYS);
      runs.push(performance.now() - t);
    }
    runs.sort((a, b) => a - b);
    const t2 = performance.now();
    await timelines.input(NOW, 1);
    const preview = performance.now() - t2;
    const intervals = [...first.values()].reduce((n, t) => n + t.intervals.length, 0);
    const note = `${input.events.length} events, ${input.campaigns.reduce((n, c) => n + c.phases.length, 0)} phases, ${input.items.length} items; ${first.size} displays × ${DAYS} d, ${intervals} intervals`;
    return [
      { bench: 'plans', case: '10 active plans: input from SQLite (TimelineService.input)', value: assemble, unit: 'ms', note },
      { bench: 'plans', case: '10 active plans: compileAll, first run', value: cold, unit: 'ms' },
      { bench: 'plans', case: '10 active plans: input + compileAll, median of 3', value: runs[1]!, unit: 'ms' },
      { bench: 'plans', case: '10 active plans: input with a draft previewed', value: preview, unit: 'ms' },
    ];
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
