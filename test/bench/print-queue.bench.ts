/**
 * Issue 13 A2: print queue fairness and cancel. One operator queues jobs of four 5 × 0.8 m
 * banners each (PNG, 100 dpi) up to the per-user limit, then a second operator queues one A4
 * proof: how long until the second operator's job starts and ends. Then the first operator's
 * running job is cancelled: how long until the answer (the worker stopped, the folder gone).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { PrintJob } from '../../server/protocol/print.js';
import { QUEUE_LIMITS } from '../../server/print/queue.js';
import { untilJob } from '../support/print-jobs.js';
import { loginAdmin, userWithRoles, type ApiClient } from '../support/session.js';
import { startChildServer } from './server-child.js';
import type { BenchRow } from './table.js';

async function create(client: ApiClient, body: unknown): Promise<{ status: number; job?: PrintJob }> {
  const res = await client.post('/api/print/jobs', body);
  return res.status === 201 ? { status: 201, job: (await res.json()) as PrintJob } : (await res.arrayBuffer(), { status: res.status });
}

export default async function bench(): Promise<BenchRow[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pano-bench-queue-'));
  const server = await startChildServer(dir);
  try {
    const admin = await loginAdmin(server.url);
    const [heavy, light] = [await userWithRoles(admin, 'van-hanh-nhieu', ['operator']), await userWithRoles(admin, 'van-hanh-it', ['operator'])];
    const slogans = (await heavy.json<{ items: { id: number }[] }>('/api/print/items')).items;
    const big = { items: slogans.slice(0, 4).map((s) => s.id), preset: 'bang-ron-5x0.8', format: 'png', dpi: 100 };
    const queued: PrintJob[] = [];
    let refused = 0;
    for (let i = 0; i < QUEUE_LIMITS.jobsPerUser + 5; i++) {
      const r = await create(heavy, big);
      if (r.job) queued.push(r.job);
      else if (r.status === 429) refused++;
    }
    const submitted = performance.now();
    const proof = (await create(light, { items: [slogans[0]!.id], preset: 'a4', format: 'pdf' })).job!;
    await untilJob(light, proof.id, (j) => j.status !== 'queued');
    const started = performance.now() - submitted;
    await untilJob(light, proof.id, (j) => j.status === 'done');
    const finished = performance.now() - submitted;
    // The heavy user's job now running (the one after the proof).
    const running = (await heavy.json<{ jobs: PrintJob[] }>('/api/print/jobs')).jobs.find((j) => j.status === 'running' && j.id !== proof.id);
    let cancelMs = NaN;
    if (running) {
      await untilJob(heavy, running.id, (j) => j.status === 'running' && j.progress.done > 0);
      const t = performance.now();
      const res = await heavy.post(`/api/print/jobs/${running.id}/cancel`);
      await res.arrayBuffer();
      cancelMs = performance.now() - t;
    }
    const first = await untilJob(heavy, queued[0]!.id, (j) => j.status === 'done' || j.status === 'cancelled', 600_000);
    const oneBig = first.finishedAt && first.startedAt ? Date.parse(first.finishedAt) - Date.parse(first.startedAt) : NaN;
    for (const j of queued) await heavy.post(`/api/print/jobs/${j.id}/cancel`).then((r) => r.arrayBuffer());
    return [
      { bench: 'print-queue', case: 'second user: job started', value: started, unit: 'ms', note: `behind ${queued.length} jobs of another user` },
      { bench: 'print-queue', case: 'second user: job done', value: finished, unit: 'ms' },
      { bench: 'print-queue', case: 'one job of the first user', value: oneBig, unit: 'ms', note: '4 × 5 m banners, PNG 100 dpi' },
      { bench: 'print-queue', case: 'first user: jobs refused (429)', value: refused, unit: 'jobs', note: `limit ${QUEUE_LIMITS.jobsPerUser} waiting per user` },
      { bench: 'print-queue', case: 'cancel a running job', value: cancelMs, unit: 'ms', note: 'until the answer: worker stopped, folder removed' },
    ];
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
