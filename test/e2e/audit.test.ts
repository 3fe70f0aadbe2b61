import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startTestServer, type TestServer } from '../support/server.js';
import { launchChromium, signInThroughForm } from '../support/browser.js';
import { ADMIN_PASSWORD, ApiClient, loginAdmin, USER_PASSWORD, userWithRoles } from '../support/session.js';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchChromium();
  // A failed login to find later, by the name that was tried.
  expect((await new ApiClient(server.url).post('/api/auth/login', { username: 'khach-la', password: 'đoán mò' })).status).toBe(401);
});
afterAll(async () => {
  await browser?.close();
  await server?.cleanup();
});

describe('the audit page (admin)', () => {
  it('shows the login rows and an intact chain, searches, and downloads the CSV with a BOM', async () => {
    const context = await browser.newContext({ acceptDownloads: true });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await signInThroughForm(page, server.url, 'admin', ADMIN_PASSWORD);
    await page.locator('nav a[href="#/audit"]').click();

    const banner = page.locator('ctl-audit-page [data-testid=chain-status].ok');
    await banner.waitFor();
    expect(await banner.textContent()).toMatch(/Chuỗi nhật ký nguyên vẹn \(\d+ dòng\)/);
    // The anchor shown is the one `pano audit verify --anchor` takes: the last row's id and hash.
    expect(await banner.locator('[data-testid=chain-anchor]').textContent()).toMatch(/^\d+:[0-9a-f]{64}$/);

    const rows = page.locator('ctl-audit-page tr[data-audit-id]');
    await page.locator('ctl-audit-page tr[data-action="user.login"]').first().waitFor();
    expect(await page.locator('ctl-audit-page tr[data-action="login.failed"]').count()).toBe(1);
    expect(await page.locator('ctl-audit-page tr[data-action="login.failed"]').textContent()).toContain('Đăng nhập thất bại');

    await page.locator('ctl-audit-page input[name=q]').fill('khach-la');
    await page.locator('ctl-audit-page button[type=submit]').click();
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().getAttribute('data-action')).toBe('login.failed');

    const link = page.locator('ctl-audit-page [data-testid=audit-csv]');
    expect(await link.getAttribute('href')).toBe('/api/audit/export.csv?q=khach-la');
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toMatch(/^nhat-ky-pano-\d{8}-\d{4}\.csv$/);
    const bytes = readFileSync((await download.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).trim().split('\r\n');
    expect(lines[0]).toMatch(/^Mã dòng \(id\),Thời điểm/);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('login.failed');

    expect(errors).toEqual([]);
    await context.close();
  });

  it('is not offered to an operator', async () => {
    await userWithRoles(await loginAdmin(server.url), 'van-hanh', ['operator']);
    const page = await browser.newPage();
    await signInThroughForm(page, server.url, 'van-hanh', USER_PASSWORD);
    expect(await page.locator('nav a[href="#/audit"]').count()).toBe(0);
    await page.close();
  });
});
