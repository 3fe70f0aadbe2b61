/**
 * Issue 13 A1: /healthz latency while 8 uploads of a 7000 × 7000 PNG (49 megapixels) run at once,
 * one per operator, and the server's peak RSS. Uploads over the limits get 429 (Retry-After) and
 * are sent again when told; every upload ends stored. Before the fix: 9.1 s frozen, 99 → 478 MB.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bigPng } from '../support/big-png.js';
import { loginAdmin, userWithRoles, type ApiClient } from '../support/session.js';
import { percentile, startChildServer } from './server-child.js';
import type { BenchRow } from './table.js';

const UPLOADS = 8;

async function uploadUntilStored(client: ApiClient, bytes: Buffer, refusals: { n: number }): Promise<void> {
  for (;;) {
    const res = await fetch(`${client.baseUrl}/api/photos`, { method: 'POST', headers: { Cookie: client.cookie! }, body: new Uint8Array(bytes) });
    await res.arrayBuffer();
    if (res.status === 201) return;
    if (res.status !== 429) throw new Error(`upload: ${res.status}`);
    refusals.n++;
    await new Promise((r) => setTimeout(r, Number(res.headers.get('retry-after')) * 1000));
  }
}

/** /healthz one request after another until `stop()`; the latencies, sorted. */
async function pollHealth(url: string, stop: () => boolean): Promise<number[]> {
  const latencies: number[] = [];
  while (!stop()) {
    const t = performance.now();
    await (await fetch(`${url}/healthz`)).arrayBuffer();
    latencies.push(performance.now() - t);
  }
  return latencies.sort((a, b) => a - b);
}

export default async function bench(): Promise<BenchRow[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pano-bench-uploads-'));
  const server = await startChildServer(dir);
  try {
    const admin = await loginAdmin(server.url);
    const operators: ApiClient[] = [];
    for (let i = 0; i < UPLOADS; i++) operators.push(await userWithRoles(admin, `van-hanh-${i}`, ['operator']));
    const images = operators.map((_, i) => bigPng(`bench-${i}`));
    const idle = server.rssMb().now;
    // The same polling with no upload, for the machine's own noise (a loaded 2-core box).
    const baseline = await pollHealth(server.url, (() => {
      const until = performance.now() + 5000;
      return () => performance.now() > until;
    })());
    const refusals = { n: 0 };
    let done = false;
    const start = performance.now();
    const uploads = Promise.all(operators.map((op, i) => uploadUntilStored(op, images[i]!, refusals))).then(() => (done = true));
    const latencies = await pollHealth(server.url, () => done);
    await uploads;
    const wall = performance.now() - start;
    const rss = server.rssMb();
    const note = `${UPLOADS} × 7000×7000 PNG (${images[0]!.length} B), one per operator`;
    return [
      { bench: 'uploads', case: '/healthz p50, no upload', value: percentile(baseline, 50), unit: 'ms', note: `${baseline.length} requests, same machine load` },
      { bench: 'uploads', case: '/healthz p99, no upload', value: percentile(baseline, 99), unit: 'ms' },
      { bench: 'uploads', case: '/healthz p50 during uploads', value: percentile(latencies, 50), unit: 'ms', note: `${latencies.length} requests` },
      { bench: 'uploads', case: '/healthz p99 during uploads', value: percentile(latencies, 99), unit: 'ms', note: 'target < 50 ms' },
      { bench: 'uploads', case: '/healthz max during uploads', value: latencies.at(-1)!, unit: 'ms' },
      { bench: 'uploads', case: 'all uploads stored', value: wall / 1000, unit: 's', note: `${refusals.n} answers 429, retried after Retry-After` },
      { bench: 'uploads', case: 'server RSS idle', value: idle, unit: 'MB' },
      { bench: 'uploads', case: 'server peak RSS', value: rss.peak, unit: 'MB', note },
    ];
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
