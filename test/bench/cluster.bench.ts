/**
 * Cluster bench: 10,000 simulated screens on three Pano node processes sharing one PostgreSQL,
 * beside the same screens on one node. For a change (a takeover through node 1): the time from
 * sending the change to each screen holding its new timeline (p50, p99, last), which includes the
 * notification to the other nodes, their reload and their push; each screen acks as the player
 * does. Then a reconnect storm — every screen drops and comes back at once, as when a load
 * balancer restarts — and the database statements it cost (pg_stat_statements), per screen.
 * The screens live in a child process; nodes and PostgreSQL are real processes on this machine.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import WebSocket from 'ws';
import { DisplayRepository } from '../../server/db/display-repository.js';
import { openPostgresEngine } from '../../server/db/engine.js';
import type { Item } from '../../server/protocol/content.js';
import { startPostgres } from '../support/postgres.js';
import { freeLowPort, startServerProcess, type ServerProcess } from '../support/server-process.js';
import { loginAdmin } from '../support/session.js';
import type { Bench, BenchRow } from './table.js';

const SCREENS = Number(process.env.PANO_BENCH_SCREENS ?? 10_000);
const WAIT_LIMIT_MS = 300_000;
const CONNECT_BATCH = 250;

type ToClients = { connect: { urls: string[]; tokens: string[] } } | { mark: true } | { status: true } | { storm: true } | { close: true };
/** holding: screens connected and holding a timeline; arrivals: when each got its first timeline after the mark. */
type FromClients = { holding: number; arrivals: number[] };

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

function startClients(): { child: ChildProcess; ask: Ask } {
  const child = fork(fileURLToPath(import.meta.url), ['--cluster-clients'], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
  const ask = (msg: ToClients) =>
    new Promise<FromClients>((resolve) => {
      child.once('message', (m: FromClients) => resolve(m));
      child.send(msg);
    });
  return { child, ask };
}

async function clusterCase(nodeCount: number, postgres: Awaited<ReturnType<typeof startPostgres>>): Promise<BenchRow[]> {
  const url = await postgres.createDatabase();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'pano-bench-cluster-'));
  const nodes: { url: string; process: ServerProcess }[] = [];
  const engine = await openPostgresEngine(url, { poolSize: 2 });
  const clients = startClients();
  try {
    await sql`CREATE EXTENSION IF NOT EXISTS pg_stat_statements`.execute(engine.db);
    for (let i = 0; i < nodeCount; i++) {
      const port = await freeLowPort();
      nodes.push({ url: `http://127.0.0.1:${port}`, process: await startServerProcess(port, dataDir, { DATABASE_URL: url, PANO_NODE_ID: `nut-${i + 1}` }) });
    }
    const tokens = Array.from({ length: SCREENS }, () => randomBytes(32).toString('base64url'));
    await engine.transaction(async (tx) => {
      const displays = new DisplayRepository(tx);
      for (const [i, token] of tokens.entries()) {
        await displays.create(
          { id: randomUUID(), name: `Màn hình ${i + 1}`, zoneId: 'lobby', role: null, tokenSha256: createHash('sha256').update(token).digest('hex'), pairedBy: null },
          new Date(),
        );
      }
    });
    await clients.ask({ connect: { urls: nodes.map((n) => n.url.replace(/^http/, 'ws') + '/ws'), tokens } });
    await waitHolding(clients.ask, SCREENS);

    // The change: a takeover through node 1 of an item the lobby plays today.
    const admin = await loginAdmin(nodes[0]!.url);
    const items = (await admin.json<{ items: Item[] }>('/api/items?status=approved&kind=slogan')).items;
    const evergreen = items.find((i) => i.approved!.text.startsWith('Chủ tịch Hồ Chí Minh')) ?? items[items.length - 1]!;
    await clients.ask({ mark: true });
    const t0 = Date.now();
    const res = await admin.post('/api/takeovers', { zoneIds: ['lobby'], itemIds: [evergreen.id] });
    if (res.status !== 201) throw new Error(`takeover: ${res.status}`);
    const arrivals = await waitArrivals(clients.ask, SCREENS);
    const latencies = arrivals.map((at) => at - t0).sort((a, b) => a - b);

    // The storm: every screen drops and reconnects at once; count the statements it costs.
    await sql`SELECT pg_stat_statements_reset()`.execute(engine.db);
    const stormStart = Date.now();
    await clients.ask({ storm: true });
    await waitHolding(clients.ask, SCREENS);
    const stormMs = Date.now() - stormStart;
    // Each node compiles for a screen after welcoming it: give the last compiles time to finish.
    await new Promise((r) => setTimeout(r, 3000));
    const statements = await sql<{ calls: string | number | null }>`
      SELECT sum(calls) AS calls FROM pg_stat_statements
      WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) AND query NOT ILIKE '%pg_stat_statements%'`.execute(engine.db);
    const calls = Number(statements.rows[0]?.calls ?? 0);

    const c = `${SCREENS.toLocaleString('en')} screens, ${nodeCount} node${nodeCount > 1 ? 's' : ''}`;
    return [
      { bench: 'cluster', case: `${c}: change → timeline p50`, value: percentile(latencies, 50), unit: 'ms', note: 'takeover through node 1, every screen acks' },
      { bench: 'cluster', case: `${c}: change → timeline p99`, value: percentile(latencies, 99), unit: 'ms' },
      { bench: 'cluster', case: `${c}: change → last screen`, value: latencies[latencies.length - 1]!, unit: 'ms' },
      { bench: 'cluster', case: `${c}: reconnect storm, all back`, value: stormMs, unit: 'ms' },
      { bench: 'cluster', case: `${c}: reconnect storm, statements`, value: calls, unit: 'stmts', note: `${(calls / SCREENS).toFixed(2)} per screen (pg_stat_statements)` },
    ];
  } finally {
    await clients.ask({ close: true });
    clients.child.kill();
    await Promise.all(nodes.map((n) => n.process.kill()));
    await engine.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

type Ask = (msg: ToClients) => Promise<FromClients>;

async function waitHolding(ask: Ask, n: number): Promise<void> {
  const started = Date.now();
  for (;;) {
    const { holding } = await ask({ status: true });
    if (holding >= n) return;
    if (Date.now() - started > WAIT_LIMIT_MS) throw new Error(`bench: only ${holding} of ${n} screens hold a timeline`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function waitArrivals(ask: Ask, n: number): Promise<number[]> {
  const started = Date.now();
  for (;;) {
    const { arrivals } = await ask({ status: true });
    if (arrivals.length >= n) return arrivals;
    if (Date.now() - started > WAIT_LIMIT_MS) throw new Error(`bench: only ${arrivals.length} of ${n} screens got the change`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const bench: Bench = async () => {
  const postgres = await startPostgres({ settings: { shared_preload_libraries: 'pg_stat_statements', max_connections: '300' } });
  try {
    return [...(await clusterCase(1, postgres)), ...(await clusterCase(3, postgres))];
  } finally {
    await postgres.stop();
  }
};
export default bench;

/** The simulated screens: hello with a token on a node (round robin), ack every timeline. */
function runClients(): void {
  interface Screen {
    token: string;
    url: string;
    ws?: WebSocket;
    version: string | null;
    holding: boolean;
    arrivedAt?: number;
  }
  let screens: Screen[] = [];
  let markedAt = Infinity;
  const open = (screen: Screen) =>
    new Promise<void>((resolve, reject) => {
      const ws = new WebSocket(screen.url, { perMessageDeflate: false });
      screen.ws = ws;
      screen.holding = false;
      ws.on('message', (data) => {
        const head = data.toString('utf8', 0, 64);
        // A screen that comes back holding the current version is welcomed and sent nothing more.
        if (head.startsWith('{"type":"welcome"') && screen.version !== null) screen.holding = true;
        const version = /^\{"type":"timeline","version":"([0-9a-f]+)"/.exec(head)?.[1];
        if (!version) return;
        ws.send(`{"type":"ack","timelineVersion":"${version}"}`);
        screen.holding = true;
        if (version !== screen.version && screen.arrivedAt === undefined && Date.now() >= markedAt) screen.arrivedAt = Date.now();
        screen.version = version;
      });
      ws.once('open', () => {
        ws.send(JSON.stringify({ type: 'hello', protocol: 2, role: 'display', token: screen.token, app: 'bench/1', screen: { width: 1920, height: 1080 }, timelineVersion: screen.version }));
        resolve();
      });
      ws.once('error', reject);
    });
  const connectAll = async () => {
    for (let i = 0; i < screens.length; i += CONNECT_BATCH) await Promise.all(screens.slice(i, i + CONNECT_BATCH).map(open));
  };
  const status = (): FromClients => ({
    holding: screens.filter((s) => s.holding && s.ws?.readyState === WebSocket.OPEN).length,
    arrivals: screens.flatMap((s) => (s.arrivedAt === undefined ? [] : [s.arrivedAt])),
  });
  process.on('message', async (msg: ToClients) => {
    if ('connect' in msg) {
      screens = msg.connect.tokens.map((token, i) => ({ token, url: msg.connect.urls[i % msg.connect.urls.length]!, version: null, holding: false }));
      await connectAll();
    } else if ('mark' in msg) {
      markedAt = Date.now();
      for (const s of screens) delete s.arrivedAt;
    } else if ('storm' in msg) {
      for (const s of screens) s.ws?.terminate();
      await connectAll();
    } else if ('close' in msg) {
      for (const s of screens) s.ws?.terminate();
    }
    process.send!(status());
  });
}

if (process.argv.includes('--cluster-clients')) runClients();
