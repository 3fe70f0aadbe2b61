/**
 * Issue 11 points 3 and 6, issue 12 B7: a user reads a .docx plan in the panel, corrects a slogan,
 * states a slogan's celebratory nature against Pano's guess, corrects a đợt's end, confirms,
 * activates the draft on the plans page, and sees its congress on Lịch phát and Sự kiện & đợt.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../support/server.js';
import { launchChromium, signInThroughForm } from '../support/browser.js';
import { loginAdmin, USER_PASSWORD, userWithRoles, type ApiClient } from '../support/session.js';
import { tablePlanDocx, TABLE_PLAN_SLOGANS } from '../fixtures/plans/table-plan-docx.js';
import { ItemListSchema, PlanListSchema } from '../../server/protocol/content.js';
import { PlanDetailSchema } from '../../server/protocol/plans.js';

let server: TestServer;
let browser: Browser;
let admin: ApiClient;
let dir: string;

/** Where to leave screenshots of the pages for a person to look at; unset: none are taken. */
const SHOTS = process.env.PANO_SCREENSHOTS;
const shot = async (page: Page, name: string) => {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
};

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchChromium();
  admin = await loginAdmin(server.url);
  // The person who reads, confirms and activates the plan in the browser.
  await userWithRoles(admin, 'ban-tuyen-giao', ['approver']);
  dir = mkdtempSync(path.join(os.tmpdir(), 'pano-plan-docx-'));
});
afterAll(async () => {
  await browser?.close();
  await server?.cleanup();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('reading a plan document in the panel', () => {
  it('an approver reads a .docx plan, corrects a slogan, a celebratory choice and a đợt\'s end, confirms, activates it, and sees its congress on the timeline and among the events', async () => {
    const file = path.join(dir, 'ke-hoach-07-KH-DU.docx');
    writeFileSync(file, await tablePlanDocx());
    const corrected = 'Đảng Cộng sản Việt Nam quang vinh muôn năm! Toàn Đảng, toàn dân thi đua lập thành tích!';

    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    // Activating a plan asks for confirmation.
    page.on('dialog', (d) => void d.accept());
    await signInThroughForm(page, server.url, 'ban-tuyen-giao', USER_PASSWORD);
    await page.locator('nav a[href="#/plan-reader"]').click();
    await page.locator('ctl-plan-reader-page input[type=file]').setInputFiles(file);
    await page.locator('ctl-plan-reader-page button[type=submit]').click();

    const review = page.locator('ctl-plan-reading-review');
    await review.waitFor();
    // The host's own textContent is empty: the review renders into its shadow root.
    const reviewText = () => review.evaluate((el) => el.shadowRoot!.textContent ?? '');
    // Every proposal beside the line it came from, dates as dd/mm/yyyy, no ids shown.
    const slogans = review.locator('[data-slogan]');
    await expect.poll(() => slogans.count()).toBe(4);
    expect(await review.locator('[data-field=number] input').inputValue()).toBe('07-KH/ĐU');
    expect(await review.locator('[data-field=issuedOn] input').inputValue()).toBe('02/09/2025');
    expect(await slogans.nth(2).locator('.source').textContent()).toContain('Thi đua lập thành tích chào mừng thành công Đại hội đại biểu Đảng bộ Sở Thử nghiệm lần thứ V!');
    expect(await slogans.nth(2).locator('textarea').inputValue()).toBe(TABLE_PLAN_SLOGANS[2]);
    expect(await review.locator('[data-event="0"]').textContent()).toContain('14/10/2025 00:00');
    expect(await reviewText()).not.toMatch(/07-kh-du-|operator-entry|congress|celebratory/);

    // Each slogan's celebratory nature, pre-filled from Pano's guess and said to be one.
    const chosen = (i: number) => slogans.nth(i).locator('[data-celebratory] input:checked').getAttribute('value');
    expect([await chosen(0), await chosen(1), await chosen(2), await chosen(3)]).toEqual(['yes', 'yes', 'yes', 'no']);
    expect(await slogans.nth(3).locator('[data-celebratory]').textContent()).toContain('Pano đoán: Không');
    expect(await reviewText()).toContain('Khi có quốc tang, mọi mục “Có” được gỡ khỏi tất cả màn hình.');

    // Đợt 2 runs while the congress sits; the operator makes it end three days after the close.
    const dot2 = review.locator('[data-phase="0-1"]');
    expect(await dot2.textContent()).toMatch(/Từ khai mạc Đại hội đại biểu Đảng bộ Sở Thử nghiệm lần thứ V\s+đến bế mạc Đại hội đại biểu Đảng bộ Sở Thử nghiệm lần thứ V\s/);
    await dot2.locator('button[data-edit-time]').click();
    const ends = dot2.locator('ctl-schedule-anchor[name=ends]');
    expect(await ends.locator('select[name=ends-edge]').inputValue()).toBe('closes');
    // The editor is the panel's own: a national day may anchor a đợt too; this one stays on the congress.
    const starts = dot2.locator('ctl-schedule-anchor[name=starts]');
    await starts.locator('select[name=starts-mode]').selectOption('national');
    expect(await starts.locator('select[name=starts-national-day] option').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('Tết Nguyên đán')]));
    await starts.locator('select[name=starts-mode]').selectOption('event');
    await ends.locator('input[name=ends-offset]').fill('3');
    await dot2.locator('button[data-apply-time]').click();
    await expect.poll(() => dot2.textContent()).toContain('đến bế mạc Đại hội đại biểu Đảng bộ Sở Thử nghiệm lần thứ V + 3 ngày');

    // A slogan added by hand has no guess: confirming waits until its nature is chosen (here, it is dropped again).
    await review.locator('button[data-add-slogan]').click();
    await expect.poll(() => slogans.count()).toBe(5);
    expect(await slogans.nth(4).locator('[data-celebratory] input:checked').count()).toBe(0);
    expect(await slogans.nth(4).locator('[data-celebratory]').textContent()).toContain('Thêm tay: cần chọn');
    expect(await review.locator('.gaps').textContent()).toContain('Khẩu hiệu thứ 5 chưa chọn có tính chất mừng, cổ vũ hay không');
    expect(await review.locator('button[data-confirm]').isDisabled()).toBe(true);
    await slogans.nth(4).locator('button.drop').click();
    await expect.poll(() => slogans.count()).toBe(4);

    await shot(page, 'plan-reader-review');
    await slogans.nth(1).locator('textarea').fill(corrected);
    await slogans.nth(3).locator('[data-celebratory] input[value=yes]').check();
    await review.locator('button[data-confirm]').click();
    const done = page.locator('ctl-plan-reader-page [data-imported]');
    await expect.poll(() => done.textContent()).toContain('07-KH/ĐU');
    expect(await done.textContent()).toContain('4 khẩu hiệu');

    const items = ItemListSchema.parse(await admin.json('/api/items?source=07-KH%2F%C4%90U')).items;
    expect(items.map((i) => [i.status, i.latest.text])).toEqual([
      ['submitted', TABLE_PLAN_SLOGANS[0]],
      ['submitted', corrected],
      ['submitted', TABLE_PLAN_SLOGANS[2]],
      ['submitted', TABLE_PLAN_SLOGANS[3]],
    ]);
    // What the operator chose, the last slogan's "Có" included, not the guess.
    expect(items.map((i) => i.celebratory)).toEqual([true, true, true, true]);

    const id = PlanListSchema.parse(await admin.json('/api/plans')).plans.find((p) => p.number === '07-KH/ĐU')!.id;
    const detail = PlanDetailSchema.parse(await admin.json(`/api/plans/${id}`));
    const congress = detail.events.find((e) => e.name === 'Đại hội đại biểu Đảng bộ Sở Thử nghiệm lần thứ V')!;
    expect(detail.campaigns[0]!.phases.map((p) => [p.label, p.starts, p.ends])).toEqual([
      [expect.stringContaining('Đợt 1'), expect.anything(), { event: congress.id, edge: 'opens' }],
      [expect.stringContaining('Đợt 2'), { event: congress.id, edge: 'opens' }, { event: congress.id, edge: 'closes', offsetDays: 3 }],
    ]);

    // The plan arrives as a draft; the approver activates it on the plans page.
    await page.locator('nav a[href="#/plans"]').click();
    await page.locator('ctl-plans-page tr[data-plan-number="07-KH/ĐU"] a').click();
    const planDetail = page.locator('ctl-plan-detail');
    await planDetail.locator('button[data-action=activate]').click();
    await expect.poll(() => planDetail.locator('[data-testid=plan-state]').textContent()).toBe('Đang thực hiện');

    // Lịch phát draws the congress on its axis at its dates.
    await page.locator('nav a[href="#/timeline"]').click();
    const at = page.locator('ctl-timeline-page form[data-testid=at-form]');
    await at.locator('input[name=date]').fill('15/10/2025');
    await at.locator('input[name=time]').fill('12:00');
    await at.locator('button[type=submit]').click();
    const eventBars = page.locator('ctl-timeline-axis .lane[data-lane="Sự kiện"] .bar');
    await expect.poll(() => eventBars.allTextContents()).toContain('Đại hội đại biểu Đảng bộ Sở Thử nghiệm lần thứ V');
    await shot(page, 'plan-reader-timeline');

    await page.locator('nav a[href="#/events"]').click();
    const events = page.locator('ctl-schedule-events table');
    // The seed plan's events are listed; the new plan's congress must be among them.
    await expect.poll(() => events.textContent()).toContain('Đại hội đại biểu toàn quốc lần thứ XIII');
    await expect.poll(() => events.textContent()).toContain('Đại hội đại biểu Đảng bộ Sở Thử nghiệm lần thứ V');
    expect(errors).toEqual([]);
    await page.close();
  });
});
