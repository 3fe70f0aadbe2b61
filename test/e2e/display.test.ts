import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../support/server.js';
import { launchChromium, signInThroughForm } from '../support/browser.js';
import { ADMIN_PASSWORD, loginAdmin, type ApiClient } from '../support/session.js';
import type { DisplayStatus } from '../../server/protocol/messages.js';
import type { Timeline } from '../../server/protocol/timeline.js';

let server: TestServer;
let browser: Browser;
let admin: ApiClient;

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchChromium();
  admin = await loginAdmin(server.url);
});
afterAll(async () => {
  await browser?.close();
  await server?.cleanup();
});

/** Opens /display/ as a new kiosk and returns the pairing code it shows. */
async function newDisplay(viewport = { width: 1280, height: 720 }): Promise<{ page: Page; code: string; errors: string[] }> {
  const page = await browser.newPage({ viewport });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${server.url}/display/`);
  const codeEl = page.getByTestId('pairing-code');
  await expect.poll(() => codeEl.textContent(), { timeout: 15_000 }).toMatch(/^[A-HJ-NP-Z2-9]{3} [A-HJ-NP-Z2-9]{3}$/);
  return { page, code: (await codeEl.textContent())!.replace(' ', ''), errors };
}

async function pairByApi(code: string, zoneId: string, name: string): Promise<DisplayStatus> {
  const res = await admin.post('/api/displays/pair', { code, name, zoneId });
  expect(res.status).toBe(201);
  return (await res.json()) as DisplayStatus;
}

const showing = (page: Page) => page.evaluate(() => window.pano?.showing?.text);

describe('a display paired through the control panel shows content', () => {
  it('pairing screen → operator types the code → the display draws an approved slogan with the bundled font', async () => {
    const { page: display, code, errors } = await newDisplay();
    // Nothing but the code before pairing.
    expect(await display.evaluate(() => window.pano?.screen)).toBe('pairing');
    expect(await display.evaluate(() => window.pano?.showing)).toBeUndefined();

    const panel = await browser.newPage();
    await signInThroughForm(panel, server.url, 'admin', ADMIN_PASSWORD);
    await panel.goto(`${server.url}/#/displays`);
    const form = panel.locator('ctl-display-pair-form form');
    await form.locator('input[name=code]').fill(`${code.slice(0, 3).toLowerCase()} ${code.slice(3)}`);
    await form.locator('input[name=name]').fill('Màn hình sảnh tầng 1');
    await form.locator('select[name=zoneId]').selectOption('lobby');
    await form.locator('button[type=submit]').click();
    await expect.poll(() => form.locator('[role=status]').textContent()).toContain('Màn hình sảnh tầng 1');

    await display.waitForFunction(() => window.pano?.screen === 'slide' && window.pano.showing, undefined, { timeout: 20_000 });
    const text = (await showing(display))!;
    const timeline = await display.evaluate(() => JSON.parse(localStorage.getItem('pano.timeline')!) as { timeline: Timeline });
    const playable = timeline.timeline.intervals.flatMap((i) => i.playlist.map((p) => p.text));
    expect(playable).toContain(text);
    expect(await display.evaluate(() => document.fonts.check('700 48px "Be Vietnam Pro"', 'Ể'))).toBe(true);
    expect(await display.evaluate(() => localStorage.getItem('pano.display.token'))).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const inked = await display.evaluate(() => {
      const canvas = document.querySelector('canvas.layer.front') as HTMLCanvasElement;
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      const colours = new Set<number>();
      for (let i = 0; i < data.length; i += 4 * 97) colours.add((data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!);
      return { width: canvas.width, colours: colours.size };
    });
    expect(inked.width).toBe(1280);
    expect(inked.colours).toBeGreaterThan(8);

    // The panel lists it online, with the version it applied and a thumbnail of what it shows.
    const row = panel.locator('ctl-displays-page tr[data-display]', { hasText: 'Màn hình sảnh tầng 1' });
    await expect.poll(() => row.getAttribute('data-online'), { timeout: 10_000 }).toBe('true');
    await expect.poll(() => row.locator('ctl-display-thumbnail canvas').getAttribute('data-showing'), { timeout: 15_000 }).toBeTruthy();
    expect(errors).toEqual([]);

    // Identify shows the name big; revoke sends the screen back to pairing at once.
    await row.getByRole('button', { name: 'Nhận diện' }).click();
    await expect.poll(() => display.locator('#identify').textContent()).toBe('Màn hình sảnh tầng 1');
    expect(await display.locator('#identify').isVisible()).toBe(true);
    panel.once('dialog', (d) => void d.accept());
    await row.getByRole('button', { name: 'Thu hồi' }).click();
    await display.waitForFunction(() => window.pano?.screen === 'pairing' && window.pano.pairingCode, undefined, { timeout: 15_000 });
    expect(await display.evaluate(() => localStorage.getItem('pano.display.token'))).toBeNull();
    await row.waitFor({ state: 'detached', timeout: 10_000 });
    await panel.close();
    await display.close();
  });

  it('two displays of one zone show the same item at the same time (switches within 50 ms)', async () => {
    const a = await newDisplay({ width: 640, height: 360 });
    const b = await newDisplay({ width: 800, height: 450 });
    await pairByApi(a.code, 'lobby', 'Sảnh trái');
    await pairByApi(b.code, 'lobby', 'Sảnh phải');
    for (const d of [a, b]) await d.page.waitForFunction(() => window.pano?.showing, undefined, { timeout: 20_000 });
    // Wait for both to go through one switch after their clocks synced, then compare when each switched.
    const first = await a.page.evaluate(() => window.pano!.showing!.revisionId);
    await a.page.waitForFunction((rev) => window.pano!.showing!.revisionId !== rev, first, { timeout: 25_000 });
    await b.page.waitForFunction((rev) => window.pano!.showing!.revisionId !== rev, first, { timeout: 5_000 });
    // Device time: both pages share this machine's clock, while each one's server-time stamp carries its own clock error.
    const [sa, sb] = await Promise.all([a, b].map((d) => d.page.evaluate(() => ({ rev: window.pano!.showing!.revisionId, at: window.pano!.shownAtDevice! }))));
    expect(sa!.rev).toBe(sb!.rev);
    expect(Math.abs(sa!.at - sb!.at)).toBeLessThan(50);
    await a.page.close();
    await b.page.close();
  });

  it('a wrong password shows a Vietnamese error and no data', async () => {
    const panel = await browser.newPage();
    await panel.goto(`${server.url}/`);
    await panel.locator('ctl-login input[name=username]').fill('admin');
    await panel.locator('ctl-login input[name=password]').fill('sai mật khẩu rồi');
    await panel.locator('ctl-login button[type=submit]').click();
    await expect.poll(() => panel.locator('ctl-login [role=alert]').textContent()).toContain('Sai tên đăng nhập hoặc mật khẩu');
    expect(await panel.locator('ctl-register-page').count()).toBe(0);
    await panel.close();
  });
});
