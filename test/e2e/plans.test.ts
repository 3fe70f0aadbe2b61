import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { signInThroughForm } from '../support/browser.js';
import { screenshot, useBrowserApp } from '../support/browser-app.js';
import { USER_PASSWORD } from '../support/session.js';
import { addDays, formatLocalDate, localToMs, msToLocal } from '../../control/time.js';
import type { Timeline } from '../../server/protocol/timeline.js';

const app = useBrowserApp({ writer: ['nguoi-viet', ['operator']], approver: ['nguoi-duyet', ['approver']] });

/** Each person in their own browser context (their own session), as on two desks; page errors fail the test. */
async function signedIn(username: string): Promise<{ page: Page; errors: string[] }> {
  const context = await app.browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('dialog', (d) => void d.accept());
  await signInThroughForm(page, app.server.url, username, USER_PASSWORD);
  return { page, errors };
}

// A plan dated around now, so that its first đợt is the current one and the second follows the
// congress it anchors to. Slogans carry stacked marks (Ẫ, Ễ, Ể, Ậ, Ỗ, ậ, ể).
const today = msToLocal(Date.now()).slice(0, 10);
const CONGRESS = 'Đại hội Chi bộ Phòng Thông tin lần thứ IV, nhiệm kỳ 2025 - 2030';
const congressOpens = `${addDays(today, 3)}T08:00`;
const congressCloses = `${addDays(today, 4)}T12:00`;
const SLOGAN_1 = 'Thi đua lập thành tích chào mừng Đại hội Chi bộ lần thứ IV — GƯƠNG MẪU, THỰC TIỄN, HIỆU QUẢ!';
const SLOGAN_2 = 'Nhiệt liệt chào mừng thành công Đại hội Chi bộ lần thứ IV — ĐỂ MỖI ĐẢNG VIÊN LÀ MỘT TẤM GƯƠNG, HỌC TẬP VÀ LÀM THEO!';

/** Fills one edge of a đợt: a date, or an event's opening or closing plus days. */
async function anchor(form: ReturnType<Page['locator']>, name: 'starts' | 'ends', edge: { date: string } | { edge: 'opens' | 'closes'; offset?: number }) {
  const a = form.locator(`ctl-schedule-anchor[name=${name}]`);
  if ('date' in edge) {
    await a.locator(`select[name=${name}-mode]`).selectOption('date');
    await a.locator(`input[name=${name}-date]`).fill(edge.date);
    return;
  }
  await a.locator(`select[name=${name}-mode]`).selectOption('event');
  await a.locator(`select[name=${name}-event]`).selectOption({ label: CONGRESS });
  await a.locator(`select[name=${name}-edge]`).selectOption(edge.edge);
  await a.locator(`input[name=${name}-offset]`).fill(String(edge.offset ?? 0));
}

describe('a new plan written in the panel reaches a screen in the right đợt', () => {
  it('an operator writes a plan (one event, two đợt, two slogans), an approver approves and activates it, a paired screen plays the current đợt', async () => {
    // --- The operator writes the plan from its document. ---
    const { page: writer, errors: writerErrors } = await signedIn('nguoi-viet');
    await writer.locator('nav a[href="#/plans"]').click();
    await writer.locator('ctl-plans-page button[data-action=new-plan]').click();
    const doc = writer.locator('ctl-plan-document-form form');
    await doc.locator('input[name=number]').fill('12-KH/CB');
    await doc.locator('input[name=issuedOn]').fill('31/02/2026');
    await doc.locator('input[name=place]').fill('Hà Nội');
    await doc.locator('input[name=issuer]').fill('Chi bộ Phòng Thông tin');
    await doc.locator('input[name=title]').fill(`Kế hoạch tuyên truyền ${CONGRESS}`);
    await doc.locator('input[name="signedBy.name"]').fill('Nguyễn Thị Yến');
    await doc.locator('input[name="signedBy.position"]').fill('T/M Chi ủy — Bí thư');
    await doc.locator('button[type=submit]').click();
    // A date that is not in the calendar is refused beside its field, in the user's words.
    await expect.poll(() => doc.locator('[data-field=issuedOn]').textContent()).toContain('dd/mm/yyyy');
    await doc.locator('input[name=issuedOn]').fill(formatLocalDate(today));
    await doc.locator('button[type=submit]').click();
    const detail = writer.locator('ctl-plan-detail');
    await expect.poll(() => detail.locator('h2').textContent()).toContain('12-KH/CB');
    expect(await detail.locator('[data-testid=plan-state]').textContent()).toBe('Bản nháp');

    // One event, dated by the operator.
    const events = detail.locator('ctl-plan-events');
    await events.locator('button[data-action=add-event]').click();
    const eventForm = events.locator('ctl-plan-event-form form');
    await eventForm.locator('input[name=name]').fill(CONGRESS);
    await eventForm.locator('select[name=kind]').selectOption({ label: 'Đại hội' });
    await eventForm.locator('input[name=opens-date]').fill(formatLocalDate(congressOpens.slice(0, 10)));
    await eventForm.locator('input[name=opens-time]').fill('08:00');
    await eventForm.locator('input[name=closes-date]').fill(formatLocalDate(congressCloses.slice(0, 10)));
    await eventForm.locator('input[name=closes-time]').fill('12:00');
    await eventForm.locator('select[name=dateSource]').selectOption({ label: 'Người vận hành nhập' });
    await eventForm.locator('button[type=submit]').click();
    const eventRow = events.locator(`tr[data-event-name="${CONGRESS}"]`);
    await expect.poll(() => eventRow.locator('td[data-col=opens]').textContent()).toBe(`${formatLocalDate(congressOpens.slice(0, 10))} 08:00`);
    expect(await eventRow.textContent()).toContain('Người vận hành nhập');

    // A section with two đợt: until the congress opens, then from its close for 30 days.
    const campaigns = detail.locator('ctl-plan-campaigns');
    await campaigns.locator('button[data-action=add-section]').click();
    const sectionForm = campaigns.locator('form[data-testid=section-form]');
    await sectionForm.locator('input[name=section]').fill('II.1');
    await sectionForm.locator('input[name=title]').fill(`Tuyên truyền ${CONGRESS}`);
    await sectionForm.locator('button[type=submit]').click();
    const section = campaigns.locator('section[data-section="II.1"]');
    await section.waitFor();

    await section.locator('button[data-action=add-phase]').click();
    let phaseForm = section.locator('ctl-plan-phase-form form');
    expect(await phaseForm.locator('input[name=title]').inputValue()).toBe('Đợt 1');
    await anchor(phaseForm, 'starts', { date: formatLocalDate(addDays(today, -7)) });
    await anchor(phaseForm, 'ends', { edge: 'opens' });
    await phaseForm.locator('button[type=submit]').click();
    await section.locator('tr[data-phase-title="Đợt 1"]').waitFor();

    await section.locator('button[data-action=add-phase]').click();
    phaseForm = section.locator('ctl-plan-phase-form form');
    expect(await phaseForm.locator('input[name=title]').inputValue()).toBe('Đợt 2');
    // An end before the start is refused beside the end.
    await anchor(phaseForm, 'starts', { edge: 'closes' });
    await anchor(phaseForm, 'ends', { edge: 'closes', offset: -5 });
    await phaseForm.locator('button[type=submit]').click();
    await expect.poll(() => phaseForm.locator('ctl-schedule-anchor[name=ends] [data-field=ends]').textContent()).toContain('Mốc kết thúc phải sau mốc bắt đầu');
    await anchor(phaseForm, 'ends', { edge: 'closes', offset: 30 });
    await phaseForm.locator('button[type=submit]').click();
    const phase2 = section.locator('tr[data-phase-title="Đợt 2"]');
    await expect.poll(() => phase2.locator('td[data-col=ends]').textContent()).toBe(`bế mạc ${CONGRESS} + 30 ngày`);
    expect(await phase2.locator('td[data-col=starts]').textContent()).toBe(`bế mạc ${CONGRESS}`);

    // The event cannot go while a đợt hangs on it: the refusal names the đợt.
    await eventRow.locator('button[data-action=delete]').click();
    const refusal = events.locator(`tr[data-refusal-for="${CONGRESS}"] ctl-refusal li`);
    await expect.poll(() => refusal.allTextContents()).toEqual([expect.stringContaining('II.1 Đợt 1'), expect.stringContaining('II.1 Đợt 2')]);

    // Two slogans proposed straight into their đợt: they enter the register awaiting approval.
    const items = detail.locator('ctl-plan-items');
    for (const [text, phase] of [[SLOGAN_1, 'II.1 Đợt 1'], [SLOGAN_2, 'II.1 Đợt 2']] as const) {
      await items.locator('button[data-action=propose]').click();
      const form = items.locator('form[data-testid=item-form]');
      await form.locator('select[name=where]').selectOption({ label: phase });
      await form.locator('textarea[name=text]').fill(text);
      await form.locator('input[name=tags][value=greeting]').check();
      // The celebratory nature must be stated: the form says so before it sends anything.
      await form.locator('button[type=submit]').click();
      await expect.poll(() => form.locator('[data-testid=celebratory] .error').textContent()).toContain('Hãy chọn Có hoặc Không');
      await form.locator('input[name=celebratory][value=yes]').check();
      await form.locator('button[type=submit]').click();
      await expect.poll(() => items.locator('tr', { hasText: text }).textContent()).toContain('Chờ duyệt');
      expect(await items.locator('tr', { hasText: text }).textContent()).toContain(phase);
    }
    // An operator cannot make a plan play.
    expect(await detail.locator('button[data-action=activate]').count()).toBe(0);
    await screenshot(writer, 'plan-written');
    expect(writerErrors).toEqual([]);

    // --- A second person, of the propaganda committee, approves the slogans and activates. ---
    const { page: approver, errors: approverErrors } = await signedIn('nguoi-duyet');
    for (const text of [SLOGAN_1, SLOGAN_2]) {
      const row = approver.locator('ctl-register-page tr[data-item-id]', { hasText: text });
      await row.click();
      const item = approver.locator('ctl-register-item');
      await item.locator('textarea[name=reason]').fill('Đúng Kế hoạch 12-KH/CB');
      await item.locator('button[data-action=approve]').click();
      await expect.poll(() => item.locator('[data-testid=item-status]').textContent()).toBe('Đã duyệt');
    }

    // The draft previewed on the timeline: the lobby would show the first đợt's slogan now.
    await approver.goto(`${app.server.url}/#/plans`);
    await approver.locator('ctl-plans-page tr[data-plan-number="12-KH/CB"] a').click();
    const approverDetail = approver.locator('ctl-plan-detail');
    await approverDetail.locator('a[data-action=preview]').click();
    await approver.locator('ctl-timeline-page [data-testid=draft-preview]').waitFor();
    const lobby = approver.locator('ctl-preview-grid figure[data-zone=lobby] ctl-slide-preview[data-drawn]');
    await expect.poll(() => lobby.getAttribute('data-text'), { timeout: 20_000 }).toBe(SLOGAN_1);
    await screenshot(approver, 'plan-draft-preview');

    await approver.goBack();
    await approverDetail.locator('button[data-action=activate]').click();
    await expect.poll(() => approverDetail.locator('[data-testid=plan-state]').textContent()).toBe('Đang thực hiện');
    expect(approverErrors).toEqual([]);

    // --- A lobby screen paired now plays the current đợt's slogan, and holds the next đợt's after the congress. ---
    const display = await app.browser.newPage({ viewport: { width: 1280, height: 720 } });
    await display.goto(`${app.server.url}/display/`);
    const codeEl = display.getByTestId('pairing-code');
    await expect.poll(() => codeEl.textContent(), { timeout: 15_000 }).toMatch(/^[A-HJ-NP-Z2-9]{3} [A-HJ-NP-Z2-9]{3}$/);
    const code = (await codeEl.textContent())!.replace(' ', '');
    const paired = await app.admin.post('/api/displays/pair', { code, name: 'Màn hình sảnh tầng 1', zoneId: 'lobby' });
    expect(paired.status).toBe(201);
    await display.waitForFunction((text) => window.pano?.screen === 'slide' && window.pano.showing?.text === text, SLOGAN_1, { timeout: 20_000 });

    const { timeline } = await display.evaluate(() => JSON.parse(localStorage.getItem('pano.timeline')!) as { timeline: Timeline });
    const playingAt = (local: string) => {
      const t = localToMs(local);
      return timeline.intervals.filter((i) => Date.parse(i.start) <= t && t < Date.parse(i.end)).flatMap((i) => i.playlist.map((p) => p.text));
    };
    expect(playingAt(msToLocal(Date.now()))).toContain(SLOGAN_1);
    expect(playingAt(msToLocal(Date.now()))).not.toContain(SLOGAN_2);
    const afterClose = msToLocal(localToMs(congressCloses) + 3_600_000);
    expect(playingAt(afterClose)).toContain(SLOGAN_2);
    expect(playingAt(afterClose)).not.toContain(SLOGAN_1);
    await display.close();

    // --- The plan's report: per đợt, dd/mm/yyyy, as a printable page and as CSV. ---
    await approver.goto(`${app.server.url}/#/plans`);
    await approver.locator('ctl-plans-page tr[data-plan-number="12-KH/CB"] a').click();
    await approverDetail.locator('a[data-action=report]').click();
    const report = approver.locator('ctl-plan-report-page [data-testid=plan-report]');
    await report.waitFor();
    expect(await report.locator('header').textContent()).toContain('12-KH/CB');
    const phaseRows = report.locator('table[data-table=phases] tbody tr');
    expect(await phaseRows.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-phase-label')))).toEqual(['II.1 Đợt 1', 'II.1 Đợt 2']);
    expect(await phaseRows.first().locator('td').nth(1).textContent()).toContain(formatLocalDate(addDays(today, -7)));
    const csvHref = await approver.locator('ctl-plan-report-page a[data-action=csv]').getAttribute('href');
    const csv = await approver.evaluate(async (href) => {
      const res = await fetch(href!);
      return { type: res.headers.get('content-type'), text: await res.text() };
    }, csvHref);
    expect(csv.type).toContain('text/csv');
    expect(csv.text.length).toBeGreaterThan(0);
    // Printed, the page carries the report alone: no panel header, navigation or controls.
    await approver.emulateMedia({ media: 'print' });
    expect(await approver.locator('ctl-app nav').isVisible()).toBe(false);
    expect(await approver.locator('ctl-plan-report-page form.range').isVisible()).toBe(false);
    expect(await report.isVisible()).toBe(true);
    await screenshot(approver, 'plan-report-print');

    // In English too, the plan speaks in names: its state, the kind and source of its event, its đợt's edges.
    await approver.emulateMedia({ media: 'screen' });
    await approver.locator('ctl-app header button', { hasText: 'English' }).click();
    await approver.locator('ctl-plan-report-page a', { hasText: 'Back to the plan' }).click();
    await expect.poll(() => approverDetail.locator('[data-testid=plan-state]').textContent()).toBe('Active');
    const enEvent = approverDetail.locator(`ctl-plan-events tr[data-event-name="${CONGRESS}"]`);
    expect(await enEvent.textContent()).toContain('Congress');
    expect(await enEvent.textContent()).toContain("Operator's entry");
    expect(await approverDetail.locator('ctl-plan-campaigns tr[data-phase-title="Đợt 2"] td[data-col=ends]').textContent()).toBe(`closing of ${CONGRESS} + 30 days`);
    await approver.locator('ctl-app header button', { hasText: 'Tiếng Việt' }).click();
    expect(approverErrors).toEqual([]);

    // The congress is postponed a day: the operator moves it in the active plan (a date, not a
    // name, so no approver is needed) and the đợt anchored to it follow.
    const laterClose = addDays(congressCloses.slice(0, 10), 1);
    await writer.reload();
    await eventRow.locator('button', { hasText: 'Sửa' }).click();
    const moveForm = events.locator('ctl-plan-event-form form');
    await moveForm.locator('input[name=opens-date]').fill(formatLocalDate(addDays(congressOpens.slice(0, 10), 1)));
    await moveForm.locator('input[name=closes-date]').fill(formatLocalDate(laterClose));
    await moveForm.locator('button[type=submit]').click();
    await expect.poll(() => eventRow.locator('td[data-col=closes]').textContent()).toBe(`${formatLocalDate(laterClose)} 12:00`);
    expect(writerErrors).toEqual([]);
    await writer.close();
    await approver.close();
  });
});
