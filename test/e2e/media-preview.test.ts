/**
 * The panel's timeline preview shows a picture as its screen would: fetched with the signed-in
 * session, upright by EXIF (a phone photo stored sideways), placed by the same renderer.
 */
import { describe, expect, it } from 'vitest';
import { focusCrop, WHOLE_PICTURE } from '../../display/render/index.js';
import { signInThroughForm } from '../support/browser.js';
import { useBrowserApp } from '../support/browser-app.js';
import { UPRIGHT, cornersIn, orientedJpeg } from '../support/exif-images.js';
import { approvedMediaItem, uploadPhoto } from '../support/media-items.js';
import { USER_PASSWORD } from '../support/session.js';

const app = useBrowserApp({ operator: ['van-hanh', ['operator']], approver: ['duyet', ['approver']] });

describe('previews of pictures', () => {
  it("the timeline's preview draws the hall's picture upright, where the hall's screen puts it", async () => {
    const photo = await uploadPhoto(app.operator, orientedJpeg(6));
    const pictureItem = await approvedMediaItem(app.operator, app.approver, { kind: 'picture', text: 'Triển lãm ảnh chào mừng Đại hội Đảng bộ lần thứ XXVI', mediaId: photo.id, places: ['hall'] });
    const res = await app.admin.post('/api/schedules', { name: 'Hội trường: ảnh', target: { zoneId: 'hall' }, content: { kind: 'items', itemIds: [pictureItem] }, priority: 90, secondsPerItem: 30 });
    expect(res.status).toBe(201);

    const page = await app.browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await signInThroughForm(page, app.server.url, 'van-hanh', USER_PASSWORD);
    await page.locator('nav a[href="#/timeline"]').click();
    const preview = page.locator('ctl-preview-grid figure[data-zone=hall] ctl-slide-preview[data-drawn]');
    await preview.waitFor({ timeout: 20_000 });
    expect(await preview.getAttribute('data-text')).toBe('Triển lãm ảnh chào mừng Đại hội Đảng bộ lần thứ XXVI');
    // The hall's side screens draw a 1920×1080 banner: the picture whole above the caption band.
    const { dest } = focusCrop(photo, WHOLE_PICTURE, { x: 0, y: 0, w: 1920, h: 1080 - Math.round(1080 * 0.2) });
    const pixels = Uint8ClampedArray.from(
      await preview.locator('canvas').evaluate((c: HTMLCanvasElement) => [...c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data]),
    );
    expect(cornersIn(pixels, 1920, Math.round(dest.x), Math.round(dest.y), Math.round(dest.w), Math.round(dest.h))).toEqual(UPRIGHT);
    expect(errors).toEqual([]);
  }, 120_000);
});
