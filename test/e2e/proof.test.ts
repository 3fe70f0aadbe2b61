import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { startTestServer, type TestServer } from '../support/server.js';
import { launchChromium, signInThroughForm } from '../support/browser.js';
import { pairDisplay } from '../support/displays.js';
import { ADMIN_PASSWORD, loginAdmin } from '../support/session.js';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.cleanup();
});

describe('proof-of-play report page', () => {
  it('shows what a paired display reported, with hours, zone and totals, and downloads the same range as CSV with a BOM', async () => {
    // A lobby display reports 1.8 seconds of the item it was given, over its own socket, once they
    // have passed (a play before its timeline was delivered, or in the future, is refused).
    const admin = await loginAdmin(server.url);
    const display = await pairDisplay(server.url, admin, { zoneId: 'lobby' });
    const now = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 1900));
    const interval = display.timeline.timeline!.intervals.find((i) => Date.parse(i.start) <= now && now < Date.parse(i.end))!;
    const entry = interval.playlist[0]!;
    const play = {
      itemId: entry.itemId,
      revisionId: entry.revisionId,
      template: interval.template,
      start: now,
      end: now + 1800,
      contentSha256: createHash('sha256').update(entry.text, 'utf8').digest('hex'),
    };
    display.client.send({ type: 'proof', seq: 1, plays: [play] });
    await display.client.next('proof-ack');

    const page = await browser.newPage({ acceptDownloads: true });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await signInThroughForm(page, server.url, 'admin', ADMIN_PASSWORD);
    await page.goto(`${server.url}/#/proof`);
    const row = page.locator('ctl-proof-page tr[data-proof-row][data-zone=lobby]');
    await row.waitFor({ timeout: 15_000 });
    expect(Number(await row.getAttribute('data-hours'))).toBeCloseTo(1.8 / 3600, 7);
    await expect.poll(() => row.textContent()).toContain('Sảnh');
    // 1.8 s: "0,0005 giờ", with the Vietnamese decimal comma.
    expect(await row.textContent()).toMatch(/0,0005 giờ/);
    expect(await row.textContent()).toContain(entry.text);
    expect(await page.locator('ctl-proof-page tr[data-proof-total]').textContent()).toMatch(/Tổng cộng[\s\S]*0,0005 giờ/);

    // Grouped by zone: one line for the lobby, no item column.
    await page.locator('ctl-proof-page select[name=grouping]').selectOption('zone');
    await expect.poll(() => page.locator('ctl-proof-page tr[data-proof-row]').count()).toBe(1);
    expect(await page.locator('ctl-proof-page thead').textContent()).not.toContain('Nội dung');

    // A date that is no date is refused before anything is asked of the server.
    await page.locator('ctl-proof-page input[name=from]').fill('31/02/2020');
    await page.locator('ctl-proof-page button[type=submit]').click();
    await expect.poll(() => page.locator('ctl-proof-page [role=alert]').textContent()).toContain('dd/mm/yyyy');
    await page.locator('ctl-proof-page input[name=from]').fill('01/01/2020');
    await page.locator('ctl-proof-page button[type=submit]').click();
    await expect.poll(() => page.locator('ctl-proof-page [role=alert]').count()).toBe(0);

    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('ctl-proof-page a.csv').click()]);
    expect(download.suggestedFilename()).toBe('bao-cao-phat-2019-12-31.csv');
    const body = await readFile((await download.path())!);
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = body.toString('utf8').slice(1).trim().split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('lobby');

    // A play from before the display was paired is refused, and the Màn hình page flags the display.
    display.client.send({ type: 'proof', seq: 2, plays: [{ ...play, start: now - 180_000, end: now - 60_000 }] });
    await display.client.next('proof-ack');
    await page.goto(`${server.url}/#/displays`);
    const flag = page.locator('ctl-displays-page [data-refused]');
    await flag.waitFor({ timeout: 15_000 });
    expect(await flag.textContent()).toContain('Đã gửi 1 lượt phát không hợp lệ');
    expect(errors).toEqual([]);
    display.client.close();
    await page.close();
  });
});
