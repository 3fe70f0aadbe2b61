/**
 * Issue 12 G: every control-panel page at 1440 × 900, in both languages, screenshotted; a page fails
 * on horizontal overflow, on a raw id in its visible text, or on a console error.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../support/server.js';
import { launchChromium, signInThroughForm } from '../support/browser.js';
import { login, loginAdmin, USER_PASSWORD } from '../support/session.js';
import { pairDisplay, type PairedDisplay } from '../support/displays.js';
import { untilJob, uploadPhoto } from '../support/print-jobs.js';
import { orientedJpeg } from '../support/exif-images.js';
import { PAGE_IDS } from '../../control/page-ids.js';

let server: TestServer;
let browser: Browser;
const PICTURE_CAPTION = 'Đại biểu dự Đại hội Đảng bộ Văn phòng Chính phủ lần thứ XXVI';
const paired: PairedDisplay[] = [];
const shots = mkdtempSync(path.join(os.tmpdir(), 'pano-pages-'));

beforeAll(async () => {
  server = await startTestServer();
  const admin = await loginAdmin(server.url);
  // Admin and operator together see every page and every operator's control on it.
  const created = await admin.post('/api/users', { username: 'truongphong', displayName: 'Trần Văn Phong', roles: ['admin', 'operator'], password: USER_PASSWORD });
  expect(created.status).toBe(201);
  const everything = await login(server.url, 'truongphong', USER_PASSWORD);
  paired.push(await pairDisplay(server.url, everything, { zoneId: 'lobby', name: 'Sảnh tầng 1' }));
  paired.push(await pairDisplay(server.url, everything, { zoneId: 'hall', name: 'Phông hội trường', role: 'backdrop' }));
  const items = (await everything.json<{ items: { id: number }[] }>('/api/print/items')).items;
  const job = (await (await everything.post('/api/print/jobs', { items: [items[0]!.id], preset: 'a4', format: 'pdf' })).json()) as { id: number };
  await untilJob(everything, job.id, (j) => j.status === 'done');
  // A picture in the register and a photo panel shown as a slideshow: the register's thumbnails and
  // approval view, and the schedule naming the panel by its title.
  const photo = await uploadPhoto(everything, orientedJpeg(6));
  const picture = await everything.post('/api/items', {
    kind: 'picture',
    text: PICTURE_CAPTION,
    media: { kind: 'picture', mediaId: photo.id, credit: 'Văn phòng Đảng ủy', takenOn: '2020-08-10', focus: { x: 0.1, y: 0.1, width: 0.6, height: 0.8 } },
    celebratory: false,
    places: ['lobby'],
  });
  expect(picture.status).toBe(201);
  const panel = await everything.post('/api/print/jobs', { artwork: 'photo-panel', title: 'Ảnh Đại hội', photoIds: [photo.id], preset: 'a4', format: 'pdf' });
  expect(panel.status).toBe(201);
  const printJobId = ((await panel.json()) as { id: number }).id;
  const slideshow = await everything.post('/api/schedules', { name: 'Trình chiếu pa nô ảnh', target: { zoneId: 'lobby' }, content: { kind: 'photo-panel', printJobId }, priority: 10 });
  expect(slideshow.status).toBe(201);
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  for (const d of paired) d.client.close();
  await browser?.close();
  await server?.cleanup();
});

/**
 * Visible text of the page, through every shadow root, each text node once; code and pre blocks
 * (a timeline version, a zone code shown as code) are skipped, as are URLs.
 */
function visibleWords(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const words: string[] = [];
    const walk = (root: Node) => {
      for (const node of Array.from(root.childNodes)) {
        if (node.nodeType === Node.TEXT_NODE) {
          // An option's text shows when its list opens: judged by its select.
          const parent = node.parentElement?.closest('select') ?? node.parentElement;
          if (parent && parent.checkVisibility({ visibilityProperty: true, opacityProperty: false }) && !parent.closest('code, pre, script, style')) {
            words.push(...(node.textContent ?? '').split(/\s+/).filter(Boolean));
          }
        } else if (node instanceof Element) {
          if (node.shadowRoot) walk(node.shadowRoot);
          walk(node);
        }
      }
    };
    walk(document.body);
    return words;
  });
}

/** A word joined by hyphens or dots with no space: an id, unless it is a number or a URL. */
function rawIds(words: readonly string[]): string[] {
  return words
    .map((w) => w.replace(/^[("'“‘[]+|[)"'”’\]:;,.!?…]+$/gu, ''))
    .filter((w) => /^[\p{L}\p{N}_]+(?:[-.][\p{L}\p{N}_]+)+$/u.test(w))
    .filter((w) => !/^[\d.,-]+$/.test(w) && !/^(https?:|www\.)/.test(w) && !/\.(pdf|png|zip|csv)$/i.test(w))
    // A section of the plan document ("Mục II.1") is how the document itself names it.
    .filter((w) => !/^[IVXLC]+(\.\d+)+$/.test(w));
}

async function openPage(locale: 'vi' | 'en'): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  await context.addInitScript((l) => localStorage.setItem('pano.locale', l), locale);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  await signInThroughForm(page, server.url, 'truongphong', USER_PASSWORD);
  return { page, errors };
}

/** Lets a page's data arrive and its fonts settle before it is judged. */
async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
}

describe.each(['vi', 'en'] as const)('every control-panel page in %s', (locale) => {
  it('has no horizontal overflow, no raw id in its text, no console error', async () => {
    const { page, errors } = await openPage(locale);
    const dir = path.join(shots, locale);
    mkdirSync(dir, { recursive: true });
    const found: Record<string, { overflow: number; ids: string[] }> = {};
    for (const id of PAGE_IDS) {
      await page.goto(`${server.url}/#/${id}`);
      await settle(page);
      if (id === 'slogans') {
        await page.locator('ctl-register-page tr[data-item-id]', { hasText: PICTURE_CAPTION }).click();
        await page.locator('ctl-register-item ctl-media-view').waitFor();
        await settle(page);
      }
      await page.screenshot({ path: path.join(dir, `${id}.png`), fullPage: true });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      const ids = rawIds(await visibleWords(page));
      if (overflow > 0 || ids.length) found[id] = { overflow, ids: [...new Set(ids)] };
    }
    expect(found, `screenshots in ${dir}`).toEqual({});
    // Ids the pattern cannot tell from words (one word, no hyphen) are named too (issue 12 D11).
    await page.goto(`${server.url}/#/displays`);
    await settle(page);
    expect(await page.locator('ctl-displays-page tr[data-display] .chip').allTextContents()).toContain(locale === 'vi' ? 'Phông chính' : 'Main backdrop');
    await page.goto(`${server.url}/#/print`);
    await settle(page);
    expect(await page.locator('ctl-print-jobs tr[data-job-id]').first().textContent()).toContain(locale === 'vi' ? 'A4 ngang' : 'A4 landscape');
    const tagOptions = await page.locator('ctl-print-page select[name=filter-tag] option').allTextContents();
    expect(tagOptions).toContain(locale === 'vi' ? 'Chào mừng' : 'Greeting');
    expect(tagOptions).not.toContain('greeting');
    expect(errors).toEqual([]);
    await page.context().close();
  }, 180_000);
});

/** Two boxes on the page overlap (or touch, within `gap` px). */
async function boxes(page: Page, a: string, b: string) {
  const [x, y] = [await page.locator(a).first().boundingBox(), await page.locator(b).first().boundingBox()];
  return { a: x!, b: y! };
}

describe('layout faults a new user met (issue 12 E17)', () => {
  it('proof page button, pairing card, weekdays, "100 %", preview caption per mode, congress-name line height', async () => {
    const { page, errors } = await openPage('vi');
    await page.goto(`${server.url}/#/proof`);
    await settle(page);
    const proof = await boxes(page, 'ctl-proof-page form.range select', 'ctl-proof-page form.range button[type=submit]');
    expect(proof.a.x + proof.a.width).toBeLessThanOrEqual(proof.b.x);

    await page.goto(`${server.url}/#/displays`);
    await settle(page);
    const displays = await boxes(page, 'ctl-display-pair-form', 'ctl-displays-page table');
    expect(displays.b.y - (displays.a.y + displays.a.height)).toBeGreaterThanOrEqual(8);

    await page.goto(`${server.url}/#/events`);
    await settle(page);
    await page.locator('ctl-schedule-entries button.primary').click();
    const days = page.locator('ctl-schedule-entry-form input[name=weekday]');
    await days.first().waitFor();
    const tops = await days.evaluateAll((els) => els.map((e) => Math.round(e.getBoundingClientRect().top)));
    expect(new Set(tops).size).toBe(1);

    await page.goto(`${server.url}/#/print`);
    await settle(page);
    const percent = page.locator('ctl-print-jobs [data-testid=print-percent]').first();
    expect(await percent.textContent()).toBe('100\u00a0%');
    expect(await percent.evaluate((e) => e.getClientRects().length)).toBe(1);
    const caption = page.getByTestId('preview-caption');
    expect(await caption.textContent()).toContain('băng rôn');
    await page.getByTestId('artwork-backdrop').check();
    await expect.poll(() => caption.textContent()).toContain('phông hội trường');
    const title = page.locator('ctl-print-backdrop .title');
    await title.waitFor();
    const ratio = await title.evaluate((e) => parseFloat(getComputedStyle(e).lineHeight) / parseFloat(getComputedStyle(e).fontSize));
    expect(ratio).toBeGreaterThanOrEqual(1.5);
    await page.getByTestId('artwork-photo-panel').check();
    await expect.poll(() => caption.textContent()).toContain('pa nô ảnh');
    expect(errors).toEqual([]);
    await page.context().close();
  }, 180_000);
});
