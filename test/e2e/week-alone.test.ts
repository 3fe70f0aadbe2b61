import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchChromium } from '../support/browser.js';
import { freeLowPort, startServerProcess, type ServerProcess } from '../support/server-process.js';
import { loginAdmin } from '../support/session.js';
import type { Timeline, TimelineInterval } from '../../server/protocol/timeline.js';

/**
 * "A full week alone": a paired screen whose server is killed plays its schedule for 7 days on a
 * fake clock (Playwright's page.clock), phase changes included, and past the timeline it holds
 * plays the zone's evergreen rotation and says so.
 */
let browser: Browser;
let dataDir: string;
let port: number;
let server: ServerProcess | undefined;

const DAY = 24 * 60 * 60 * 1000;
const url = () => `http://127.0.0.1:${port}`;
/** A local date-time in the plan's time zone (UTC+7, no daylight saving), as the events API takes it. */
const local = (ms: number) => new Date(ms + 7 * 60 * 60 * 1000).toISOString().slice(0, 16);

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'pano-week-'));
  port = await freeLowPort();
  server = await startServerProcess(port, dataDir);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.kill();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Moves the page's clock forward to `to` (ms since the epoch); time then flows on from there. */
async function jumpTo(page: Page, to: number): Promise<void> {
  const fakeNow = await page.evaluate(() => Date.now());
  await page.clock.fastForward(Math.max(0, Math.round(to - fakeNow)));
}

/** Waits until the screen shows one of these revisions. */
async function shows(page: Page, revisions: number[], pastHorizon = false): Promise<void> {
  await page.waitForFunction(
    ({ revs, past }) => window.pano?.screen === 'slide' && revs.includes(window.pano.showing?.revisionId ?? -1) && window.pano.pastHorizon === past,
    { revs: revisions, past: pastHorizon },
    { timeout: 20_000 },
  );
}

describe('a full week alone', () => {
  it('a screen cut off from the server plays 7 days of its schedule, phase changes included, then the evergreen rotation', async () => {
    const admin = await loginAdmin(url());
    const now = Date.now();
    // The seed plan's phases, brought to this week: the national congress opens in 2 days and closes
    // in 4, so its Đợt 1, Đợt 2 and Đợt 3 follow one another while the server is gone.
    // The national congress first: a đợt runs from the Khối congress's close to its opening, and
    // a move that made it end before it starts is refused.
    expect((await admin.patch('/api/events/national-congress-xiii', { opens: local(now + 2 * DAY), closes: local(now + 4 * DAY) })).status).toBe(200);
    expect((await admin.patch('/api/events/khoi-congress-xiii', { opens: local(now - 3 * DAY), closes: local(now - 2 * DAY) })).status).toBe(200);
    const zone = await admin.json<Timeline>('/api/zones/lobby/timeline?days=8');
    const at = (t: number): TimelineInterval => zone.intervals.find((i) => Date.parse(i.start) <= t && t < Date.parse(i.end))!;
    const revisions = (i: { playlist: { revisionId: number }[] }) => i.playlist.map((p) => p.revisionId).sort((a, b) => a - b);
    const checkpoints = [1, 3, 5, 7].map((d) => now + d * DAY);
    for (const t of checkpoints) expect(at(t).kind).toBe('phase');
    // Three phases, three playlists: the screen has to switch by itself.
    expect(new Set(checkpoints.slice(0, 3).map((t) => revisions(at(t)).join(','))).size).toBe(3);
    // At least 7 full days from now, whenever now is.
    expect(Date.parse(zone.horizonEnd) - now).toBeGreaterThanOrEqual(7 * DAY);
    expect(zone.afterHorizon?.playlist.length).toBeGreaterThan(0);

    const page = await browser.newPage({ viewport: { width: 960, height: 540 } });
    await page.clock.install({ time: now });
    await page.goto(`${url()}/display/`);
    await expect.poll(() => page.evaluate(() => window.pano?.pairingCode), { timeout: 15_000 }).toBeTruthy();
    const code = (await page.evaluate(() => window.pano!.pairingCode))!;
    expect((await admin.post('/api/displays/pair', { code, name: 'Sảnh tầng 1', zoneId: 'lobby' })).status).toBe(201);
    await shows(page, revisions(at(now)));
    // The office can see the real screen: a small JPEG of the canvas, beside the server's "now showing".
    const shot = await admin.post(`/api/displays/${(await admin.json<{ displays: { id: string }[] }>('/api/displays')).displays[0]!.id}/capture`, {});
    expect(shot.status).toBe(200);
    const capture = (await shot.json()) as { width: number; height: number; jpegBase64: string };
    expect([capture.width, capture.height]).toEqual([640, 360]);
    expect(Buffer.from(capture.jpegBase64, 'base64').subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));

    const running = server!;
    server = undefined;
    await running.kill();
    await expect.poll(() => page.locator('#status').isVisible(), { timeout: 10_000 }).toBe(true);

    for (const t of checkpoints) {
      await jumpTo(page, t);
      await shows(page, revisions(at(t)));
    }
    await expect(page.locator('#status').textContent()).resolves.toContain('vẫn đang phát lịch đã lưu');

    // Past what it holds: the zone's evergreen rotation, not one built-in slogan, and the screen says so.
    await jumpTo(page, Date.parse(zone.horizonEnd) + 60 * 60 * 1000);
    await shows(page, revisions(zone.afterHorizon!), true);
    await expect(page.locator('#status').textContent()).resolves.toContain('khẩu hiệu thường trực');
    await page.close();
  }, 180_000);
});
