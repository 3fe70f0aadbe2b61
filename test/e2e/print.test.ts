/**
 * An operator prints from the control panel in Chromium: picks two approved slogans and a preset,
 * sees the true-proportion preview, starts the job, watches the progress bar reach 100 % and
 * downloads the PDF, which pdfinfo reads as two pages of trim + bleed.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startTestServer, type TestServer } from '../support/server.js';
import { launchChromium, signInThroughForm } from '../support/browser.js';
import { loginAdmin, userWithRoles, USER_PASSWORD } from '../support/session.js';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchChromium();
  await userWithRoles(await loginAdmin(server.url), 'van-hanh', ['operator']);
});
afterAll(async () => {
  await browser?.close();
  await server?.cleanup();
});

describe('the print page', () => {
  it('prints two slogans as a banner PDF with a live progress bar and a download', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await signInThroughForm(page, server.url, 'van-hanh', USER_PASSWORD);
    await page.goto(`${server.url}/#/print`);
    const boxes = page.locator('ctl-print-page input[type=checkbox][data-item-id]');
    await boxes.first().waitFor();
    await boxes.nth(0).check();
    await boxes.nth(1).check();
    await page.locator('ctl-print-page select[name=preset]').selectOption('bang-ron-5x0.8');

    // The preview keeps the banner's proportions: (5000 + 20) / (800 + 20).
    const preview = page.locator('ctl-print-preview canvas');
    await expect.poll(async () => (await preview.boundingBox())?.width ?? 0).toBeGreaterThan(0);
    const box = (await preview.boundingBox())!;
    expect(box.width / box.height).toBeCloseTo(5020 / 820, 0);

    await page.getByTestId('print-start').click();
    const row = page.locator('ctl-print-jobs tr[data-job-id]').first();
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 30_000 }).toBe('done');
    await expect.poll(() => row.getByTestId('print-percent').textContent()).toBe('100\u00a0%');

    const link = row.locator('a[download]').first();
    expect(await link.textContent()).toMatch(/_5000x800mm\.pdf$/);
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const file = path.join(server.dataDir, 'downloaded.pdf');
    await download.saveAs(file);
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    expect(info).toMatch(/Pages:\s+2\n/);
    const [, w, h] = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(info)!;
    // Marks and slug are on by default in the panel: 15 mm of margin around trim + bleed.
    expect(Math.abs((Number(w) * 25.4) / 72 - 5050)).toBeLessThan(0.5);
    expect(Math.abs((Number(h) * 25.4) / 72 - 850)).toBeLessThan(0.5);
    expect(errors).toEqual([]);
  });
});
