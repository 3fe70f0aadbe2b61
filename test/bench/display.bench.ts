/**
 * The screen app in real Chromium, against a real server on loopback: time to first frame of a
 * paired kiosk (cold: empty HTTP cache; warm: a reload, as the watchdog or a morning power-on
 * does) and the frame cadence over ~5 s that include a crossfade, on a 4K and a full-HD lobby
 * screen and on the 192×32 gate ticker. Needs `npm run build` (the server serves dist/web).
 *
 * Headless Chromium here has no GPU: rasterisation and the crossfade's compositing are done in
 * software, so these figures are a pessimistic bound for a kiosk PC with a GPU.
 */
import { chromium, type Browser, type BrowserContext, type Frame, type Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../support/server.js';
import { launchChromium } from '../support/browser.js';
import { loginAdmin, type ApiClient } from '../support/session.js';
import type { BenchRow } from './table.js';

const SAMPLE_MS = 5_000;
/** The stylesheet's opacity transition, plus a frame: intervals inside it count as crossfade frames. */
const CROSSFADE_WINDOW_MS = 700;
const WARM_RELOADS = 3;
/** 3 s per item is the shortest rotation the schedule API allows. */
const SECONDS_PER_ITEM = 3;
const WAIT_MS = 30_000;

interface Case {
  name: string;
  zoneId: 'lobby' | 'gate';
  width: number;
  height: number;
  gpu: boolean;
  /** Drawn in an iframe of this size on a larger page (see the note the row carries). */
  framed?: boolean;
}

const HOST_VIEWPORT = { width: 640, height: 360 };

const CASES: Case[] = [
  { name: 'lobby 3840x2160', zoneId: 'lobby', width: 3840, height: 2160, gpu: false },
  { name: 'lobby 1920x1080', zoneId: 'lobby', width: 1920, height: 1080, gpu: false },
  { name: 'gate ticker 192x32', zoneId: 'gate', width: 192, height: 32, gpu: false, framed: true },
  { name: 'lobby 3840x2160 gpu-raster', zoneId: 'lobby', width: 3840, height: 2160, gpu: true },
];

/** What the sampler reports: rAF timestamps, item switches, the player's script time per frame, canvas calls. */
export interface Sample {
  frames: number[];
  switches: number[];
  scriptMs: number[];
  measureText: number;
  fillText: number;
}

export default async function displayBench(): Promise<BenchRow[]> {
  const server = await startTestServer();
  const rows: BenchRow[] = [];
  const browsers: Record<'software' | 'gpu', Browser | undefined> = { software: undefined, gpu: undefined };
  try {
    const admin = await loginAdmin(server.url);
    const itemIds = await evergreenItems(admin);
    for (const zoneId of ['lobby', 'gate']) await rotate(admin, zoneId, itemIds);
    for (const c of CASES) {
      const kind = c.gpu ? 'gpu' : 'software';
      const browser = (browsers[kind] ??= await (c.gpu ? launchWithGpuRaster() : launchChromium()));
      rows.push(...(await measureCase(browser, server, admin, c)));
    }
  } finally {
    for (const b of Object.values(browsers)) await b?.close();
    await server.cleanup();
  }
  return rows;
}

/** Two approved plan slogans valid on any date (the plan's dated ones have expired by the time this runs). */
export async function evergreenItems(admin: ApiClient): Promise<number[]> {
  const { items } = await admin.json<{ items: { id: number; status: string; tags: string[]; validFrom: unknown; validUntil: unknown }[] }>('/api/items');
  const ids = items.filter((i) => i.status === 'approved' && i.tags.includes('evergreen') && !i.validFrom && !i.validUntil).map((i) => i.id);
  if (ids.length < 2) throw new Error('bench: the seed register has fewer than two evergreen slogans');
  return ids.slice(0, 2);
}

/** A top-priority schedule of two items at the shortest rotation: a crossfade every 3 s. */
export async function rotate(admin: ApiClient, zoneId: string, itemIds: number[], secondsPerItem = SECONDS_PER_ITEM): Promise<void> {
  const res = await admin.post('/api/schedules', {
    name: `Bench: quay vòng nhanh ${zoneId}`,
    target: { zoneId },
    content: { kind: 'items', itemIds },
    priority: 100,
    secondsPerItem,
  });
  if (res.status !== 201) throw new Error(`schedule ${zoneId}: ${res.status} ${await res.text()}`);
}

/**
 * The same hardening flags as the tests' browser, without --disable-gpu and with GPU
 * rasterisation forced on; with no GPU in the machine Chromium falls back to SwiftShader.
 */
function launchWithGpuRaster(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--enable-gpu-rasterization',
      '--ignore-gpu-blocklist',
      '--enable-unsafe-swiftshader',
    ],
  });
}

async function measureCase(browser: Browser, server: TestServer, admin: ApiClient, c: Case): Promise<BenchRow[]> {
  const contextOptions = { viewport: c.framed ? HOST_VIEWPORT : { width: c.width, height: c.height }, deviceScaleFactor: 1 };
  const pairing = await browser.newContext(contextOptions);
  const paired = await openDisplay(pairing, server.url, c);
  const code = await paired.frame.waitForFunction(() => window.pano?.pairingCode, undefined, { timeout: WAIT_MS });
  const res = await admin.post('/api/displays/pair', { code: await code.jsonValue(), name: `Bench ${c.name}`, zoneId: c.zoneId });
  if (res.status !== 201) throw new Error(`pair: ${res.status} ${await res.text()}`);
  await paired.frame.waitForFunction(() => window.pano?.screen === 'slide', undefined, { timeout: WAIT_MS });
  const storageState = await pairing.storageState();
  await pairing.close();

  // Cold: token and timeline in storage, nothing cached, no service worker yet.
  const context = await browser.newContext({ ...contextOptions, storageState });
  let target = await openDisplay(context, server.url, c);
  const coldBoot = await firstFrame(target.frame);
  // Warm: reloads of the same kiosk (HTTP cache and, once installed, the service worker).
  const warm: { fontsMs: number; firstFrameMs: number }[] = [];
  for (let i = 0; i < WARM_RELOADS; i++) {
    await target.page.reload();
    target = { page: target.page, frame: displayFrame(target.page, c) };
    warm.push(await firstFrame(target.frame));
  }
  warm.sort((a, b) => a.firstFrameMs - b.firstFrameMs);
  const warmMedian = warm[Math.floor(warm.length / 2)]!;

  // Let the clock sync and the crossfade of the first item settle before sampling.
  await target.page.waitForTimeout(1_500);
  // tsx compiles this file with esbuild's keepNames, which wraps inner functions in __name().
  await target.frame.evaluate('globalThis.__name ??= (fn) => fn');
  const sample = await target.frame.evaluate(sampleFrames, SAMPLE_MS);
  await context.close();

  const stats = cadence(sample);
  const env = [
    c.gpu ? 'headless, --enable-gpu-rasterization (SwiftShader, no GPU)' : 'headless, no GPU: software raster and compositing',
    ...(c.framed ? ['192x32 iframe in a 640x360 page: a top-level viewport under ~100 px tall gets ~1 rAF/s in headless Chromium'] : []),
  ].join('; ');
  return [
    { bench: 'display', case: `${c.name}: first frame, cold`, value: coldBoot.firstFrameMs, unit: 'ms', note: `nav start → first slide drawn; fonts ready at ${coldBoot.fontsMs.toFixed(0)} ms` },
    { bench: 'display', case: `${c.name}: first frame, reload`, value: warmMedian.firstFrameMs, unit: 'ms', note: `median of ${WARM_RELOADS}; fonts ready at ${warmMedian.fontsMs.toFixed(0)} ms` },
    { bench: 'display', case: `${c.name}: frame rate`, value: stats.fps, unit: 'fps', note: `${(SAMPLE_MS / 1000).toFixed(0)} s, ${sample.switches.length} item switch(es); ${env}` },
    { bench: 'display', case: `${c.name}: frame interval p99`, value: stats.p99, unit: 'ms', note: `max ${stats.max.toFixed(1)} ms; ${stats.over25} of ${stats.intervals} intervals > 25 ms` },
    { bench: 'display', case: `${c.name}: worst frame in crossfade`, value: stats.crossfadeMax, unit: 'ms', note: `${stats.crossfadeOver25} of ${stats.crossfadeIntervals} intervals within ${CROSSFADE_WINDOW_MS} ms of a switch > 25 ms` },
    { bench: 'display', case: `${c.name}: player script per frame p99`, value: stats.scriptP99, unit: 'ms', note: `mean ${stats.scriptMean.toFixed(3)} ms, max ${stats.scriptMax.toFixed(1)} ms (its rAF callback: layout, draw calls)` },
    { bench: 'display', case: `${c.name}: text measured per frame`, value: sample.measureText / sample.frames.length, unit: 'calls', note: `measureText; fillText ${(sample.fillText / sample.frames.length).toFixed(2)}/frame (0 between switches: no re-layout)` },
  ];
}

/** /display/ itself, or inside an iframe of the case's size on a host page of the server's origin. */
async function openDisplay(context: BrowserContext, baseUrl: string, c: Case): Promise<{ page: Page; frame: Frame }> {
  const page = await context.newPage();
  if (c.framed) {
    // Outside /display/ so the display's service worker never answers for it.
    await page.route('**/bench-host', (route) =>
      route.fulfill({ contentType: 'text/html', body: `<body style="margin:0"><iframe src="/display/" width="${c.width}" height="${c.height}" style="border:0;display:block"></iframe>` }),
    );
    await page.goto(`${baseUrl}/bench-host`);
  } else {
    await page.goto(`${baseUrl}/display/`);
  }
  return { page, frame: displayFrame(page, c) };
}

function displayFrame(page: Page, c: Case): Frame {
  const frame = c.framed ? page.frames().find((f) => f !== page.mainFrame()) : page.mainFrame();
  if (!frame) throw new Error('display iframe missing');
  return frame;
}

async function firstFrame(frame: Frame): Promise<{ fontsMs: number; firstFrameMs: number }> {
  await frame.waitForFunction(() => window.pano?.firstFrameMs !== undefined, undefined, { timeout: WAIT_MS });
  return frame.evaluate(() => ({
    fontsMs: performance.getEntriesByName('pano:fonts-ready')[0]?.duration ?? NaN,
    firstFrameMs: window.pano!.firstFrameMs!,
  }));
}

/**
 * Runs in the page: a requestAnimationFrame loop records each frame's timestamp and when the item
 * on screen changes; the 2D context's text calls are counted to show whether frames re-lay out.
 */
export function sampleFrames(durationMs: number): Promise<Sample> {
  const proto = CanvasRenderingContext2D.prototype;
  const counts = { measureText: 0, fillText: 0 };
  const originals = { measureText: proto.measureText, fillText: proto.fillText };
  proto.measureText = function (this: CanvasRenderingContext2D, ...args: Parameters<typeof proto.measureText>) {
    counts.measureText++;
    return originals.measureText.apply(this, args);
  };
  proto.fillText = function (this: CanvasRenderingContext2D, ...args: Parameters<typeof proto.fillText>) {
    counts.fillText++;
    return originals.fillText.apply(this, args);
  };
  // The player asks for its next frame each frame: wrapping requestAnimationFrame times its callbacks.
  const raf = window.requestAnimationFrame;
  const scriptMs: number[] = [];
  window.requestAnimationFrame = (callback) =>
    raf((t) => {
      const start = performance.now();
      callback(t);
      scriptMs.push(performance.now() - start);
    });
  return new Promise((resolve) => {
    const frames: number[] = [];
    const switches: number[] = [];
    let showing = window.pano?.showing?.revisionId;
    const tick = (t: number) => {
      frames.push(t);
      const now = window.pano?.showing?.revisionId;
      if (now !== showing) {
        switches.push(t);
        showing = now;
      }
      if (t - frames[0]! < durationMs) return void raf(tick);
      Object.assign(proto, originals);
      window.requestAnimationFrame = raf;
      resolve({ frames, switches, scriptMs, ...counts });
    };
    raf(tick);
  });
}

export function cadence(s: Sample) {
  const intervals = s.frames.slice(1).map((t, i) => ({ at: t, ms: t - s.frames[i]! }));
  const sorted = intervals.map((i) => i.ms).sort((a, b) => a - b);
  // The sampler sees a switch one frame after the player painted it, so the window opens a frame early.
  const inCrossfade = intervals.filter((i) => s.switches.some((sw) => i.at >= sw - 20 && i.at <= sw + CROSSFADE_WINDOW_MS));
  const span = s.frames.at(-1)! - s.frames[0]!;
  const script = [...s.scriptMs].sort((a, b) => a - b);
  return {
    intervals: intervals.length,
    fps: (intervals.length * 1000) / span,
    p99: sorted[Math.min(sorted.length - 1, Math.floor(0.99 * sorted.length))]!,
    max: sorted.at(-1)!,
    over25: sorted.filter((ms) => ms > 25).length,
    crossfadeIntervals: inCrossfade.length,
    crossfadeMax: Math.max(0, ...inCrossfade.map((i) => i.ms)),
    crossfadeOver25: inCrossfade.filter((i) => i.ms > 25).length,
    scriptMean: script.reduce((a, b) => a + b, 0) / script.length,
    scriptP99: script[Math.min(script.length - 1, Math.floor(0.99 * script.length))]!,
    scriptMax: script.at(-1)!,
  };
}
