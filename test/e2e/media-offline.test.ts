import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchChromium, signInThroughForm } from '../support/browser.js';
import { freeLowPort, startServerProcess, type ServerProcess } from '../support/server-process.js';
import { loginAdmin, USER_PASSWORD, userWithRoles } from '../support/session.js';
import { ItemDetailSchema } from '../../server/protocol/content.js';
import { approvedMediaItem, flatPng, uploadClip, uploadPhoto } from '../support/media-items.js';
import { mediaFixture } from '../support/media-uploads.js';
import type { DisplayStatus } from '../../server/protocol/messages.js';

/**
 * Story 5 with pictures and clips: a paired screen fetches the files its timeline needs through
 * its signed URLs, checks them and keeps them in the Cache API; the server is SIGKILLed, the screen
 * reloaded, and the picture is still drawn (its colour on the canvas) and the clip still plays.
 */
let browser: Browser;
let dataDir: string;
let port: number;
let server: ServerProcess | undefined;

const url = () => `http://127.0.0.1:${port}`;
const CAPTION = 'Ảnh tư liệu: Hội nghị Ban Chấp hành Đảng bộ, chào mừng Đại hội lần thứ XIII — Ễ Ể Ẫ Ậ';

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'pano-media-offline-'));
  port = await freeLowPort();
  server = await startServerProcess(port, dataDir);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  if (server) await server.kill();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('pictures and clips on a screen without the server', () => {
  it('are fetched ahead, verified, kept in the Cache API, and still play after a reload with the server gone', async () => {
    const admin = await loginAdmin(url());
    const operator = await userWithRoles(admin, 'van-hanh', ['operator']);
    const approver = await userWithRoles(admin, 'duyet', ['approver']);
    const photo = await uploadPhoto(operator, flatPng('#1040c0', 800, 450));
    const created = await operator.post('/api/items', {
      kind: 'picture',
      text: CAPTION,
      media: { kind: 'picture', mediaId: photo.id },
      tags: ['evergreen'],
      celebratory: false,
      places: ['lobby'],
    });
    expect(created.status).toBe(201);
    const item = ItemDetailSchema.parse(await created.json());
    expect((await operator.post(`/api/items/${item.id}/submit`)).status).toBe(200);
    expect((await approver.post(`/api/items/${item.id}/approve`, { reason: 'Ảnh đúng sự kiện' })).status).toBe(200);
    const clip = await uploadClip(operator, mediaFixture('good-vp9-opus.webm'));
    const clipItem = await approvedMediaItem(operator, approver, { kind: 'clip', text: 'Phim tư liệu: Đảng bộ Văn phòng Chính phủ 90 năm xây dựng', mediaId: clip });
    // The lobby rotates just these two, so each comes round within seconds.
    const schedule = await admin.post('/api/schedules', {
      name: 'Ảnh và phim luân phiên',
      target: { zoneId: 'lobby' },
      content: { kind: 'items', itemIds: [item.id, clipItem] },
      priority: 100,
      secondsPerItem: 3,
    });
    expect(schedule.status).toBe(201);

    const page = await browser.newPage({ viewport: { width: 960, height: 540 } });
    await page.goto(`${url()}/display/`);
    await expect.poll(() => page.evaluate(() => window.pano?.pairingCode), { timeout: 15_000 }).toBeTruthy();
    const code = (await page.evaluate(() => window.pano!.pairingCode))!;
    const res = await operator.post('/api/displays/pair', { code, name: 'Sảnh ảnh', zoneId: 'lobby' });
    expect(res.status).toBe(201);
    const display = (await res.json()) as DisplayStatus;
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 20_000 });
    const held = () => page.evaluate(() => window.pano?.media?.held.map((h) => h.mediaId) ?? []);
    await expect.poll(held, { timeout: 30_000 }).toEqual(expect.arrayContaining([photo.id, clip]));
    const rendition = (await page.evaluate((id) => window.pano!.media!.held.find((h) => h.mediaId === id)!, photo.id))!;
    expect(rendition.sha256).toMatch(/^[0-9a-f]{64}$/);

    // The Màn hình page's numbers: what the screen reported of its cache.
    await expect
      .poll(async () => (await operator.json<{ displays: DisplayStatus[] }>('/api/displays')).displays.find((d) => d.id === display.id)?.media, { timeout: 20_000 })
      .toMatchObject({ needed: 2, cached: 2, lastError: null });

    // And on the Màn hình page, in words: files and bytes held of those needed, no id.
    const panel = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await signInThroughForm(panel, url(), 'van-hanh', USER_PASSWORD);
    await panel.goto(`${url()}/#/displays`);
    const cell = panel.locator('ctl-displays-page tr[data-display]', { hasText: 'Sảnh ảnh' }).locator('ctl-display-media');
    const text = () => cell.evaluate((el) => el.shadowRoot!.textContent!.replace(/\s+/g, ' '));
    await expect.poll(text, { timeout: 15_000 }).toMatch(/2\/2 tệp/);
    const words = await text();
    expect(words).toMatch(/\d+(,\d)? kB \/ \d+(,\d)? kB/);
    expect(words).not.toContain(photo.id.slice(0, 12));
    await panel.close();

    await server!.kill();
    server = undefined;
    await page.reload();
    await page.waitForFunction(() => window.pano?.screen === 'slide', undefined, { timeout: 20_000 });
    await expect.poll(held, { timeout: 20_000 }).toEqual(expect.arrayContaining([photo.id, clip]));
    // The picture is drawn from the cache: most of the screen, once its crossfade is over, is its colour.
    const blue = await page.waitForFunction(
      (id) => {
        const p = window.pano;
        if (p?.showing?.mediaId !== id || Date.now() - p.shownAtDevice! < 800) return undefined;
        const canvas = document.querySelector<HTMLCanvasElement>('canvas.layer.front')!;
        const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
        let n = 0;
        for (let i = 0; i < data.length; i += 4) if (Math.abs(data[i]! - 0x10) < 12 && Math.abs(data[i + 1]! - 0x40) < 12 && Math.abs(data[i + 2]! - 0xc0) < 12) n++;
        return n / (data.length / 4);
      },
      photo.id,
      { timeout: 30_000 },
    );
    expect(await blue.jsonValue()).toBeGreaterThan(0.5);
    // And the clip plays: its time moves on while it is on screen.
    await page.waitForFunction((id) => window.pano?.showing?.mediaId === id && (window.pano.clip?.time ?? 0) > 0.5, clip, { timeout: 30_000 });
    // What the cache holds is the uploaded picture: decoded, its middle pixel is the colour drawn.
    const pixel = await page.evaluate(async (sha) => {
      const hit = await (await caches.open('pano-media-v1')).match(`/media-cache/${sha}`);
      const bitmap = await createImageBitmap(await hit!.blob());
      const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
      const g = canvas.getContext('2d')!;
      g.drawImage(bitmap, 0, 0);
      return [...g.getImageData(bitmap.width / 2, bitmap.height / 2, 1, 1).data];
    }, rendition.sha256);
    // A lossy WebP: within a few levels of the colour drawn.
    [0x10, 0x40, 0xc0, 255].forEach((v, i) => expect(Math.abs(pixel[i]! - v)).toBeLessThanOrEqual(4));
    // Cut off from the server, the screen still reports nothing missing.
    expect(await page.evaluate(() => window.pano?.media?.status)).toMatchObject({ needed: 2, cached: 2 });
    await page.close();
  }, 180_000);
});
