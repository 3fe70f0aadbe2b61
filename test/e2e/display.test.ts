import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startTestServer, type TestServer } from '../support/server.js';
import { launchChromium, signInThroughForm } from '../support/browser.js';
import { ADMIN_PASSWORD, loginAdmin } from '../support/session.js';
import { SloganListSchema } from '../../server/protocol/api.js';

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

describe('a slogan of the plan travels to a live screen', () => {
  it('the display page draws an approved slogan with the bundled font', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.url}/display/?zone=lobby`);
    await page.waitForFunction(() => document.documentElement.dataset.showing, undefined, { timeout: 20_000 });

    const showing = await page.evaluate(() => window.pano!.showing!);
    const admin = await loginAdmin(server.url);
    const { slogans } = SloganListSchema.parse(await admin.json('/api/slogans'));
    expect(slogans.map((s) => s.text)).toContain(showing.text);

    expect(await page.evaluate(() => document.fonts.check('700 48px "Be Vietnam Pro"', 'Ể'))).toBe(true);
    const inked = await page.evaluate(() => {
      const canvas = document.getElementById('stage') as HTMLCanvasElement;
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      const colours = new Set<number>();
      for (let i = 0; i < data.length; i += 4 * 97) colours.add((data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!);
      return { width: canvas.width, height: canvas.height, colours: colours.size };
    });
    expect(inked.width).toBe(1280);
    expect(inked.colours).toBeGreaterThan(8);
    expect(errors).toEqual([]);

    const listed = await admin.json<{ displays: { zone: string; ackedVersion: string | null }[] }>('/api/displays');
    expect(listed.displays).toHaveLength(1);
    expect(listed.displays[0]!.ackedVersion).not.toBeNull();
    await page.close();
  });

  it('the control panel asks for a login, then lists the slogans and the connected display, live', async () => {
    const display = await browser.newPage({ viewport: { width: 640, height: 360 } });
    const panel = await browser.newPage();
    await panel.goto(`${server.url}/`);
    await panel.locator('ctl-login form').waitFor();
    expect(await panel.locator('h1').textContent()).toContain('bảng điều khiển');
    await signInThroughForm(panel, server.url, 'admin', ADMIN_PASSWORD);
    await panel.locator('ctl-slogans-page tr[data-slogan-id]').first().waitFor();
    expect(await panel.locator('ctl-slogans-page tr[data-slogan-id]').count()).toBe(15);

    await panel.goto(`${server.url}/#/displays`);
    await display.goto(`${server.url}/display/?zone=hall`);
    const row = panel.locator('ctl-displays-page tr[data-display]', { hasText: 'hall' });
    await row.waitFor({ timeout: 10_000 });
    await display.close();
    await row.waitFor({ state: 'detached', timeout: 10_000 });
    await panel.close();
  });

  it('a wrong password shows a Vietnamese error and no data', async () => {
    const panel = await browser.newPage();
    await panel.goto(`${server.url}/`);
    await panel.locator('ctl-login input[name=username]').fill('admin');
    await panel.locator('ctl-login input[name=password]').fill('sai mật khẩu rồi');
    await panel.locator('ctl-login button[type=submit]').click();
    await expect.poll(() => panel.locator('ctl-login [role=alert]').textContent()).toContain('Sai tên đăng nhập hoặc mật khẩu');
    expect(await panel.locator('ctl-slogans-page').count()).toBe(0);
    await panel.close();
  });
});
