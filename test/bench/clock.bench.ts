/**
 * Switch skew of four lobby screens of one zone, in real Chromium against a real server on this
 * machine: how far apart (latest − earliest) the four switch to the next slide, median and worst
 * over a run of switches, after every screen has (re)synchronised its clock under each condition:
 *
 * - idle;
 * - the machine's CPUs busy (one spinning process per CPU);
 * - the server under request load (another process keeps 16 signed-in requests in flight);
 * - one screen busy with a long task in front of every clock reply of its first burst.
 *
 * The pages share this machine's clock, so the true offset is 0: switch times are the device
 * times each player stamps at its switch, and an adopted offset is its own error.
 * Needs `npm run build`. With PANO_CLOCK_RECORD=<dir>, the clock samples of one screen per case
 * are written there: the estimator's unit tests replay them (test/unit/player/fixtures/).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../support/server.js';
import { launchChromium } from '../support/browser.js';
import { loginAdmin, type ApiClient } from '../support/session.js';
import { addClockPageScript, clockSettled, clockState, JANK_FLAG, nextSwitches, recordedBursts, switchSkews } from '../support/clock-pages.js';
import { evergreenItems, rotate } from './display.bench.js';
import type { BenchRow } from './table.js';

const SCREENS = 4;
const SECONDS_PER_ITEM = 3;
const SWITCHES = 8;

interface Condition {
  name: string;
  /** Starts the load; returns how to stop it and a note for the table. */
  start(server: TestServer, admin: ApiClient, pages: Page[]): Promise<() => Promise<string>>;
}

const CONDITIONS: Condition[] = [
  { name: 'idle', start: async () => async () => 'nothing else running but the bench' },
  {
    name: 'cpu-busy',
    start: async () => {
      const spinners = Array.from({ length: os.availableParallelism() }, () => node('for (;;) {}'));
      return async () => {
        await Promise.all(spinners.map(stop));
        return `${spinners.length} spinning processes (one per CPU)`;
      };
    },
  },
  {
    name: 'server-load',
    start: async (server, admin) => {
      const load = node(LOAD_SCRIPT, { URL: `${server.url}/api/items`, COOKIE: admin.cookie! });
      const started = Date.now();
      return async () => {
        const out = await stop(load);
        const { requests } = JSON.parse(out) as { requests: number };
        return `GET /api/items, 16 in flight from another process: ${((requests * 1000) / (Date.now() - started)).toFixed(0)} requests/s`;
      };
    },
  },
  {
    name: 'one-janked',
    start: async (_s, _a, pages) => {
      await pages[0]!.evaluate((flag) => localStorage.setItem(flag, '1'), JANK_FLAG);
      return async () => 'screen 1: a 150–250 ms long task in front of every reply of its first burst';
    },
  },
];

/** Keeps 16 requests in flight until SIGTERM, then prints how many it made. */
const LOAD_SCRIPT = `
let stopping = false, requests = 0;
process.on('SIGTERM', () => { stopping = true; });
const one = async () => { while (!stopping) { const r = await fetch(process.env.URL, { headers: { cookie: process.env.COOKIE } }); await r.arrayBuffer(); requests++; } };
await Promise.all(Array.from({ length: 16 }, one));
console.log(JSON.stringify({ requests }));
`;

function node(script: string, env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
}

function stop(child: ChildProcess): Promise<string> {
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve) => {
    child.once('close', () => resolve(out));
    child.kill('SIGTERM');
  });
}

export default async function clockBench(): Promise<BenchRow[]> {
  const server = await startTestServer();
  let browser: Browser | undefined;
  const rows: BenchRow[] = [];
  try {
    const admin = await loginAdmin(server.url);
    await rotate(admin, 'lobby', await evergreenItems(admin));
    browser = await launchChromium();
    const pages = await pairScreens(browser, server, admin);
    for (const condition of CONDITIONS) {
      process.stderr.write(`bench: clock: ${condition.name}…\n`);
      const stopLoad = await condition.start(server, admin, pages);
      let note: string;
      let measured: Awaited<ReturnType<typeof measure>>;
      try {
        measured = await measure(pages);
      } finally {
        note = await stopLoad();
      }
      const { skews, offsets, rejected, settleMs } = measured;
      const sorted = [...skews].sort((a, b) => a - b);
      const offsetNote = `adopted offsets ${offsets.map((o) => o.toFixed(1)).join(', ')} ms (true 0); bursts without a good sample ${rejected.join(', ')}; all settled ${(settleMs / 1000).toFixed(1)} s after reload`;
      rows.push(
        { bench: 'clock', case: `${condition.name}: switch skew median`, value: sorted[Math.floor(sorted.length / 2)]!, unit: 'ms', note: `${SCREENS} screens, ${skews.length} switches; ${note}` },
        { bench: 'clock', case: `${condition.name}: switch skew max`, value: sorted.at(-1)!, unit: 'ms', note: offsetNote },
      );
      if (process.env.PANO_CLOCK_RECORD) await record(process.env.PANO_CLOCK_RECORD, condition.name, pages[0]!);
    }
  } finally {
    await browser?.close();
    await server.cleanup();
  }
  return rows;
}

async function pairScreens(browser: Browser, server: TestServer, admin: ApiClient): Promise<Page[]> {
  const pages: Page[] = [];
  for (let i = 0; i < SCREENS; i++) {
    const context = await browser.newContext({ viewport: { width: 640, height: 360 }, deviceScaleFactor: 1 });
    await addClockPageScript(context);
    const page = await context.newPage();
    await page.goto(`${server.url}/display/`);
    const code = await page.waitForFunction(() => window.pano?.pairingCode, undefined, { timeout: 30_000 });
    const res = await admin.post('/api/displays/pair', { code: await code.jsonValue(), name: `Sảnh ${i + 1}`, zoneId: 'lobby' });
    if (res.status !== 201) throw new Error(`pair: ${res.status} ${await res.text()}`);
    pages.push(page);
  }
  await Promise.all(pages.map((p) => clockSettled(p)));
  return pages;
}

/** Reloads every screen (each syncs again under the condition), waits until all trust their clocks, then records switches. */
async function measure(pages: Page[]) {
  const reloaded = Date.now();
  await Promise.all(pages.map((p) => p.reload()));
  await Promise.all(pages.map((p) => clockSettled(p, 1, 120_000)));
  const settleMs = Date.now() - reloaded;
  const switches = await Promise.all(pages.map((p) => nextSwitches(p, SWITCHES, 120_000)));
  const states = await Promise.all(pages.map(clockState));
  return {
    skews: switchSkews(switches, SECONDS_PER_ITEM * 1000),
    offsets: states.map((s) => s.offsetMs),
    rejected: states.map((s) => s.rejected),
    settleMs,
  };
}

/** One screen's bursts of this run, as the estimator's unit tests replay them. */
async function record(dir: string, condition: string, page: Page): Promise<void> {
  const bursts = await recordedBursts(page);
  const file = path.join(dir, `clock-${condition}.json`);
  writeFileSync(
    file,
    JSON.stringify({ recorded: `npm run bench (clock), ${condition}, ${new Date().toISOString().slice(0, 10)}`, trueOffsetMs: 0, bursts }, null, 1) + '\n',
  );
}
