/**
 * Delivery bench: N simulated displays (1,000 and 10,000) paired with real tokens on one Hub, on
 * loopback. A change that affects all of them is pushed with refreshTimelines(); each display
 * acknowledges the version it got, and the hub's own push → ack latencies give p50/p99. The
 * baseline is a plain `ws` broadcast of the same bytes to the same number of clients that answer
 * the same way. The displays live in a child process so the server's memory is measured alone.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket, { WebSocketServer } from 'ws';
import { openStore } from '../../server/store.js';
import { DisplayRepository } from '../../server/db/display-repository.js';
import { DeliveryRepository } from '../../server/db/delivery-repository.js';
import { ProofOfPlayRepository } from '../../server/db/proof-of-play-repository.js';
import { Hub } from '../../server/ws/hub.js';
import { compiled } from '../../server/ws/delivery.js';
import { createLogger } from '../../server/log.js';
import type { Timeline } from '../../server/protocol/timeline.js';
import type { Bench, BenchRow } from './table.js';

const SIZES = [1_000, 10_000];
const WAIT_LIMIT_MS = 120_000;
const CONNECT_BATCH = 500;

type ToClients = { connect: { url: string; tokens: string[] | null; count: number } } | { close: true };
type FromClients = { connected: number };

/** A lobby week: 7 daily intervals of 15 slogans (about the size the compiler sends). */
function timeline(generation: number): Timeline {
  const day = 24 * 3600_000;
  const start = Date.UTC(2020, 9, 26, 17);
  return {
    zone: 'lobby',
    timeZone: 'Asia/Ho_Chi_Minh',
    horizonStart: new Date(start).toISOString(),
    horizonEnd: new Date(start + 7 * day).toISOString(),
    intervals: Array.from({ length: 7 }, (_, d) => ({
      start: new Date(start + d * day).toISOString(),
      end: new Date(start + (d + 1) * day).toISOString(),
      template: 'lobby-card' as const,
      secondsPerItem: 10,
      epoch: new Date(start).toISOString(),
      kind: 'phase' as const,
      playlist: Array.from({ length: 15 }, (_, i) => ({
        itemId: i + 1,
        revisionId: i + 1 + generation * 100,
        text: `Nhiệt liệt chào mừng Đại hội đại biểu Đảng bộ lần thứ XIII, nhiệm kỳ 2020 - 2025 (${i + 1})`,
        caption: 'II.2 Đợt 3',
      })),
    })),
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function until(what: string, done: () => boolean): Promise<void> {
  const started = Date.now();
  while (!done()) {
    if (Date.now() - started > WAIT_LIMIT_MS) throw new Error(`bench: ${what} not reached in ${WAIT_LIMIT_MS} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

function memory(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().rss;
}

function startClients(): { child: ChildProcess; connect: (msg: ToClients) => Promise<number> } {
  const child = fork(fileURLToPath(import.meta.url), ['--delivery-clients'], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
  const connect = (msg: ToClients) =>
    new Promise<number>((resolve) => {
      child.once('message', (m: FromClients) => resolve(m.connected));
      child.send(msg);
    });
  return { child, connect };
}

async function hubCase(n: number): Promise<BenchRow[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pano-bench-delivery-'));
  const store = await openStore(dir, 'NORMAL');
  const registry = new DisplayRepository(store.engine.db);
  const tokens = Array.from({ length: n }, () => randomBytes(32).toString('base64url'));
  await store.engine.transaction(async (tx) => {
    const created = new DisplayRepository(tx);
    for (const [i, t] of tokens.entries()) {
      await created.create({ id: `bench-${i}`, name: `Màn hình ${i}`, zoneId: 'lobby', role: null, tokenSha256: createHash('sha256').update(t).digest('hex'), pairedBy: null }, new Date());
    }
  });
  let generation = 0;
  let current = timeline(generation);
  const hub = new Hub({
    log: createLogger('error'),
    originAllowed: () => true,
    hostAllowed: () => true,
    authenticate: () => undefined,
    sessionActive: () => false,
    displays: registry,
    proofs: new ProofOfPlayRepository(store.engine.db),
    deliveries: new DeliveryRepository(store.engine.db),
    // One object per zone, as the compiler shares it: serialised once for all displays.
    compileTimeline: () => current,
    maxMessagesPerSecond: 1000,
    cluster: { engine: store.engine, nodeId: 'bench' },
  });
  const server = http.createServer();
  server.on('upgrade', hub.handleUpgrade);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/ws`;

  const before = memory();
  const clients = startClients();
  await clients.connect({ connect: { url, tokens, count: n } });
  await until('all displays applied their first timeline', () => hub.displayCount() === n && hub.deliveryStats().pending === 0);
  const perDisplay = (memory() - before) / n;
  hub.deliveryStats();

  generation++;
  current = timeline(generation);
  const bytes = compiled(current).frame.length;
  const t0 = performance.now();
  void hub.refreshTimelines();
  const latencies: number[] = [];
  await until('every display acknowledged the change', () => {
    const stats = hub.deliveryStats();
    latencies.push(...stats.latenciesMs);
    return stats.pending === 0 && latencies.length >= n;
  });
  const allAcked = performance.now() - t0;
  latencies.sort((a, b) => a - b);

  await clients.connect({ close: true });
  clients.child.kill();
  await hub.close();
  server.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  const c = `${n.toLocaleString('en')} displays`;
  return [
    { bench: 'delivery', case: `${c}: push→ack p50`, value: percentile(latencies, 50), unit: 'ms', note: `timeline frame ${bytes} B` },
    { bench: 'delivery', case: `${c}: push→ack p99`, value: percentile(latencies, 99), unit: 'ms' },
    { bench: 'delivery', case: `${c}: change → last ack`, value: allAcked, unit: 'ms' },
    { bench: 'delivery', case: `${c}: memory per display`, value: perDisplay / 1024, unit: 'KiB', note: 'server RSS delta / N (hub, ws, session)' },
  ];
}

/** Plain ws: the same bytes broadcast in one loop to N clients that answer with an ack. */
async function baselineCase(n: number, frame: string): Promise<BenchRow[]> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
  await new Promise<void>((r) => wss.once('listening', r));
  const sentAt = new Map<WebSocket, number>();
  const latencies: number[] = [];
  wss.on('connection', (ws) => ws.on('message', () => latencies.push(performance.now() - sentAt.get(ws)!)));
  const clients = startClients();
  await clients.connect({ connect: { url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`, tokens: null, count: n } });
  const t0 = performance.now();
  for (const ws of wss.clients) {
    sentAt.set(ws, performance.now());
    ws.send(frame);
  }
  await until('every baseline client answered', () => latencies.length >= n);
  const allAcked = performance.now() - t0;
  latencies.sort((a, b) => a - b);
  await clients.connect({ close: true });
  clients.child.kill();
  await new Promise<void>((r) => wss.close(() => r()));
  const c = `${n.toLocaleString('en')} plain ws`;
  return [
    { bench: 'delivery', case: `${c}: send→ack p50`, value: percentile(latencies, 50), unit: 'ms', note: 'baseline' },
    { bench: 'delivery', case: `${c}: send→ack p99`, value: percentile(latencies, 99), unit: 'ms', note: 'baseline' },
    { bench: 'delivery', case: `${c}: broadcast → last ack`, value: allAcked, unit: 'ms', note: 'baseline' },
  ];
}

const bench: Bench = async () => {
  const rows: BenchRow[] = [];
  const frame = compiled(timeline(1)).frame;
  for (const n of SIZES) {
    rows.push(...(await hubCase(n)));
    rows.push(...(await baselineCase(n, frame)));
  }
  return rows;
};
export default bench;

/** The simulated displays: hello with a token, ack every timeline (or, for the baseline, every frame). */
function runClients(): void {
  const sockets: WebSocket[] = [];
  process.on('message', async (msg: ToClients) => {
    if ('close' in msg) {
      for (const ws of sockets) ws.terminate();
      process.send!({ connected: 0 } satisfies FromClients);
      return;
    }
    const { url, tokens, count } = msg.connect;
    for (let i = 0; i < count; i += CONNECT_BATCH) {
      await Promise.all(
        Array.from({ length: Math.min(CONNECT_BATCH, count - i) }, (_, j) => {
          const token = tokens?.[i + j];
          const ws = new WebSocket(url, { perMessageDeflate: false });
          sockets.push(ws);
          ws.on('message', (data) => {
            const head = data.toString('utf8', 0, 64);
            if (!tokens) return ws.send('{"type":"ack"}');
            const version = /^\{"type":"timeline","version":"([0-9a-f]+)"/.exec(head)?.[1];
            if (version) ws.send(`{"type":"ack","timelineVersion":"${version}"}`);
          });
          return new Promise<void>((resolve, reject) => {
            ws.once('open', () => {
              if (token) {
                ws.send(JSON.stringify({ type: 'hello', protocol: 2, role: 'display', token, app: 'bench/1', screen: { width: 3840, height: 2160 }, timelineVersion: null }));
              }
              resolve();
            });
            ws.once('error', reject);
          });
        }),
      );
    }
    process.send!({ connected: sockets.length } satisfies FromClients);
  });
}

if (process.argv.includes('--delivery-clients')) runClients();
