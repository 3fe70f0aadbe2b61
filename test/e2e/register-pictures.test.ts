/**
 * A phone photo through the register in the panel: one person uploads it (stored sideways, EXIF
 * orientation 6), draws the part that must stay and submits it; a second person sees the picture
 * upright, the box outlined where it was drawn, the caption, credit and date, and approves it.
 */
import { createHash } from 'node:crypto';
import { createCanvas, loadImage } from 'canvas';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowserApp, screenshot } from '../support/browser-app.js';
import { signInThroughForm } from '../support/browser.js';
import { SCENE, UPRIGHT, cornersIn, cornersOf, orientedJpeg } from '../support/exif-images.js';
import { focusCrop, WHOLE_PICTURE } from '../../display/render/index.js';
import { USER_PASSWORD } from '../support/session.js';
import { ItemListSchema } from '../../server/protocol/content.js';
import { TimelineSchema } from '../../server/protocol/timeline.js';
import { formatLength } from '../../control/time.js';
import { mediaFixture } from '../support/media-uploads.js';

const app = useBrowserApp({ operator: ['van-hanh', ['operator']], approver: ['ban-tuyen-giao', ['approver']] });

const CAPTION = 'Đoàn đại biểu dự Đại hội Đảng bộ Văn phòng Chính phủ lần thứ XXVI chụp ảnh lưu niệm';
const CREDIT = 'Văn phòng Đảng ủy — Tổ Ảnh';

async function signedIn(username: string): Promise<Page> {
  const context = await app.browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('close', () => expect(errors).toEqual([]));
  await signInThroughForm(page, app.server.url, username, USER_PASSWORD);
  await page.locator('ctl-register-page tr[data-item-id]').first().waitFor();
  return page;
}

/** Drags from one point to another, given as fractions of the element's box. */
async function drag(page: Page, target: Locator, from: [number, number], to: [number, number]): Promise<void> {
  const box = (await target.boundingBox())!;
  await page.mouse.move(box.x + box.width * from[0], box.y + box.height * from[1]);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * ((from[0] + to[0]) / 2), box.y + box.height * ((from[1] + to[1]) / 2));
  await page.mouse.move(box.x + box.width * to[0], box.y + box.height * to[1]);
  await page.mouse.up();
}

describe('a picture in the register', () => {
  it('is uploaded sideways, boxed and submitted by one person, seen upright with its box and approved by another', async () => {
    const operator = await signedIn('van-hanh');
    await operator.locator('ctl-register-page button[data-action=new]').click();
    const editor = operator.locator('ctl-register-editor');
    await editor.locator('select[name=kind]').selectOption('picture');
    await editor.locator('ctl-media-fields input[name=media-file]').setInputFiles({ name: 'IMG_20200810.jpg', mimeType: 'image/jpeg', buffer: orientedJpeg(6) });
    const focusEditor = editor.locator('ctl-focus-box [data-testid=focus-editor]');
    await focusEditor.waitFor();
    // The editor draws the photo upright: landscape, as the scene was taken.
    await expect.poll(async () => (await focusEditor.locator('img').evaluate((i: HTMLImageElement) => i.complete && i.naturalWidth > 0))).toBe(true);
    const shown = (await focusEditor.boundingBox())!;
    expect(shown.width / shown.height).toBeCloseTo(SCENE.width / SCENE.height, 1);
    await drag(operator, focusEditor, [0.1, 0.1], [0.9, 0.9]);
    expect(Number(await editor.locator('input[name=focus-x]').inputValue())).toBeCloseTo(10, -1);
    expect(Number(await editor.locator('input[name=focus-width]').inputValue())).toBeCloseTo(80, -1);

    await editor.locator('textarea[name=text]').fill(CAPTION);
    await editor.locator('input[name=credit]').fill(CREDIT);
    await editor.locator('input[name=taken-on]').fill('10/08/2020');
    await editor.locator('input[name=celebratory][value=no]').check();
    await editor.locator('input[name=places][value=lobby]').check();
    await screenshot(operator, 'register-picture-editor');
    await editor.locator('button[data-action=propose]').click();

    const mine = operator.locator('ctl-register-item');
    await expect.poll(() => mine.locator('[data-testid=item-status]').textContent()).toBe('Nháp');
    expect(await mine.locator('h3').textContent()).toContain('Ảnh');
    await mine.locator('button[data-action=submit]').click();
    await expect.poll(() => mine.locator('[data-testid=item-status]').textContent()).toBe('Chờ duyệt');
    expect(await mine.locator('button[data-action=approve]').count()).toBe(0);

    const approver = await signedIn('ban-tuyen-giao');
    await approver.locator('ctl-register-page select[name=kind]').selectOption('picture');
    await expect.poll(() => approver.locator('ctl-register-page tr[data-item-id]').count()).toBe(1);
    const row = approver.locator('ctl-register-page tr[data-item-id]', { hasText: CAPTION });
    expect(await row.textContent()).toContain('Ảnh');
    await row.click();
    const item = approver.locator('ctl-register-item');
    const view = item.locator('ctl-media-view[data-revision="1"]');
    const picture = view.locator('img');
    await expect.poll(() => picture.evaluate((i: HTMLImageElement) => i.complete && i.naturalWidth > 0)).toBe(true);

    // Upright: each quadrant of the shown picture has the colour of the upright scene's quadrant
    // (the box covers all four quadrant centres, so none of them is under the shade around it).
    const drawn = await loadImage(await picture.screenshot());
    expect(cornersOf(drawn)).toEqual(UPRIGHT);
    expect(drawn.width / drawn.height).toBeCloseTo(SCENE.width / SCENE.height, 1);

    // The box sits where it was drawn, as fractions of the upright picture.
    const frame = (await picture.boundingBox())!;
    const box = (await view.locator('[data-testid=focus-box]').boundingBox())!;
    expect((box.x - frame.x) / frame.width).toBeCloseTo(0.1, 1);
    expect((box.y - frame.y) / frame.height).toBeCloseTo(0.1, 1);
    expect(box.width / frame.width).toBeCloseTo(0.8, 1);
    expect(box.height / frame.height).toBeCloseTo(0.8, 1);

    const caption = await view.locator('figcaption').textContent();
    expect(caption).toContain(CAPTION);
    expect(caption).toContain(CREDIT);
    expect(caption).toContain('10/08/2020');
    await screenshot(approver, 'register-picture-approval');
    // And as a lobby screen draws it: the picture upright above its caption band.
    const onScreen = item.locator('ctl-register-preview figure[data-revision="1"] ctl-slide-preview[data-template=lobby-card][data-drawn] canvas');
    await expect.poll(() => onScreen.count()).toBe(1);
    const shot = await loadImage(await onScreen.screenshot());
    const pixels = createCanvas(shot.width, shot.height).getContext('2d');
    pixels.drawImage(shot, 0, 0);
    const submitted = ItemListSchema.parse(await app.operator.json('/api/items?kind=picture')).items[0]!.latest.media!;
    const band = Math.round(shot.height * 0.2);
    const { dest } = focusCrop(SCENE, submitted.kind === 'picture' ? submitted.focus : WHOLE_PICTURE, { x: 0, y: 0, w: shot.width, h: shot.height - band });
    const data = pixels.getImageData(0, 0, shot.width, shot.height).data;
    expect(cornersIn(data, shot.width, Math.round(dest.x), Math.round(dest.y), Math.round(dest.w), Math.round(dest.h))).toEqual(UPRIGHT);

    await item.locator('textarea[name=reason]').fill('Ảnh đúng sự kiện, khung giữ phù hợp');
    await item.locator('button[data-action=approve]').click();
    await expect.poll(() => item.locator('[data-testid=item-status]').textContent()).toBe('Đã duyệt');

    const approved = ItemListSchema.parse(await app.operator.json('/api/items?kind=picture')).items[0]!;
    expect(approved.approved?.media).toMatchObject({ kind: 'picture', credit: CREDIT, takenOn: '2020-08-10', width: SCENE.width, height: SCENE.height });
    const focus = approved.approved!.media!.kind === 'picture' ? approved.approved!.media!.focus : undefined;
    expect(focus!.x).toBeCloseTo(0.1, 1);
    expect(focus!.width).toBeCloseTo(0.8, 1);

    // A new box and caption are a new revision: the approver sees it beside the approved one, the changes named.
    await expect.poll(() => mine.locator('[data-testid=item-status]').textContent(), { timeout: 10_000 }).toBe('Đã duyệt');
    await mine.locator('ctl-media-fields ctl-focus-box button').click();
    await mine.locator('form textarea[name=text]').fill(`${CAPTION} tại Hà Nội`);
    await mine.locator('button[data-action=revise]').click();
    await expect.poll(() => mine.locator('[data-testid=pending-status]').textContent()).toContain('Bản sửa 2');
    await mine.locator('button[data-action=submit]').click();
    await expect.poll(() => mine.locator('[data-testid=pending-status]').textContent()).toContain('Chờ duyệt');

    await approver.reload();
    await approver.locator('ctl-register-page select[name=kind]').selectOption('picture');
    await approver.locator('ctl-register-page tr[data-item-id]', { hasText: CAPTION }).click();
    await expect.poll(() => item.locator('ctl-media-view').count()).toBeGreaterThanOrEqual(2);
    const changes = await item.locator('[data-testid=media-changes]').textContent();
    expect(changes).toContain('khung giữ');
    expect(changes).toContain('chú thích');
    expect(changes).not.toContain('tệp');
    expect(await item.locator('ctl-media-view[data-revision="1"] [data-testid=focus-box]').count()).toBe(1);
    // The revision keeps the whole picture: no box to outline.
    expect(await item.locator('ctl-media-view[data-revision="2"] [data-testid=focus-box]').count()).toBe(0);
    expect(await item.locator('ctl-media-view[data-revision="2"] [data-testid=media-caption]').textContent()).toBe(`${CAPTION} tại Hà Nội`);
    await screenshot(approver, 'register-picture-revision');
    await operator.close();
    await approver.close();
  });

  it('plays in a photo panel slideshow that the schedule editor offers by the panel title', async () => {
    const [picture] = ItemListSchema.parse(await app.operator.json('/api/items?kind=picture')).items;
    const photoId = picture!.approved!.media!.mediaId;
    const job = await app.operator.post('/api/print/jobs', { artwork: 'photo-panel', title: 'Ảnh Đại hội XXVI', photoIds: [photoId], preset: 'a4', format: 'pdf' });
    expect(job.status).toBe(201);

    const operator = await signedIn('van-hanh');
    await operator.goto(`${app.server.url}/#/events`);
    const entries = operator.locator('ctl-schedule-entries');
    await entries.locator('button.primary').click();
    const form = entries.locator('ctl-schedule-entry-form');
    await form.locator('input[name=name]').fill('Trình chiếu ảnh Đại hội ở sảnh');
    await form.locator('select[name=zone]').selectOption('lobby');
    await form.locator('input[name=content-kind][value=photo-panel]').check();
    const panel = form.locator('select[name=panel]');
    // Named by its title as drawn, with how many of its photos an approved picture shows.
    expect(await panel.locator('option').first().textContent()).toContain('ẢNH ĐẠI HỘI XXVI');
    expect(await panel.locator('option').first().textContent()).toContain('1/1 ảnh lên được màn hình');
    await form.locator('input[name=priority]').fill('50');
    await form.locator('button[type=submit]').click();
    const row = entries.locator('tr[data-schedule]', { hasText: 'Trình chiếu ảnh Đại hội ở sảnh' });
    await expect.poll(() => row.textContent()).toContain('Pa nô ảnh: ẢNH ĐẠI HỘI XXVI (1/1 ảnh lên được màn hình)');

    const from = encodeURIComponent(new Date().toISOString());
    const timeline = TimelineSchema.parse(await app.operator.json(`/api/zones/lobby/timeline?from=${from}&days=1`));
    const at = Date.now() + 60_000;
    const playlist = timeline.intervals.find((i) => Date.parse(i.start) <= at && at < Date.parse(i.end))!.playlist;
    expect(playlist.map((e) => e.itemId)).toEqual([picture!.id]);
    expect(playlist[0]!.media).toMatchObject({ kind: 'picture', id: photoId });
    // The print page says it too, beside the panel's job.
    await operator.goto(`${app.server.url}/#/print`);
    await expect.poll(() => operator.locator('ctl-print-jobs tr[data-job-id]', { hasText: 'ẢNH ĐẠI HỘI XXVI' }).textContent()).toContain('1/1 ảnh lên được màn hình');
    await operator.close();
  });

  it('is a clip uploaded in the proposal form, shown to the approver muted, with its controls and its length', async () => {
    const bytes = mediaFixture('good-vp9-opus.webm');
    const caption = 'Phóng sự ảnh: Toàn cảnh Đại hội Đảng bộ Văn phòng Chính phủ lần thứ XXVI';
    const operator = await signedIn('van-hanh');
    await operator.locator('ctl-register-page button[data-action=new]').click();
    const editor = operator.locator('ctl-register-editor');
    await editor.locator('select[name=kind]').selectOption('clip');
    await editor.locator('ctl-media-fields input[name=media-file]').setInputFiles({ name: 'phong-su.webm', mimeType: 'video/webm', buffer: bytes });
    await editor.locator('ctl-media-fields .tile.chosen').waitFor();
    await editor.locator('textarea[name=text]').fill(caption);
    await editor.locator('input[name=celebratory][value=yes]').check();
    await editor.locator('button[data-action=propose]').click();
    const mine = operator.locator('ctl-register-item');
    await expect.poll(() => mine.locator('[data-testid=item-status]').textContent()).toBe('Nháp');
    await mine.locator('button[data-action=submit]').click();
    await expect.poll(() => mine.locator('[data-testid=item-status]').textContent()).toBe('Chờ duyệt');
    const stored = ItemListSchema.parse(await app.operator.json('/api/items?kind=clip')).items.find((i) => i.latest.text === caption)!;
    const clip = stored.latest.media;
    if (clip?.kind !== 'clip') throw new Error('the proposal holds no clip');
    // The uploaded file itself, its length read by the server from the container.
    expect(clip.mediaId).toBe(createHash('sha256').update(bytes).digest('hex'));
    await operator.close();

    const approver = await signedIn('ban-tuyen-giao');
    await approver.locator('ctl-register-page select[name=kind]').selectOption('clip');
    const row = approver.locator('ctl-register-page tr[data-item-id]', { hasText: caption });
    expect(await row.textContent()).toContain('Đoạn phim');
    await row.click();
    const view = approver.locator('ctl-register-item ctl-media-view');
    const video = view.locator('video');
    await video.waitFor();
    expect(await video.evaluate((v: HTMLVideoElement) => v.muted && v.controls)).toBe(true);
    // The bytes come from the clip store: the browser reads the clip's own length from them.
    await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.readyState >= 1 && Math.round(v.duration * 1000))).toBeCloseTo(clip.durationMs, -2);
    expect(await view.locator('[data-testid=clip-length]').textContent()).toContain(formatLength(clip.durationMs));
    expect(await view.locator('[data-testid=media-caption]').textContent()).toBe(caption);
    await approver.close();
  });
});
