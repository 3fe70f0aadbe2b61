/**
 * Pictures and clips on real kiosk pages in Chromium, from upload through approval, rendition,
 * signed delivery and the screen's cache to the canvas: two screens of a zone show the same
 * phone photo (stored sideways, EXIF orientation 6) upright and switch together; a clip plays in
 * step with the clock and the next item follows when it ends.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { focusCrop, WHOLE_PICTURE } from '../../display/render/index.js';
import { nowShowing } from '../../server/protocol/playback.js';
import { TimelineSchema } from '../../server/protocol/timeline.js';
import { useBrowserApp } from '../support/browser-app.js';
import { SCENE, UPRIGHT, cornersIn, orientedJpeg } from '../support/exif-images.js';
import { nextSwitches, switchSkews } from '../support/clock-pages.js';
import { approvedMediaItem, uploadClip, uploadPhoto } from '../support/media-items.js';
import { mediaFixture } from '../support/media-uploads.js';

const app = useBrowserApp({ operator: ['van-hanh', ['operator']], approver: ['duyet', ['approver']] });

const VIEWPORT = { width: 640, height: 360 };
/** The lobby card's caption band takes a fifth of a landscape screen; the picture has the rest. */
const PICTURE_FRAME = { x: 0, y: 0, w: VIEWPORT.width, h: VIEWPORT.height - Math.round(VIEWPORT.height * 0.2) };
const SECONDS_PER_ITEM = 3;
const WAIT = { timeout: 60_000 };

async function evergreenSlogan(): Promise<number> {
  const { items } = await app.admin.json<{ items: { id: number; kind: string; status: string; tags: string[]; validFrom: unknown; validUntil: unknown }[] }>('/api/items');
  return items.find((i) => i.kind === 'slogan' && i.status === 'approved' && i.tags.includes('evergreen') && !i.validFrom && !i.validUntil)!.id;
}

/** A lobby rotation above the plan's; a later test's higher priority replaces an earlier one's. */
async function rotate(itemIds: number[], name: string, priority: number): Promise<void> {
  const res = await app.admin.post('/api/schedules', { name, target: { zoneId: 'lobby' }, content: { kind: 'items', itemIds }, priority, secondsPerItem: SECONDS_PER_ITEM });
  expect(res.status).toBe(201);
}

/** A new kiosk in its own browser context (its own storage and cache), paired to the lobby. */
async function lobbyScreen(name: string, offline: { mediaFiles: boolean } = { mediaFiles: false }): Promise<Page> {
  const context = await app.browser.newContext({ viewport: VIEWPORT });
  const page = await context.newPage();
  // A screen whose file fetches all fail (a flaky link, a full disk): it never holds a file.
  if (offline.mediaFiles) await page.route('**/media/**', (route) => route.abort('failed'));
  await page.goto(`${app.server.url}/display/`);
  const code = await page.waitForFunction(() => window.pano?.pairingCode, undefined, WAIT);
  const res = await app.admin.post('/api/displays/pair', { code: await code.jsonValue(), name, zoneId: 'lobby' });
  expect(res.status).toBe(201);
  await page.waitForFunction(() => window.pano?.screen === 'slide', undefined, WAIT);
  return page;
}

/**
 * The pixels of the canvas on screen at a frame where it shows `mediaId` with its crossfade over
 * (read in that same frame: on a busy machine the slot may end before a second call).
 */
async function pixelsShowing(page: Page, mediaId: string): Promise<Uint8ClampedArray> {
  const handle = await page.waitForFunction(
    (id) => {
      const p = window.pano;
      if (p?.showing?.mediaId !== id || Date.now() - p.shownAtDevice! < 800) return undefined;
      const canvas = document.querySelector<HTMLCanvasElement>('canvas.layer.front')!;
      return [...canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data];
    },
    mediaId,
    WAIT,
  );
  return Uint8ClampedArray.from((await handle.jsonValue())!);
}

/** The pixels of the canvas on screen now. */
async function screenPixels(page: Page): Promise<Uint8ClampedArray> {
  const data = await page.evaluate(() => {
    const canvas = document.querySelector<HTMLCanvasElement>('canvas.layer.front')!;
    return [...canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data];
  });
  return Uint8ClampedArray.from(data);
}

describe('pictures and clips on screens', () => {
  it('two lobby screens show the sideways-stored phone photo upright, and switch together', async () => {
    const photo = await uploadPhoto(app.operator, orientedJpeg(6));
    expect([photo.width, photo.height]).toEqual([SCENE.width, SCENE.height]);
    const pictureItem = await approvedMediaItem(app.operator, app.approver, { kind: 'picture', text: 'Triển lãm ảnh chào mừng Đại hội Đảng bộ lần thứ XXVI', mediaId: photo.id });
    const slogan = await evergreenSlogan();
    await rotate([pictureItem, slogan], 'Ảnh và khẩu hiệu luân phiên', 90);

    const screens = [await lobbyScreen('Sảnh — màn hình trái'), await lobbyScreen('Sảnh — màn hình phải')];
    // Upright on both: the quadrant colours where the layout puts the picture (whole, no focus box).
    const { dest } = focusCrop(photo, WHOLE_PICTURE, PICTURE_FRAME);
    for (const s of screens) {
      const pixels = await pixelsShowing(s, photo.id);
      expect(cornersIn(pixels, VIEWPORT.width, Math.round(dest.x), Math.round(dest.y), Math.round(dest.w), Math.round(dest.h))).toEqual(UPRIGHT);
    }

    // Picture → slogan → picture: each switch on both screens within the clock's sync target.
    const switches = await Promise.all(screens.map((s) => nextSwitches(s, 3)));
    expect(switches[0]!.map((s) => s.revisionId)).toEqual(switches[1]!.map((s) => s.revisionId));
    const skews = switchSkews(switches, SECONDS_PER_ITEM * 1000);
    expect(skews).toHaveLength(3);
    for (const skew of skews) expect(skew).toBeLessThan(100);
  }, 120_000);

  it("a screen that could not fetch the picture plays the slogan in its slot: never a blank or a placeholder", async () => {
    // The previous test's rotation: the picture and a slogan, 3 s each.
    const screen = await lobbyScreen('Sảnh — màn hình mất tệp', { mediaFiles: true });
    const seen = await screen.evaluate(
      (ms) =>
        new Promise<{ texts: string[]; media: number; blankFrames: number; grey: number }>((resolve) => {
          const canvasAt = () => document.querySelector<HTMLCanvasElement>('canvas.layer.front')!;
          const out = { texts: [] as string[], media: 0, blankFrames: 0, grey: 0 };
          const start = performance.now();
          const tick = () => {
            const p = window.pano!;
            if (!p.showing) out.blankFrames++;
            else if (!out.texts.includes(p.showing.text)) out.texts.push(p.showing.text);
            if (p.showing?.mediaId) out.media++;
            // The middle of where a picture would be: never the renderer's grey placeholder.
            const [r, g, b] = canvasAt().getContext('2d')!.getImageData(320, 140, 1, 1).data;
            if (r === 0x8c && g === 0x8c && b === 0x8c) out.grey++;
            if (performance.now() - start < ms) requestAnimationFrame(tick);
            else resolve(out);
          };
          requestAnimationFrame(tick);
        }),
      4 * SECONDS_PER_ITEM * 1000,
    );
    expect(seen.media).toBe(0);
    expect(seen.blankFrames).toBe(0);
    expect(seen.grey).toBe(0);
    expect(seen.texts).toHaveLength(1);
    // The screen says what it lacks on the Màn hình page: the file it could not fetch.
    await screen.waitForFunction(() => (window.pano?.media?.status.lastError ?? null) !== null, undefined, WAIT);
  }, 120_000);

  it('a clip plays in step with the clock, and the next item follows when it ends', async () => {
    const clip = await uploadClip(app.operator, mediaFixture('good-vp9-opus.webm'));
    const clipItem = await approvedMediaItem(app.operator, app.approver, { kind: 'clip', text: 'Phim tư liệu: Đảng bộ Văn phòng Chính phủ 90 năm xây dựng', mediaId: clip });
    const slogan = await evergreenSlogan();
    await rotate([clipItem, slogan], 'Phim ngắn và khẩu hiệu luân phiên', 100);
    const screen = await lobbyScreen('Sảnh — màn hình phim');
    // Every change of what is on screen, with the server time it came on.
    await screen.evaluate(() => {
      const log: { itemId: number; mediaId?: string; at: number }[] = [];
      (window as unknown as { __shows: typeof log }).__shows = log;
      const tick = () => {
        const p = window.pano;
        if (p?.showing && p.shownAt !== log.at(-1)?.at) log.push({ itemId: p.showing.itemId, ...(p.showing.mediaId ? { mediaId: p.showing.mediaId } : {}), at: p.shownAt! });
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });

    // The clip on screen: it moves (two different frames a moment apart) and keeps to the clock.
    await screen.waitForFunction((id) => window.pano?.showing?.mediaId === id && (window.pano.clip?.time ?? 0) > 0.3, clip, WAIT);
    const { drift, clipOn, slotStart, serverNow } = await screen.evaluate(() => {
      const p = window.pano!;
      const serverNow = Date.now() + p.clockOffsetMs;
      return { drift: p.clip!.time * 1000 - (serverNow - p.clip!.slotStart), clipOn: p.shownAt!, slotStart: p.clip!.slotStart, serverNow };
    });
    // In step: where the video is against where the shared clock says the clip is (the sync target, and a frame or two).
    expect(Math.abs(drift)).toBeLessThan(250);
    // And the slot the player follows is the rotation's own: every screen of the zone computes the same.
    const timeline = TimelineSchema.parse(await app.admin.json(`/api/zones/lobby/timeline?from=${encodeURIComponent(new Date(serverNow - 60_000).toISOString())}&days=1`));
    const slot = nowShowing(timeline, serverNow)!;
    expect(slot.entry.itemId).toBe(clipItem);
    expect(slotStart).toBe(slot.since);
    const before = await screenPixels(screen);
    await screen.waitForFunction(() => (window.pano?.clip?.time ?? 0) > 1.2, undefined, WAIT);
    const after = await screenPixels(screen);
    expect(Buffer.from(after).equals(Buffer.from(before))).toBe(false);

    // When the clip's own length (2 s, not the zone's 3 s per item) is over, the slogan follows:
    // the screen's record of what it showed, from the clip's start on.
    const shows = await screen.waitForFunction(
      (from) => {
        const log = (window as unknown as { __shows: { itemId: number; mediaId?: string; at: number }[] }).__shows;
        const k = log.findIndex((s) => s.at === from);
        return k >= 0 && log.length > k + 1 ? log.slice(k, k + 2) : undefined;
      },
      clipOn,
      WAIT,
    );
    const [onClip, following] = (await shows.jsonValue())!;
    expect(onClip!.itemId).toBe(clipItem);
    expect(following!.itemId).toBe(slogan);
    expect(following!.mediaId).toBeUndefined();
    // Measured from the clip's slot by the rotation (a first cycle may show the clip a little late, while it loads).
    expect(following!.at - slotStart).toBeGreaterThan(1_500);
    expect(following!.at - slotStart).toBeLessThan(SECONDS_PER_ITEM * 1000);
  }, 120_000);
});
