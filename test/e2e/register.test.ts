import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../support/server.js';
import { launchChromium, signInThroughForm } from '../support/browser.js';
import { ADMIN_PASSWORD, loginAdmin, userWithRoles, USER_PASSWORD } from '../support/session.js';
import { SEED_APPROVER } from '../support/seed-approval.js';
import { openSqliteEngine, type Engine } from '../../server/db/engine.js';
import { ContentRepository } from '../../server/db/content-repository.js';

let server: TestServer;
let browser: Browser;
let engine: Engine;

beforeAll(async () => {
  server = await startTestServer();
  const admin = await loginAdmin(server.url);
  await userWithRoles(admin, 'van-hanh', ['operator']);
  await userWithRoles(admin, 'ban-tuyen-giao', ['approver']);
  browser = await launchChromium();
  engine = openSqliteEngine(server.dataDir, { synchronous: 'NORMAL' });
});
afterAll(async () => {
  await engine?.close();
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
const playable = async () => (await new ContentRepository(engine.db).listApprovedSlogans()).map((s) => s.text);

describe('the register in the control panel', () => {
  it('an operator proposes a slogan, an approver approves it with a reason, and it becomes playable', async () => {
    const operator = await signedIn('van-hanh');
    await operator.locator('ctl-register-page button[data-action=new]').click();
    await operator.locator('ctl-register-editor textarea[name=text]').fill(TEXT);
    await operator.locator('ctl-register-editor input[name=tags][value=emulation]').check();
    await operator.locator('ctl-register-editor input[name=celebratory][value=yes]').check();
    await operator.locator('ctl-register-editor input[name=places][value=lobby]').check();
    await operator.locator('ctl-register-editor button[data-action=propose]').click();

    const mine = operator.locator('ctl-register-item');
    await expect.poll(() => mine.locator('[data-testid=item-status]').textContent()).toBe('Nháp');
    // The preview is drawn by display/render on a canvas, with the same text, as the print draws it.
    const preview = mine.locator('ctl-register-preview ctl-print-preview[data-drawn]');
    await expect.poll(() => preview.getAttribute('data-drawn')).toBe(TEXT);
    // An operator sees no approve button, only submit.
    expect(await mine.locator('button[data-action=approve]').count()).toBe(0);
    await mine.locator('button[data-action=submit]').click();
    await expect.poll(() => mine.locator('[data-testid=item-status]').textContent()).toBe('Chờ duyệt');
    expect(await playable()).not.toContain(TEXT);

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
    expect(await playable()).toContain(TEXT);
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
    expect(await playable()).toContain(TEXT);
    await operator.close();
  });

  it('the approver previews the revision under review, named, beside the live one; whoever cannot approve is told why and who can', async () => {
    const operator = await signedIn('van-hanh');
    await operator.locator('ctl-register-page tr[data-item-id]', { hasText: TEXT }).click();
    const mine = operator.locator('ctl-register-item');
    await mine.locator('button[data-action=submit]').click();
    await expect.poll(() => mine.locator('[data-testid=pending-status]').textContent()).toContain('Chờ duyệt');
    // The operator submitted it: no approve button, and a sentence that names the approver.
    const why = mine.locator('[data-testid=why-no-approve]');
    await expect.poll(() => why.textContent()).toContain('Người dùng ban-tuyen-giao');
    expect(await why.textContent()).toContain('Duyệt nội dung');

    const approver = await signedIn('ban-tuyen-giao');
    await approver.locator('ctl-register-page tr[data-item-id]', { hasText: TEXT }).click();
    const item = approver.locator('ctl-register-item');
    const live = item.locator('ctl-register-preview figure[data-revision="1"]');
    const review = item.locator('ctl-register-preview figure[data-revision="2"]');
    await expect.poll(() => review.locator('ctl-print-preview').getAttribute('data-drawn')).toContain('thành công');
    expect(await live.locator('ctl-print-preview').getAttribute('data-drawn')).toBe(TEXT);
    expect(await review.locator('figcaption').textContent()).toContain('Bản 2 đang chờ duyệt');
    expect(await live.locator('figcaption').textContent()).toContain('Bản 1 đang dùng');
    expect(await item.locator('button[data-action=approve]').count()).toBe(1);

    // Every template a screen or the print can use, each drawn by display/render.
    const select = item.locator('ctl-register-preview select[name=template]');
    expect(await select.locator('option').evaluateAll((o) => o.map((e) => (e as HTMLOptionElement).value))).toEqual([
      'banner',
      'lobby-card',
      'gate-ticker',
      'backdrop',
      'mourning',
    ]);
    for (const template of ['lobby-card', 'gate-ticker', 'backdrop', 'mourning']) {
      await select.selectOption(template);
      const drawn = review.locator(`ctl-slide-preview[data-template=${template}][data-drawn]`);
      await expect.poll(() => drawn.getAttribute('data-text')).toContain('thành công');
    }
    await operator.close();
    await approver.close();
  });

  it('an approver who proposed an item is told the four-eyes rule; the admin is warned that one approver is not enough', async () => {
    // The approver who approved the shipped plan for these tests leaves: one approver remains.
    const adminApi = await loginAdmin(server.url);
    const { users } = await adminApi.json<{ users: { id: number; username: string }[] }>('/api/users');
    const seedApprover = users.find((u) => u.username === SEED_APPROVER)!;
    expect((await adminApi.patch(`/api/users/${seedApprover.id}`, { disabled: true })).status).toBe(200);
    const approver = await signedIn('ban-tuyen-giao');
    await approver.locator('ctl-register-page button[data-action=new]').click();
    await approver.locator('ctl-register-editor textarea[name=text]').fill('Mừng Đảng, mừng Xuân, mừng đất nước đổi mới');
    await approver.locator('ctl-register-editor input[name=celebratory][value=yes]').check();
    await approver.locator('ctl-register-editor button[data-action=propose]').click();
    const item = approver.locator('ctl-register-item');
    await item.locator('button[data-action=submit]').click();
    const why = item.locator('[data-testid=why-no-approve]');
    await expect.poll(() => why.textContent()).toContain('chưa có người nào khác duyệt được');
    expect(await why.textContent()).toContain('nguyên tắc bốn mắt');
    expect(await item.locator('button[data-action=approve]').count()).toBe(0);
    await approver.close();

    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const admin = await context.newPage();
    await signInThroughForm(admin, server.url, 'admin', ADMIN_PASSWORD);
    await admin.goto(`${server.url}/#/users`);
    await expect.poll(() => admin.locator('ctl-users-page [data-testid=few-approvers]').textContent()).toContain('Chỉ 1 người duyệt');
    // The admin's own row cannot take the approver role.
    expect(await admin.locator('ctl-users-page tr[data-user=admin] input[type=checkbox]').nth(1).isDisabled()).toBe(true);
    await context.close();
  });
});
