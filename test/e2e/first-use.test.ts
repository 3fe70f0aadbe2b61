/** Issue 12 E14, E15, E17: what a new user meets first — the setup link, the login page, an unpaired screen. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../support/server.js';
import { launchChromium } from '../support/browser.js';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startTestServer({ ADMIN_PASSWORD: '' });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.cleanup();
});

/** A page that records console errors and every failed response (a 404 favicon, a 401). */
async function watched(viewport = { width: 1440, height: 900 }): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport });
  const problems: string[] = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
  page.on('pageerror', (e) => problems.push(`page: ${e.message}`));
  page.on('response', (r) => r.status() >= 400 && problems.push(`${r.status()} ${new URL(r.url()).pathname}`));
  return { page, problems };
}

/** Horizontal centre of an element's box, against the window's. */
async function offCentre(page: Page, selector: string): Promise<number> {
  const box = (await page.locator(selector).boundingBox())!;
  return Math.abs(box.x + box.width / 2 - page.viewportSize()!.width / 2);
}

describe('the one-time setup link', () => {
  it('saves the password, then offers the login form with the account filled in; both pages centred, nothing fails', async () => {
    const { page, problems } = await watched();
    await page.goto(`${server.url}/#setup=${server.setupToken}`);
    await page.locator('ctl-setup input[name=password]').fill('một mật khẩu đủ dài 2020');
    expect(await offCentre(page, 'ctl-setup form')).toBeLessThan(4);
    await page.locator('ctl-setup input[name=repeat]').fill('một mật khẩu đủ dài 2020');
    await page.locator('ctl-setup button[type=submit]').click();

    await expect.poll(() => page.locator('ctl-login [data-testid=login-notice]').textContent()).toContain('Hãy đăng nhập');
    expect(await page.locator('ctl-login input[name=username]').inputValue()).toBe('admin');
    expect(page.url()).not.toContain('setup=');
    expect(await offCentre(page, 'ctl-login form')).toBeLessThan(4);
    await page.locator('ctl-login input[name=password]').fill('một mật khẩu đủ dài 2020');
    await page.locator('ctl-login button[type=submit]').click();
    await page.locator('[data-testid=me]').waitFor();
    // No 401 from asking who is signed in, no favicon 404, no console error.
    expect(problems).toEqual([]);
    await page.close();
  });
});

describe('an unpaired screen', () => {
  it('says what its code is for and that it is connected, waiting to be paired', async () => {
    const { page, problems } = await watched({ width: 1280, height: 720 });
    await page.goto(`${server.url}/display/`);
    const state = page.getByTestId('pairing-state');
    await expect.poll(() => state.getAttribute('data-state'), { timeout: 15_000 }).toBe('online');
    expect(await state.textContent()).toContain('Đã kết nối máy chủ, đang chờ ghép nối');
    expect(await page.locator('#pairing').innerText()).toContain('Nhập mã này ở trang Màn hình');
    expect(await page.locator('#status').isVisible()).toBe(false);
    expect(problems).toEqual([]);
    await page.close();
  });
});
