/**
 * Pictures on a kiosk in real Chromium against a real server on loopback (needs `npm run build`):
 * - the first picture drawn on a 4K screen, cold (empty media cache: signed fetch, hash check,
 *   decode, draw) and cached (a reload: the Cache API holds it);
 * - frame rate and worst frame while a 4K picture crossfades to a slogan and back;
 * - the kiosk's memory over many picture switches on a fast clock (Playwright's page.clock jumps
 *   a slot at a time): JS heap after GC, DOM nodes, decoded pictures held, and the RSS of the
 *   browser's processes, first and last.
 * Headless Chromium here has no GPU: decoding, raster and compositing are software.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { chromium, type BrowserContext, type BrowserServer, type Page } from 'playwright-core';
import { createCanvas } from 'canvas';
import { startTestServer, type TestServer } from '../support/server.js';
import { loginAdmin, userWithRoles, type ApiClient } from '../support/session.js';
import { approvedMediaItem, uploadPhoto } from '../support/media-items.js';
import { cadence, evergreenItems, rotate, sampleFrames } from './display.bench.js';
import type { BenchRow } from './table.js';

const WAIT_MS = 60_000;
const UHD = { width: 3840, height: 2160 };
const FHD = { width: 1920, height: 1080 };
const CACHED_RELOADS = 3;
const SAMPLE_MS = 7_000;
/** Slot switches the memory run plays; at the zone's default 10 s per item, 8 640 are 24 h. */
const MEMORY_SWITCHES = Number(process.env.PANO_BENCH_SWITCHES ?? 600);
const SECONDS_PER_ITEM = 3;

export default async function mediaDisplayBench(): Promise<BenchRow[]> {
  const server = await startTestServer();
  const browserServer = await launchServer();
  const browser = await chromium.connect(browserServer.wsEndpoint());
  const rows: BenchRow[] = [];
  try {
    const admin = await loginAdmin(server.url);
    const operator = await userWithRoles(admin, 'vanhanh', ['operator']);
    const approver = await userWithRoles(admin, 'duyet', ['approver']);
    const [slogan] = await evergreenItems(admin);
    const photo = await uploadPhoto(operator, cameraPhoto(4000, 3000, 1));
    const picture = await approvedMediaItem(operator, approver, { kind: 'picture', text: 'Toàn cảnh Đại hội Đảng bộ Văn phòng Chính phủ lần thứ XXVI', mediaId: photo.id });

    // 1. First picture: the lobby plays the picture alone, so it shows as soon as it can.
    await rotate(admin, 'lobby', [picture], SECONDS_PER_ITEM);
    const first = await firstPicture(browser, server, admin, photo.bytes);
    rows.push(...first);

    // 2. Crossfade picture → slogan → picture at 4K.
    await rotate(admin, 'lobby', [picture, slogan!], SECONDS_PER_ITEM);
    rows.push(...(await crossfade(browser, server, admin)));

    // 3. Memory over many switches among several pictures and a slogan, at full HD.
    const more = [];
    for (let k = 2; k <= 5; k++) {
      const p = await uploadPhoto(operator, cameraPhoto(3000, 2000, k));
      more.push(await approvedMediaItem(operator, approver, { kind: 'picture', text: `Ảnh tư liệu số ${k}: hoạt động của các chi bộ`, mediaId: p.id }));
    }
    await rotate(admin, 'lobby', [picture, ...more, slogan!], SECONDS_PER_ITEM);
    rows.push(...(await memory(browser, browserServer, server, admin)));
  } finally {
    await browser.close();
    await browserServer.close();
    await server.cleanup();
  }
  return rows;
}

/** The tests' Chromium flags, launched as a server so its processes can be found for their RSS. */
function launchServer(): Promise<BrowserServer> {
  return chromium.launchServer({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** A camera-like JPEG: gradients and fine noise, so it compresses like a photo (a few MB at 12 MP). */
function cameraPhoto(width: number, height: number, seed: number): Buffer {
  const canvas = createCanvas(width, height);
  const g = canvas.getContext('2d');
  const grad = g.createLinearGradient(0, 0, width, height);
  grad.addColorStop(0, `hsl(${(seed * 67) % 360} 70% 45%)`);
  grad.addColorStop(1, `hsl(${(seed * 67 + 140) % 360} 60% 60%)`);
  g.fillStyle = grad;
  g.fillRect(0, 0, width, height);
  const img = g.getImageData(0, 0, width, height);
  let x = seed * 2654435761;
  for (let i = 0; i < img.data.length; i += 4) {
    x = (x * 1103515245 + 12345) >>> 0;
    const n = ((x >>> 24) & 31) - 16;
    img.data[i] = Math.max(0, Math.min(255, img.data[i]! + n));
    img.data[i + 1] = Math.max(0, Math.min(255, img.data[i + 1]! + n));
    img.data[i + 2] = Math.max(0, Math.min(255, img.data[i + 2]! + n));
  }
  g.putImageData(img, 0, 0);
  return canvas.toBuffer('image/jpeg', { quality: 0.9 });
}

async function pairedKiosk(browser: import('playwright-core').Browser, server: TestServer, admin: ApiClient, size: { width: number; height: number }, name: string) {
  const options = { viewport: size, deviceScaleFactor: 1 };
  const pairing = await browser.newContext(options);
  const page = await pairing.newPage();
  await page.goto(`${server.url}/display/`);
  const code = await page.waitForFunction(() => window.pano?.pairingCode, undefined, { timeout: WAIT_MS });
  const res = await admin.post('/api/displays/pair', { code: await code.jsonValue(), name, zoneId: 'lobby' });
  if (res.status !== 201) throw new Error(`pair: ${res.status} ${await res.text()}`);
  await page.waitForFunction(() => window.pano?.screen === 'slide', undefined, { timeout: WAIT_MS });
  const storageState = await pairing.storageState();
  await pairing.close();
  return { options, storageState };
}

async function firstPictureMs(page: Page): Promise<number> {
  await page.waitForFunction(() => window.pano?.firstPictureMs !== undefined, undefined, { timeout: WAIT_MS });
  return page.evaluate(() => window.pano!.firstPictureMs!);
}

async function firstPicture(browser: import('playwright-core').Browser, server: TestServer, admin: ApiClient, bytes: number): Promise<BenchRow[]> {
  const { options, storageState } = await pairedKiosk(browser, server, admin, UHD, 'Bench 4K ảnh đầu tiên');
  // Cold: paired (token and timeline stored), nothing in the media cache.
  const context: BrowserContext = await browser.newContext({ ...options, storageState });
  const page = await context.newPage();
  await page.goto(`${server.url}/display/`);
  const cold = await firstPictureMs(page);
  const cached: number[] = [];
  for (let i = 0; i < CACHED_RELOADS; i++) {
    await page.reload();
    cached.push(await firstPictureMs(page));
  }
  await context.close();
  cached.sort((a, b) => a - b);
  const note = `3840x2160 lobby, a 4000x3000 JPEG original (${(bytes / 1e6).toFixed(1)} MB) sent as the server's WebP rendition for the screen's size bucket; nav start → picture drawn`;
  return [
    { bench: 'media-display', case: '4K first picture, cold', value: cold, unit: 'ms', note: `${note}; empty cache: signed fetch, SHA-256, Cache API, decode` },
    { bench: 'media-display', case: '4K first picture, cached', value: cached[Math.floor(cached.length / 2)]!, unit: 'ms', note: `median of ${CACHED_RELOADS} reloads; from the Cache API, decode, draw` },
  ];
}

async function crossfade(browser: import('playwright-core').Browser, server: TestServer, admin: ApiClient): Promise<BenchRow[]> {
  const { options, storageState } = await pairedKiosk(browser, server, admin, UHD, 'Bench 4K chuyển cảnh');
  const context = await browser.newContext({ ...options, storageState });
  const page = await context.newPage();
  await page.goto(`${server.url}/display/`);
  await firstPictureMs(page);
  await page.evaluate('globalThis.__name ??= (fn) => fn');
  const sample = await page.evaluate(sampleFrames, SAMPLE_MS);
  await context.close();
  const stats = cadence(sample);
  const env = 'headless, no GPU: software decode, raster and compositing';
  return [
    { bench: 'media-display', case: '4K picture⇄slogan: frame rate', value: stats.fps, unit: 'fps', note: `${SAMPLE_MS / 1000} s, ${sample.switches.length} switch(es); ${env}` },
    { bench: 'media-display', case: '4K picture⇄slogan: worst frame in crossfade', value: stats.crossfadeMax, unit: 'ms', note: `${stats.crossfadeOver25} of ${stats.crossfadeIntervals} intervals within 700 ms of a switch > 25 ms; p99 of all ${stats.p99.toFixed(1)} ms` },
    { bench: 'media-display', case: '4K picture⇄slogan: player script per frame p99', value: stats.scriptP99, unit: 'ms', note: `max ${stats.scriptMax.toFixed(1)} ms (a picture's layout and draw happen ahead, in the hidden canvas)` },
  ];
}

interface MemorySample {
  heapMb: number;
  nodes: number;
  pictures: number;
  rssMb: number;
}

async function memory(browser: import('playwright-core').Browser, browserServer: BrowserServer, server: TestServer, admin: ApiClient): Promise<BenchRow[]> {
  const { options, storageState } = await pairedKiosk(browser, server, admin, FHD, 'Bench bộ nhớ');
  const context = await browser.newContext({ ...options, storageState });
  const page = await context.newPage();
  await page.clock.install({ time: Date.now() });
  await page.goto(`${server.url}/display/`);
  await firstPictureMs(page);
  // Off the network once its files are cached, as in "a week alone": the clock sync would otherwise
  // pull the jumped clock back to the server's, and the screen plays what it holds.
  await page.waitForFunction(() => (window.pano?.media?.status.cached ?? 0) >= (window.pano?.media?.status.needed ?? 1), undefined, { timeout: WAIT_MS });
  await context.setOffline(true);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const measure = async (): Promise<MemorySample> => {
    await cdp.send('HeapProfiler.collectGarbage');
    const { metrics } = await cdp.send('Performance.getMetrics');
    const metric = (name: string) => metrics.find((m) => m.name === name)?.value ?? NaN;
    const held = await page.evaluate(() => window.pano?.mediaHeld?.pictures ?? 0);
    return { heapMb: metric('JSHeapUsedSize') / 2 ** 20, nodes: metric('Nodes'), pictures: held, rssMb: rssOf(browserServer.process().pid!) / 2 ** 20 };
  };
  const start = await measure();
  const samples: MemorySample[] = [start];
  let switches = 0;
  const started = performance.now();
  while (switches < MEMORY_SWITCHES) {
    const before = await page.evaluate(() => window.pano!.shownAtDevice);
    await page.clock.fastForward(SECONDS_PER_ITEM * 1000);
    // The next slot drawn (its picture decoded from the cache, or the slogan).
    await page.waitForFunction((b) => window.pano!.shownAtDevice !== b, before, { timeout: WAIT_MS });
    switches++;
    if (switches % 150 === 0) samples.push(await measure());
  }
  const seconds = (performance.now() - started) / 1000;
  const end = await measure();
  await context.close();
  const hours = (switches * 10) / 3600;
  const peakPictures = Math.max(...samples.map((s) => s.pictures));
  return [
    { bench: 'media-display', case: 'memory: JS heap after GC, start → end', value: end.heapMb - start.heapMb, unit: 'MB', note: `${start.heapMb.toFixed(1)} → ${end.heapMb.toFixed(1)} MB over ${switches} switches (${hours.toFixed(1)} h of a 10 s rotation) of 5 pictures + 1 slogan at 1920x1080, fast clock, ${seconds.toFixed(0)} s real` },
    { bench: 'media-display', case: 'memory: browser RSS, start → end', value: end.rssMb - start.rssMb, unit: 'MB', note: `${start.rssMb.toFixed(0)} → ${end.rssMb.toFixed(0)} MB (all of this Chromium's processes); samples every 150 switches: ${samples.map((s) => s.rssMb.toFixed(0)).join(', ')}` },
    { bench: 'media-display', case: 'memory: DOM nodes, start → end', value: end.nodes - start.nodes, unit: 'nodes', note: `${start.nodes} → ${end.nodes}; decoded pictures held at most ${peakPictures} (on screen and next)` },
  ];
}

/** Resident memory of a process and all its descendants, from /proc (Linux). */
function rssOf(root: number): number {
  const children = new Map<number, number[]>();
  for (const entry of readdirNumeric('/proc')) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), entry]);
    } catch {
      // The process ended while being read.
    }
  }
  let total = 0;
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.pop()!;
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      total += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024;
    } catch {
      // Gone.
    }
    queue.push(...(children.get(pid) ?? []));
  }
  return total;
}

function readdirNumeric(dir: string): number[] {
  return readdirSync(dir).filter((d) => /^\d+$/.test(d)).map(Number);
}
