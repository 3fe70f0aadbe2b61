/**
 * The web zone's banner framed by a portal page in Chromium: a listed portal shows the slogan the
 * web zone plays now, drawn on the canvas; a portal that is not listed gets no banner at all.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Frame, Page } from 'playwright-core';
import { screenshot, useBrowserApp } from '../support/browser-app.js';
import { WebNowSchema } from '../../server/protocol/web-channel.js';
import { signInThroughForm } from '../support/browser.js';
import { ADMIN_PASSWORD } from '../support/session.js';
import { embedCode } from '../../control/data/web-channel.js';
import { approvedMediaItem, flatPng, uploadPhoto } from '../support/media-items.js';

const app = useBrowserApp({ operator: ['van-hanh', ['operator']], approver: ['duyet', ['approver']] });
const WEB_ZONE = { id: 'web', name: 'Trang tin Văn phòng Chính phủ' };

/** A portal's page at http://localhost:<port>/ that frames the banner, as its editors paste it. */
let portal: http.Server;
let portalOrigin: string;
let strangerOrigin: string;

beforeAll(async () => {
  portal = http.createServer((_req, res) => {
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    // The code the admin's page gives the editors, in a 900 px column.
    res.end(`<!doctype html><meta charset="utf-8"><h1>Trang tin</h1><div style="width:900px">${embedCode(app.server.url, WEB_ZONE)}</div>`);
  });
  await new Promise<void>((resolve) => portal.listen(0, '127.0.0.1', resolve));
  portalOrigin = `http://localhost:${(portal.address() as AddressInfo).port}`;
  // The same page on another port is another origin, one the admin never listed.
  const stranger = http.createServer(portal.listeners('request')[0] as http.RequestListener);
  await new Promise<void>((resolve) => stranger.listen(0, '127.0.0.1', resolve));
  strangerOrigin = `http://localhost:${(stranger.address() as AddressInfo).port}`;
  portal.on('close', () => stranger.close());
  const res = await app.admin.request('PUT', '/api/web-channel', { enabled: true, allowedOrigins: [portalOrigin] });
  expect(res.status).toBe(200);
});
afterAll(() => new Promise<void>((resolve) => portal.close(() => resolve())));

async function bannerFrame(page: Page): Promise<Frame> {
  await expect.poll(() => page.frames().length).toBe(2);
  return page.frames()[1]!;
}

describe('the embeddable banner', () => {
  it('is framed only by the listed portals (and Pano itself)', async () => {
    const res = await fetch(`${app.server.url}/embed/web`);
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy')!;
    expect(csp.split(';').filter((d) => d.startsWith('frame-ancestors'))).toEqual([`frame-ancestors 'self' ${portalOrigin}`]);
    expect(res.headers.get('x-frame-options')).toBeNull();
  });

  it('draws the slogan the web zone plays now, on a listed portal', async () => {
    const page = await app.browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${portalOrigin}/`);
    const frame = await bannerFrame(page);
    await expect.poll(() => frame.evaluate(() => window.panoEmbed?.state)).toBe('showing');
    expect(await frame.evaluate(() => [innerWidth, innerHeight])).toEqual([900, 300]);
    // The banner and the JSON channel agree on the item (polled: a slot may end between the two reads).
    await expect
      .poll(async () => {
        const now = WebNowSchema.parse(await (await fetch(`${app.server.url}/api/public/web/web`)).json()).now?.text;
        return now !== undefined && now === (await frame.evaluate(() => window.panoEmbed?.text));
      })
      .toBe(true);
    // Ink on the canvas: more than the background's colours.
    const colours = await frame.evaluate(() => {
      const canvas = document.querySelector('canvas.layer.front') as HTMLCanvasElement;
      const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
      const seen = new Set<number>();
      for (let i = 0; i < data.length; i += 4 * 7) seen.add((data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!);
      return seen.size;
    });
    expect(colours).toBeGreaterThan(8);
    expect(errors).toEqual([]);
    await screenshot(page, 'web-embed');
    await page.close();
  });

  it('is refused by Chromium on a portal the admin did not list', async () => {
    const page = await app.browser.newPage();
    const refused = new Promise<string>((resolve) => page.on('console', (m) => m.text().includes('frame-ancestors') && resolve(m.text())));
    await page.goto(`${strangerOrigin}/`);
    expect(await refused).toContain(`violates the following Content Security Policy directive: "frame-ancestors 'self' ${portalOrigin}"`);
    const frame = await bannerFrame(page);
    // The frame holds Chromium's error page, not the banner: no script of ours ran in it.
    expect(await frame.evaluate(() => window.panoEmbed).catch(() => undefined)).toBeUndefined();
    await page.close();
  });

  it('shows the mourning template when the screens do', async () => {
    const page = await app.browser.newPage({ viewport: { width: 900, height: 300 } });
    expect((await app.admin.request('PUT', '/api/mourning', { messageItemIds: [] })).status).toBe(200);
    try {
      await page.goto(`${app.server.url}/embed/web`);
      await expect.poll(() => page.evaluate(() => window.panoEmbed?.template)).toBe('mourning');
      await screenshot(page, 'web-embed-mourning');
      const now = WebNowSchema.parse(await (await fetch(`${app.server.url}/api/public/web/web`)).json()).now;
      expect(now?.mourning).toBe(true);
    } finally {
      expect((await app.admin.request('DELETE', '/api/mourning')).status).toBe(200);
    }
    await page.close();
  });

  it('draws a picture item of the web zone with its picture, fetched from the channel', async () => {
    const photo = await uploadPhoto(app.operator, flatPng('#00c000', 400, 300));
    const itemId = await approvedMediaItem(app.operator, app.approver, { kind: 'picture', text: 'Ảnh Đại hội Chi bộ Văn phòng', mediaId: photo.id, places: ['web'] });
    const created = await app.admin.post('/api/schedules', { name: 'Trang tin: ảnh', target: { zoneId: 'web' }, content: { kind: 'items', itemIds: [itemId] }, priority: 100 });
    expect(created.status).toBe(201);
    const { id: scheduleId } = (await created.json()) as { id: number };
    const page = await app.browser.newPage({ viewport: { width: 900, height: 300 } });
    try {
      await page.goto(`${app.server.url}/embed/web`);
      await expect.poll(() => page.evaluate(() => window.panoEmbed?.mediaId), { timeout: 30_000 }).toBe(photo.id);
      // The picture's own green where the layout puts it (the left of a wide strip), not a placeholder.
      await expect
        .poll(
          () =>
            page.evaluate(() => {
              const canvas = document.querySelector<HTMLCanvasElement>('canvas.layer.front')!;
              const [r, g, b] = canvas.getContext('2d')!.getImageData(Math.round(canvas.width * 0.1), Math.round(canvas.height / 2), 1, 1).data;
              // The rendition is lossy WebP: green within a few levels.
              return r! < 24 && Math.abs(g! - 192) < 24 && b! < 24;
            }),
          { timeout: 30_000 },
        )
        .toBe(true);
      await screenshot(page, 'web-embed-picture');
    } finally {
      expect((await app.admin.request('DELETE', `/api/schedules/${scheduleId}`)).status).toBeLessThan(300);
      await page.close();
    }
  });

  it('shows nothing once the admin switches the channel off', async () => {
    const page = await app.browser.newPage();
    await page.goto(`${app.server.url}/embed/web`);
    await expect.poll(() => page.evaluate(() => window.panoEmbed?.state)).toBe('showing');
    expect((await app.admin.request('PUT', '/api/web-channel', { enabled: false, allowedOrigins: [portalOrigin] })).status).toBe(200);
    try {
      const off = await page.goto(`${app.server.url}/embed/web`);
      expect(off!.status()).toBe(404);
      expect(await page.evaluate(() => window.panoEmbed)).toBeUndefined();
    } finally {
      expect((await app.admin.request('PUT', '/api/web-channel', { enabled: true, allowedOrigins: [portalOrigin] })).status).toBe(200);
    }
    await page.close();
  });
});

describe('the admin page', () => {
  it('refuses a bad address by its line, saves good ones, gives the code to paste and previews the banner', async () => {
    const page = await app.browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await signInThroughForm(page, app.server.url, 'admin', ADMIN_PASSWORD);
    await page.goto(`${app.server.url}/#/web`);
    const view = page.locator('ctl-web-channel-page');
    await expect.poll(() => view.getByTestId('web-channel-status').textContent()).toContain('Đang bật');
    const origins = view.locator('textarea[name=origins]');
    await origins.fill(`${portalOrigin}\nhttp://baochinhphu.vn/tin-tuc`);
    await view.getByTestId('web-channel-save').click();
    await expect.poll(() => view.locator('[role=alert]').first().textContent()).toMatch(/^Dòng 2: Nguồn phải có dạng https:\/\//);
    // Nothing stored: the portal list is as it was.
    expect((await (await app.admin.get('/api/web-channel')).json()) as object).toMatchObject({ settings: { allowedOrigins: [portalOrigin] } });
    await origins.fill(`${portalOrigin}\nhttps://baochinhphu.vn`);
    await view.getByTestId('web-channel-save').click();
    await expect.poll(() => view.locator('[role=status]').textContent()).toBe('Đã lưu');
    expect((await (await app.admin.get('/api/web-channel')).json()) as object).toMatchObject({ settings: { allowedOrigins: [portalOrigin, 'https://baochinhphu.vn'] } });
    expect(await view.getByTestId('embed-code').textContent()).toBe(
      `<iframe src="${app.server.url}/embed/web" title="Trang tin Văn phòng Chính phủ" style="border:0;width:100%;aspect-ratio:3/1" loading="lazy"></iframe>`,
    );
    // The preview is the banner itself, framed by Pano (allowed as 'self').
    await expect.poll(() => page.frames().length).toBe(2);
    await expect.poll(() => page.frames()[1]!.evaluate(() => window.panoEmbed?.state)).toBe('showing');
    await screenshot(page, 'web-channel-page');
    expect(errors).toEqual([]);
    await page.close();
  });
});
