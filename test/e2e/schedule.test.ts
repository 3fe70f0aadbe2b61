import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { signInThroughForm } from '../support/browser.js';
import { screenshot, useBrowserApp } from '../support/browser-app.js';
import { ADMIN_PASSWORD, USER_PASSWORD } from '../support/session.js';
import { TimelineSchema } from '../../server/protocol/timeline.js';

const app = useBrowserApp({ operator: ['van-hanh', ['operator']] });

/** Distinct colours in a canvas: a blank one has one. */
function inkColours(page: Page, selector: string): Promise<number> {
  return page.locator(selector).evaluate((canvas: HTMLCanvasElement) => {
    const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    const colours = new Set<number>();
    for (let i = 0; i < data.length; i += 4 * 97) colours.add((data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!);
    return colours.size;
  });
}

describe('the timeline, the editors and the overrides', () => {
  it('an operator jumps to 10/08/2020 and sees the lobby play a Đợt 2 item, drawn', async () => {
    const page = await app.browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await signInThroughForm(page, app.server.url, 'van-hanh', USER_PASSWORD);
    await page.locator('nav a[href="#/timeline"]').click();
    await page.locator('ctl-timeline-page button[data-jump="2020-08-10"]').click();
    await expect.poll(() => page.locator('ctl-timeline-page h2').nth(1).textContent()).toContain('10/08/2020 12:00');
    // The grid may still show the moment before the jump: wait for the jumped-to moment's caption.
    const figure = page.locator('ctl-preview-grid figure[data-zone=lobby]');
    await expect.poll(() => figure.getAttribute('data-caption')).toMatch(/Đợt 2/);
    const lobby = page.locator('ctl-preview-grid figure[data-zone=lobby] ctl-slide-preview[data-drawn]');
    await lobby.waitFor({ timeout: 20_000 });

    const at = '2020-08-10T05:00:00.000Z';
    const timeline = TimelineSchema.parse(await app.admin.json(`/api/zones/lobby/timeline?from=${encodeURIComponent(at)}&days=1`));
    const interval = timeline.intervals.find((i) => Date.parse(i.start) <= Date.parse(at) && Date.parse(at) < Date.parse(i.end))!;
    expect(await figure.getAttribute('data-caption')).toMatch(/Đợt 2/);
    expect(interval.playlist.map((p) => p.text)).toContain(await lobby.getAttribute('data-text'));
    expect(await inkColours(page, 'ctl-preview-grid figure[data-zone=lobby] ctl-slide-preview canvas')).toBeGreaterThan(8);
    expect(await page.locator('ctl-timeline-axis .lane[data-lane=lobby] .bar').count()).toBeGreaterThan(0);

    // The scrubber answers the keyboard: a day later is still the plan's time, shown dd/mm/yyyy.
    await page.locator('ctl-timeline-axis [data-testid=scrubber]').press('Shift+ArrowRight');
    await expect.poll(() => page.locator('ctl-timeline-page h2').nth(1).textContent()).toContain('11/08/2020 12:00');
    await screenshot(page, 'timeline');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('an operator moves the XXVI congress in the events editor; closing before opening is refused beside the field', async () => {
    const page = await app.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signInThroughForm(page, app.server.url, 'van-hanh', USER_PASSWORD);
    await page.locator('nav a[href="#/events"]').click();
    const row = page.locator('ctl-schedule-events tr[data-event=vpcp-congress-xxvi]');
    expect(await row.textContent()).toContain('ngày do người vận hành nhập');
    await row.locator('button').click();
    await row.locator('input[name=opens-date]').fill('09/09/2020');
    await row.locator('input[name=opens-time]').fill('08:00');
    await row.locator('input[name=closes-date]').fill('08/09/2020');
    await row.locator('input[name=closes-time]').fill('17:00');
    await row.locator('button[type=submit]').click();
    const fieldError = row.locator('ctl-schedule-when[name=closes] [data-field=closes]');
    await expect.poll(() => fieldError.textContent()).toContain('Thời điểm bế mạc phải sau thời điểm khai mạc');
    await screenshot(page, 'events-error');

    await row.locator('input[name=closes-date]').fill('10/09/2020');
    await row.locator('button[type=submit]').click();
    await expect.poll(() => row.locator('td[data-col=opens]').textContent()).toBe('09/09/2020 08:00');
    expect(await row.locator('td[data-col=closes]').textContent()).toBe('10/09/2020 17:00');
    const events = await app.admin.json<{ events: { id: string; opens: string }[] }>('/api/events');
    expect(events.events.find((e) => e.id === 'vpcp-congress-xxvi')!.opens).toBe('2020-09-09T08:00');
    await screenshot(page, 'events');
    await page.close();
  });

  it('the admin turns mourning on: every zone previews the mourning template now; then off', async () => {
    const page = await app.browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('dialog', (d) => void d.accept());
    await signInThroughForm(page, app.server.url, 'admin', ADMIN_PASSWORD);
    await page.locator('nav a[href="#/overrides"]').click();
    await page.locator('ctl-override-mourning [data-testid=mourning-on]').click();
    await page.locator('ctl-override-mourning .mourning-on').waitFor();
    await screenshot(page, 'overrides');

    await page.locator('nav a[href="#/timeline"]').click();
    const figures = page.locator('ctl-preview-grid figure');
    await expect.poll(async () => (await figures.count()) > 0 && (await page.locator('ctl-preview-grid ctl-slide-preview[data-template=mourning][data-drawn]').count()) === (await figures.count()), { timeout: 20_000 }).toBe(true);
    await screenshot(page, 'timeline-mourning');

    await page.locator('nav a[href="#/overrides"]').click();
    await page.locator('ctl-override-mourning [data-testid=mourning-off]').click();
    await expect.poll(() => page.locator('ctl-override-mourning [data-testid=mourning-status]').textContent()).toContain('Không có quốc tang');
    expect((await app.admin.json<{ mourning: unknown }>('/api/mourning')).mourning).toBeNull();
    await page.close();
  });
});
