import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../support/server.js';
import { launchChromium, signInThroughForm } from '../support/browser.js';
import { loginAdmin, userWithRoles, USER_PASSWORD } from '../support/session.js';
import { openDatabase, type Db } from '../../server/db/database.js';
import { ContentRepository } from '../../server/db/content-repository.js';

let server: TestServer;
let browser: Browser;
let db: Db;

beforeAll(async () => {
  server = await startTestServer();
  const admin = await loginAdmin(server.url);
  await userWithRoles(admin, 'van-hanh', ['operator']);
  await userWithRoles(admin, 'ban-tuyen-giao', ['approver']);
  browser = await launchChromium();
  db = openDatabase(server.dataDir, { synchronous: 'NORMAL' });
});
afterAll(async () => {
  db?.close();
  await browser?.close();
  await server?.cleanup();
});

/** Each person in their own browser context: their own session cookie, as on two desks. */
async function signedIn(username: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('close', () => expect(errors).toEqual([]));
  await signInThroughForm(page, server.url, username, USER_PASSWORD);
  await page.locator('ctl-register-page tr[data-item-id]').first().waitFor();
  return page;
}

const TEXT = 'Toàn Đảng bộ Văn phòng Chính phủ thi đua chào mừng Đại hội XIII';
const playable = () => new ContentRepository(db).listApprovedSlogans().map((s) => s.text);

describe('the register in the control panel', () => {
  it('an operator proposes a slogan, an approver approves it with a reason, and it becomes playable', async () => {
    const operator = await signedIn('van-hanh');
    await operator.locator('ctl-register-page button[data-action=new]').click();
    await operator.locator('ctl-register-editor textarea[name=text]').fill(TEXT);
    await operator.locator('ctl-register-editor input[name=tags][value=emulation]').check();
    await operator.locator('ctl-register-editor input[name=places][value=lobby]').check();
    await operator.locator('ctl-register-editor button[data-action=propose]').click();

    const mine = operator.locator('ctl-register-item');
    await expect.poll(() => mine.locator('[data-testid=item-status]').textContent()).toBe('Nháp');
    // The preview is drawn by display/render on a canvas, with the same text.
    const preview = mine.locator('ctl-register-preview ctl-slide-preview[data-drawn]');
    await expect.poll(() => preview.getAttribute('data-text')).toBe(TEXT);
    // An operator sees no approve button, only submit.
    expect(await mine.locator('button[data-action=approve]').count()).toBe(0);
    await mine.locator('button[data-action=submit]').click();
    await expect.poll(() => mine.locator('[data-testid=item-status]').textContent()).toBe('Chờ duyệt');
    expect(playable()).not.toContain(TEXT);

    const approver = await signedIn('ban-tuyen-giao');
    await approver.locator('ctl-register-page select[name=status]').selectOption('submitted');
    const row = approver.locator('ctl-register-page tr[data-item-id]', { hasText: TEXT });
    await expect.poll(() => approver.locator('ctl-register-page tr[data-item-id]').count()).toBe(1);
    await row.click();
    const item = approver.locator('ctl-register-item');
    await item.locator('textarea[name=reason]').fill('Phù hợp Kế hoạch 38-KH/ĐU, đợt 3');
    await item.locator('button[data-action=approve]').click();
    await expect.poll(() => item.locator('[data-testid=item-status]').textContent()).toBe('Đã duyệt');
    expect(await item.locator('[data-testid=approved-text]').textContent()).toBe(TEXT);
    expect(await item.locator('tr[data-decision=approve]').textContent()).toContain('Phù hợp Kế hoạch 38-KH/ĐU, đợt 3');

    // Playable: in the approved view the timeline compiler and print read.
    expect(playable()).toContain(TEXT);
    // And the operator's panel follows live, without a reload.
    await expect.poll(() => mine.locator('[data-testid=item-status]').textContent(), { timeout: 10_000 }).toBe('Đã duyệt');
    await operator.close();
    await approver.close();
  });

  it('an edit of approved text is shown side by side, word by word, while the approved text stays', async () => {
    const operator = await signedIn('van-hanh');
    await operator.locator('ctl-register-page tr[data-item-id]', { hasText: TEXT }).click();
    const item = operator.locator('ctl-register-item');
    await item.locator('textarea[name=text]').fill(TEXT.replace('thi đua chào mừng', 'thi đua chào mừng thành công'));
    await item.locator('button[data-action=revise]').click();
    await expect.poll(() => item.locator('[data-testid=pending-status]').textContent()).toContain('Bản sửa 2');
    expect(await item.locator('[data-testid=item-status]').textContent()).toBe('Đã duyệt');
    expect(await item.locator('ctl-register-diff mark.added').allTextContents()).toEqual(['thành công ']);
    expect(await item.locator('ctl-register-diff mark.removed').count()).toBe(0);
    expect(await item.locator('[data-testid=approved-text]').textContent()).toBe(TEXT);
    expect(playable()).toContain(TEXT);
    await operator.close();
  });
});
