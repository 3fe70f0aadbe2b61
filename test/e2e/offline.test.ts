import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchChromium } from '../support/browser.js';
import { freeLowPort, startServerProcess, type ServerProcess } from '../support/server-process.js';
import { loginAdmin } from '../support/session.js';
import type { DisplayStatus } from '../../server/protocol/messages.js';

/**
 * Story 5, "server down on congress morning": a real server process is killed with SIGKILL while
 * a paired display plays; the display keeps rotating, survives a reload without the server, and
 * picks up a change made meanwhile once the server is back on the same port and data.
 */
let browser: Browser;
let dataDir: string;
let port: number;
let server: ServerProcess | undefined;

async function startServer(): Promise<void> {
  server = await startServerProcess(port, dataDir);
}

async function kill(): Promise<void> {
  const running = server!;
  server = undefined;
  await running.kill();
}

const url = () => `http://127.0.0.1:${port}`;
const showing = (page: Page) => page.evaluate(() => window.pano?.showing?.revisionId);

/** Waits until the display shows an item other than `rev` (it is rotating by itself). */
async function rotatesFrom(page: Page, rev: number | undefined): Promise<void> {
  await page.waitForFunction((r) => window.pano?.screen === 'slide' && window.pano.showing?.revisionId !== r, rev, { timeout: 25_000 });
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'pano-offline-'));
  port = await freeLowPort();
  await startServer();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  if (server) await kill();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('server down on congress morning', () => {
  it('the display keeps rotating without the server, survives a reload, and catches up when it returns', async () => {
    const page = await browser.newPage({ viewport: { width: 960, height: 540 } });
    await page.goto(`${url()}/display/`);
    await expect.poll(() => page.evaluate(() => window.pano?.pairingCode), { timeout: 15_000 }).toBeTruthy();
    const code = (await page.evaluate(() => window.pano!.pairingCode))!;
    const admin = await loginAdmin(url());
    const res = await admin.post('/api/displays/pair', { code, name: 'Sảnh chính', zoneId: 'lobby' });
    expect(res.status).toBe(201);
    const display = (await res.json()) as DisplayStatus;
    await page.waitForFunction(() => window.pano?.screen === 'slide', undefined, { timeout: 20_000 });
    // The service worker holds the shell, fonts and assets before we pull the plug.
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 20_000 });

    await kill();
    await expect.poll(() => page.locator('#status').isVisible(), { timeout: 10_000 }).toBe(true);
    await rotatesFrom(page, await showing(page));

    // A reboot of the kiosk while the server is still down: the app starts from the cache and plays.
    await page.reload();
    await page.waitForFunction(() => window.pano?.screen === 'slide' && window.pano.showing, undefined, { timeout: 20_000 });
    expect(await page.evaluate(() => localStorage.getItem('pano.display.token'))).toBeTruthy();
    await rotatesFrom(page, await showing(page));
    const proofQueued = await page.evaluate(() => window.pano!.proofQueued);
    expect(proofQueued).toBeGreaterThan(0);

    // The server returns; a change made then (the display moved to the hall) reaches the screen.
    await startServer();
    const again = await loginAdmin(url());
    expect((await again.patch(`/api/displays/${display.id}`, { zoneId: 'hall' })).status).toBe(200);
    await expect
      .poll(() => page.evaluate(() => (JSON.parse(localStorage.getItem('pano.timeline') ?? '{}') as { timeline?: { zone?: string } }).timeline?.zone), {
        timeout: 45_000,
        interval: 500,
      })
      .toBe('hall');
    // And the plays made while the server was down are reported.
    await expect.poll(() => page.evaluate(() => window.pano!.proofQueued), { timeout: 20_000 }).toBe(0);
    const from = new Date(Date.now() - 3600_000).toISOString();
    const to = new Date(Date.now() + 60_000).toISOString();
    const report = await again.json<{ rows: { screens: number; hoursShown: number }[] }>(`/api/proof-of-play?from=${from}&to=${to}`);
    expect(report.rows.length).toBeGreaterThan(0);
    expect(report.rows.every((r) => r.screens === 1 && r.hoursShown > 0)).toBe(true);
    await page.close();
  }, 180_000);
});
