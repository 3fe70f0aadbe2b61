/** The national calendar in the panel: the admin adds the agency's day; an operator schedules “10 days before Tết, every year”. */
import { describe, expect, it } from 'vitest';
import { signInThroughForm } from '../support/browser.js';
import { screenshot, useBrowserApp } from '../support/browser-app.js';
import { ADMIN_PASSWORD, USER_PASSWORD } from '../support/session.js';
import type { NationalDayView } from '../../server/protocol/national-calendar.js';
import type { ScheduleView } from '../../server/protocol/schedule.js';

const app = useBrowserApp({ operator: ['van-hanh', ['operator']] });

const ddmmyyyy = (d: string) => `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;

describe('the national calendar in the panel', () => {
  it('the admin adds the agency’s founding day by name and date; 30 âm lịch is refused beside the field', async () => {
    const page = await app.browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await signInThroughForm(page, app.server.url, 'admin', ADMIN_PASSWORD);
    await page.locator('nav a[href="#/events"]').click();
    const calendar = page.locator('ctl-national-days');
    const tet = calendar.locator('tr[data-day=tet-nguyen-dan]');
    expect(await tet.textContent()).toContain('1/1 âm lịch');
    const tetDates = (await app.admin.json<{ days: NationalDayView[] }>('/api/national-days')).days.find((d) => d.id === 'tet-nguyen-dan')!.dates;
    const today = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);
    expect(await tet.textContent()).toContain(ddmmyyyy(tetDates.find((d) => d.date >= today)!.date));

    await calendar.getByRole('button', { name: 'Thêm ngày của cơ quan' }).click();
    const form = calendar.locator('form');
    await form.locator('input[name=nameVi]').fill('Ngày Tất niên của cơ quan');
    await form.locator('select[name=calendar]').selectOption('lunar');
    await form.locator('input[name=day]').fill('30');
    await form.locator('input[name=month]').fill('12');
    await form.locator('button[type=submit]').click();
    await expect.poll(() => form.locator('[data-field="body.day"]').textContent()).toContain('Ngày 30 âm lịch không có mỗi năm');

    await form.locator('input[name=nameVi]').fill('Ngày truyền thống Văn phòng Chính phủ');
    await form.locator('input[name=nameEn]').fill('Government Office Tradition Day');
    await form.locator('select[name=calendar]').selectOption('solar');
    await form.locator('input[name=day]').fill('28');
    await form.locator('input[name=month]').fill('8');
    await form.locator('button[type=submit]').click();
    const row = calendar.locator('tr', { hasText: 'Ngày truyền thống Văn phòng Chính phủ' });
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.textContent()).toContain('28/8');
    expect(await row.textContent()).not.toContain('ngay-truyen-thong');
    const stored = (await app.admin.json<{ days: NationalDayView[] }>('/api/national-days')).days.find((d) => d.nameVi === 'Ngày truyền thống Văn phòng Chính phủ')!;
    expect(stored).toMatchObject({ calendar: 'solar', month: 8, day: 28, nameEn: 'Government Office Tradition Day', builtIn: false });
    await calendar.scrollIntoViewIfNeeded();
    await screenshot(page, 'national-days');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('an operator schedules “the 10 days before Tết, every year” in the schedule form', async () => {
    const page = await app.browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await signInThroughForm(page, app.server.url, 'van-hanh', USER_PASSWORD);
    await page.locator('nav a[href="#/events"]').click();
    const entries = page.locator('ctl-schedule-entries');
    await entries.getByRole('button', { name: 'Thêm lịch phát' }).click();
    const form = entries.locator('ctl-schedule-entry-form form');
    await form.locator('input[name=name]').fill('Mười ngày trước Tết');
    await form.locator('input[name=item]').first().check();
    await form.locator('select[name=yearly-day]').selectOption('tet-nguyen-dan');
    await form.locator('input[name=yearly-offset]').fill('-10');
    await form.locator('input[name=yearly-days]').fill('10');
    await form.locator('button[type=submit]').click();
    const row = entries.locator('tr', { hasText: 'Mười ngày trước Tết' });
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.textContent()).toContain('10 ngày trước Tết Nguyên đán (1/1 âm lịch), 10 ngày, hằng năm');
    await screenshot(page, 'schedule-yearly');
    const { schedules } = await app.admin.json<{ schedules: ScheduleView[] }>('/api/schedules');
    expect(schedules.find((s) => s.name === 'Mười ngày trước Tết')!.recurring).toEqual({ nationalDay: 'tet-nguyen-dan', offsetDays: -10, days: 10 });
    expect(errors).toEqual([]);
    await page.close();
  });
});
