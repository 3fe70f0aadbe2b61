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

  it('reads in words in both languages, without codes, raw JSON or UTC, fits a 1,440 px window and filters by dd/mm/yyyy', async () => {
    // A print job writes the rows that once read "[object Object]": its settings and items, then its files.
    const admin = await loginAdmin(server.url);
    const printer = await userWithRoles(admin, 'in-an', ['operator']);
    const [first] = (await printer.json<{ items: { id: number }[] }>('/api/print/items')).items;
    const created = await printer.post('/api/print/jobs', { items: [first!.id], preset: 'bang-ron-5x0.8', format: 'pdf' });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: number };
    await expect.poll(async () => (await printer.json<{ status: string }>(`/api/print/jobs/${id}`)).status, { timeout: 60_000 }).toBe('done');

    for (const locale of ['vi', 'en'] as const) {
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
      await context.addInitScript((l) => localStorage.setItem('pano.locale', l), locale);
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await signInThroughForm(page, server.url, 'admin', ADMIN_PASSWORD);
      await page.locator('nav a[href="#/audit"]').click();
      await page.locator('ctl-audit-page tr[data-action="print.job-done"]').waitFor();

      const rows = page.locator('ctl-audit-page tr[data-audit-id]');
      const actions = new Set(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-action')!)));
      expect(actions).toContain('print.job-create');
      expect(actions).toContain('user.create');
      const text = (await page.locator('ctl-audit-page table').innerText()).normalize('NFC');
      expect(text).not.toContain('[object Object]');
      expect(text).not.toMatch(/[{}"]/); // no raw JSON
      expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}T/); // no ISO instants
      for (const action of actions) expect(text, action).not.toContain(action);
      expect(text).not.toMatch(/\b(print-job|user|item|display):\d/);
      expect(text).toContain(locale === 'vi' ? 'Tạo lệnh in' : 'Print job created');
      expect(text).toContain(locale === 'vi' ? 'Lệnh in hoàn tất' : 'Print job finished');
      expect(text).toContain(locale === 'vi' ? 'Hệ thống (tự động)' : 'System (automatic)');
      expect(text).toMatch(/\b\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}\b/);

      // Fits the window: nothing wider than 1,440 px.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1440);
      const table = await page.locator('ctl-audit-page table').boundingBox();
      expect(table!.x + table!.width).toBeLessThanOrEqual(1440);

      // Date filters are dd/mm/yyyy text, as everywhere in the panel: today (Hà Nội) keeps the rows, a past day empties the list.
      const from = page.locator('ctl-audit-page input[name=from]');
      expect(await from.getAttribute('type')).toBeNull();
      const today = await page.evaluate(() => new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Ho_Chi_Minh', day: '2-digit', month: '2-digit', year: 'numeric' }).format(new Date()));
      await from.fill(today);
      await page.locator('ctl-audit-page button[type=submit]').click();
      await expect.poll(() => page.locator('ctl-audit-page tr[data-action="print.job-done"]').count()).toBe(1);
      await from.fill('');
      await page.locator('ctl-audit-page input[name=to]').fill('01/01/2020');
      await page.locator('ctl-audit-page button[type=submit]').click();
      await expect.poll(() => rows.count()).toBe(0);
      await page.locator('ctl-audit-page input[name=to]').fill('31/02/2020');
      await page.locator('ctl-audit-page button[type=submit]').click();
      await page.locator('ctl-audit-page .error').waitFor();
      expect(await page.locator('ctl-audit-page .error').textContent()).toContain('dd/mm/yyyy');

      expect(errors).toEqual([]);
      await context.close();
    }
  });

  it('is not offered to an operator', async () => {
    await userWithRoles(await loginAdmin(server.url), 'van-hanh', ['operator']);
    const page = await browser.newPage();
    await signInThroughForm(page, server.url, 'van-hanh', USER_PASSWORD);
    expect(await page.locator('nav a[href="#/audit"]').count()).toBe(0);
    await page.close();
  });
});
