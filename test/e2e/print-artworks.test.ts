/**
 * The other artworks from the control panel in Chromium: a congress backdrop (congress chosen,
 * title lines shown, the date line prefilled from the event) previewed in its 12 × 5 m
 * proportion and printed to 100 %, then downloaded: a 1:10 PDF whose text is the congress title.
 * And a photo panel built from a photo uploaded through the page, previewed with its picture,
 * held for approval (its creator, though an approver, only sees that it waits), approved by a
 * second person who sees the same preview on the same page, then printed to 100 %.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { createCanvas } from 'canvas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../support/server.js';
import { launchChromium, signInThroughForm } from '../support/browser.js';
import { loginAdmin, userWithRoles, USER_PASSWORD } from '../support/session.js';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchChromium();
  const admin = await loginAdmin(server.url);
  await userWithRoles(admin, 'van-hanh', ['operator', 'approver']);
  await userWithRoles(admin, 'duyet', ['approver']);
});
afterAll(async () => {
  await browser?.close();
  await server?.cleanup();
});

async function printPage(username = 'van-hanh'): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 }, acceptDownloads: true });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await signInThroughForm(page, server.url, username, USER_PASSWORD);
  await page.goto(`${server.url}/#/print`);
  // An approver-only user sees the jobs, not the form.
  await (username === 'van-hanh' ? page.getByTestId('artwork-banner') : page.locator('ctl-print-jobs h2')).waitFor();
  return { page, errors };
}

/** Some pixel of the canvas is the photo's pure blue. */
const showsBlue = (c: HTMLCanvasElement) => {
  const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
  for (let i = 0; i < d.length; i += 4) if (d[i] === 0 && d[i + 1] === 0 && d[i + 2] === 255) return true;
  return false;
};

describe('the print page, other artworks', () => {
  it('prints the XXVI congress backdrop at 1:10 with a live progress bar and a download', async () => {
    const { page, errors } = await printPage();
    await page.getByTestId('artwork-backdrop').check();
    await expect.poll(() => page.locator('ctl-print-page select[name=preset]').inputValue()).toBe('phong-hoi-truong-12x5');
    const backdrop = page.locator('ctl-print-backdrop');
    await backdrop.locator('select[name=event]').selectOption('vpcp-congress-xxvi');
    await expect.poll(() => backdrop.locator('input[name=date-place]').inputValue()).toBe('Hà Nội, ngày 19 - 20 tháng 8 năm 2020');
    expect(await backdrop.locator('.title').textContent()).toContain('LẦN THỨ XXVI');

    // (12 000 + 20) / (5 000 + 20) on screen, as printed.
    const preview = page.locator('ctl-print-preview canvas');
    await expect.poll(async () => (await preview.boundingBox())?.width ?? 0).toBeGreaterThan(0);
    const box = (await preview.boundingBox())!;
    expect(box.width / box.height).toBeCloseTo(12020 / 5020, 1);

    await page.getByTestId('print-start').click();
    const row = page.locator('ctl-print-jobs tr[data-job-id]').first();
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 30_000 }).toBe('done');
    await expect.poll(() => row.getByTestId('print-percent').textContent()).toBe('100\u00a0%');
    expect(await row.textContent()).toContain('Phông: Đại hội đại biểu Đảng bộ Văn phòng Chính phủ lần thứ XXVI');

    const link = row.locator('a[download]').first();
    expect(await link.textContent()).toBe('phong-vpcp-congress-xxvi_12000x5000mm_1-10.pdf');
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const file = path.join(server.dataDir, 'phong.pdf');
    await download.saveAs(file);
    const [, w, h] = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))!;
    // 1:10 of trim + bleed, plus 15 mm of margin for the marks and slug the panel turns on.
    expect(Math.abs((Number(w) * 25.4) / 72 - 1232)).toBeLessThan(0.5);
    expect(Math.abs((Number(h) * 25.4) / 72 - 532)).toBeLessThan(0.5);
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(text).toContain('ĐẢNG CỘNG SẢN VIỆT NAM QUANG VINH MUÔN NĂM');
    expect(text).toContain('LẦN THỨ XXVI');
    expect(text).toContain('Hà Nội, ngày 19 - 20 tháng 8 năm 2020');
    expect(errors).toEqual([]);
  });

  it('uploads a photo to a panel, previews it, and prints it once a second person approves it', async () => {
    const { page, errors } = await printPage();
    await page.getByTestId('artwork-photo-panel').check();
    const panel = page.locator('ctl-print-panel');
    await panel.locator('input[name=panel-title]').fill('Thành tựu 90 năm');
    await panel.locator('input[name=upload-caption]').fill('Hội trường');
    const blue = createCanvas(400, 300);
    const g = blue.getContext('2d');
    g.fillStyle = '#0000FF';
    g.fillRect(0, 0, 400, 300);
    await panel.locator('input[name=upload]').setInputFiles({ name: 'anh.png', mimeType: 'image/png', buffer: blue.toBuffer('image/png') });
    await expect.poll(() => panel.locator('.chosen li').count()).toBe(1);
    await expect.poll(() => page.getByTestId('print-start').isDisabled()).toBe(false);
    // The picture reaches the preview: some pixel of the canvas is the photo's pure blue.
    await expect.poll(() => page.locator('ctl-print-preview canvas').first().evaluate(showsBlue)).toBe(true);

    await page.getByTestId('print-start').click();
    const row = page.locator('ctl-print-jobs tr[data-job-id]').first();
    await expect.poll(() => row.getAttribute('data-status')).toBe('awaiting-approval');
    expect(await row.getByTestId('print-status').textContent()).toBe('Chờ duyệt');
    const jobId = await row.getAttribute('data-job-id');
    const mine = page.locator(`ctl-print-jobs tr[data-approval-of="${jobId}"]`);
    expect(await mine.getByTestId('print-waiting').textContent()).toBe('Đang chờ Ban Tuyên giáo duyệt');
    expect(await mine.getByTestId('print-approve').count()).toBe(0);

    const second = await printPage('duyet');
    const review = second.page.locator(`ctl-print-jobs tr[data-approval-of="${jobId}"]`);
    await review.getByTestId('print-review').waitFor();
    await expect.poll(() => review.locator('ctl-print-preview canvas').evaluate(showsBlue)).toBe(true);
    expect(await review.getByTestId('print-approve').isDisabled()).toBe(true);
    await review.locator('input[name=reason]').fill('Ảnh và chú thích đúng kế hoạch');
    await review.getByTestId('print-approve').click();

    // The creator's page follows live: queued, printed, 100 %.
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 30_000 }).toBe('done');
    await expect.poll(() => row.getByTestId('print-percent').textContent()).toBe('100\u00a0%');
    expect(await mine.getByTestId('print-decision').textContent()).toContain('Đã duyệt bởi Người dùng duyet: Ảnh và chú thích đúng kế hoạch');
    expect(await row.locator('a[download]').first().textContent()).toMatch(/^pa-no-thanh-tuu-90-nam_2400x1200mm\.pdf$/);
    expect(errors).toEqual([]);
    expect(second.errors).toEqual([]);
  });
});
