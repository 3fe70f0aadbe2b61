import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { PlanReport, ReportPrintRow, ReportRow } from '../../../server/protocol/plans.js';
import { ARTWORKS, type Artwork } from '../../../server/protocol/print.js';
import { fetchPlanReport, planReportCsvUrl } from '../../data/plans.js';
import { problemOf } from '../../field-errors.js';
import { artworkNames, defineMessages, formatInstant, type Locale } from '../../i18n.js';
import { durationInWords } from '../../plan-words.js';
import { formatLocalDate, parseDayMonthYear } from '../../time.js';
import { sharedStyles } from '../shared-styles.js';

const messages = defineMessages(
  {
    heading: 'BÁO CÁO KẾT QUẢ THỰC HIỆN KẾ HOẠCH', number: 'Kế hoạch số', period: 'Thời gian báo cáo', whole: 'toàn bộ thời gian đã ghi nhận',
    generated: 'Lập lúc', from: 'Từ ngày', until: 'Đến hết ngày', show: 'Xem báo cáo', csv: 'Tải CSV', print: 'In báo cáo', back: '← Về kế hoạch',
    badDate: 'Ngày theo dạng dd/mm/yyyy, ví dụ 03/02/2020', badRange: '"Từ ngày" phải trước hoặc bằng "Đến hết ngày".',
    loading: 'Đang tải…', failed: 'Không tải được báo cáo', noPlan: 'Chọn một kế hoạch ở trang Kế hoạch.',
    byPhase: '1. Kết quả theo đợt', phase: 'Đợt', window: 'Thời gian', shows: 'Lượt hiển thị', time: 'Thời lượng hiển thị', printed: 'Băng rôn, phông đã in',
    byItem: '2. Kết quả theo nội dung', item: 'Nội dung', zones: 'Số khu vực',
    detail: '3. Chi tiết từng đợt: đã hiển thị ở đâu, bao lâu', zone: 'Khu vực', displays: 'Số màn hình', first: 'Lần đầu', last: 'Lần cuối',
    prints: 'Đã in trong đợt', artwork: 'Loại', size: 'Khổ', jobs: 'Lệnh in', pieces: 'Số tệp in', lastPrinted: 'In lần cuối',
    outside: 'Ngoài các đợt của kế hoạch', nothingShown: 'Không có nội dung nào được hiển thị.', nothingPrinted: 'Không in gì.',
    openEnded: 'chưa định', unknown: 'chưa xác định', to: 'đến', total: 'Tổng cộng', otherArtwork: 'Ấn phẩm khác', noItem: '—',
    kind: 'Loại nội dung', slogan: 'Khẩu hiệu', message: 'Thông điệp', picture: 'Ảnh', clip: 'Đoạn phim',
  },
  {
    heading: 'REPORT ON CARRYING OUT THE PLAN', number: 'Plan no.', period: 'Period', whole: 'everything on record',
    generated: 'Generated', from: 'From', until: 'Until (inclusive)', show: 'Show report', csv: 'Download CSV', print: 'Print', back: '← Back to the plan',
    badDate: 'Dates as dd/mm/yyyy, e.g. 03/02/2020', badRange: '"From" must be on or before "Until".',
    loading: 'Loading…', failed: 'Could not load the report', noPlan: 'Pick a plan on the Plans page.',
    byPhase: '1. By phase', phase: 'Phase', window: 'Period', shows: 'Showings', time: 'Time on screen', printed: 'Banners and backdrops printed',
    byItem: '2. By item', item: 'Item', zones: 'Zones',
    detail: '3. Each phase in detail: where it was shown and for how long', zone: 'Zone', displays: 'Screens', first: 'First shown', last: 'Last shown',
    prints: 'Printed during the phase', artwork: 'Kind', size: 'Size', jobs: 'Print jobs', pieces: 'Files', lastPrinted: 'Last printed',
    outside: 'Outside the phases of the plan', nothingShown: 'Nothing was shown.', nothingPrinted: 'Nothing printed.',
    openEnded: 'not set', unknown: 'unknown', to: 'to', total: 'Total', otherArtwork: 'Other artwork', noItem: '—',
    kind: 'Kind of item', slogan: 'Slogan', message: 'Message', picture: 'Picture', clip: 'Clip',
  },
);

const metres = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 2 });
const count = new Intl.NumberFormat('vi-VN');
const localDay = (local: string | null) => (local ? formatLocalDate(local.slice(0, 10)) : null);

/**
 * The report a plan asks for at its end (point 5): per đợt and per item, what was shown where and
 * for how long (from proof of play), and the banners and backdrops printed in each đợt; as a page
 * to print (Vietnamese, dd/mm/yyyy) and as CSV.
 */
@customElement('ctl-plan-report-page')
export class CtlPlanReportPage extends LitElement {
  @property({ attribute: false }) locale: Locale = 'vi';
  @property({ type: Number }) planId = 0;
  @state() private _fromText = '';
  @state() private _untilText = '';
  /** The range of the report on screen: the CSV link downloads exactly that. */
  @state() private _range: { from?: string; until?: string } = {};
  @state() private _report: PlanReport | undefined;
  @state() private _error: string | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load({});
  }

  private async load(range: { from?: string; until?: string }): Promise<void> {
    if (!this.planId) return;
    try {
      this._report = await fetchPlanReport(this.planId, range);
      this._range = range;
      this._error = undefined;
    } catch (err) {
      this._error = `${messages(this.locale).failed}: ${problemOf(err).message}`;
    }
  }

  private submit(ev: SubmitEvent): void {
    ev.preventDefault();
    const m = messages(this.locale);
    const [fromText, untilText] = [this._fromText.trim(), this._untilText.trim()];
    const from = fromText ? parseDayMonthYear(fromText) : undefined;
    const until = untilText ? parseDayMonthYear(untilText) : undefined;
    if (from === null || until === null) return void (this._error = m.badDate);
    if (from && until && from > until) return void (this._error = m.badRange);
    void this.load({ ...(from ? { from } : {}), ...(until ? { until } : {}) });
  }

  private artwork(name: string): string {
    return (ARTWORKS as readonly string[]).includes(name) ? artworkNames(this.locale)[name as Artwork] : messages(this.locale).otherArtwork;
  }

  override render() {
    const m = messages(this.locale);
    if (!this.planId) return html`<p class="muted">${m.noPlan}</p>`;
    const r = this._report;
    return html`
      <div class="no-print controls">
        <a href="#/plans?plan=${this.planId}">${m.back}</a>
        <form class="range" @submit=${this.submit}>
          <label>${m.from}<input name="from" inputmode="numeric" placeholder="dd/mm/yyyy" size="10" .value=${this._fromText}
            @input=${(e: Event) => (this._fromText = (e.target as HTMLInputElement).value)} /></label>
          <label>${m.until}<input name="until" inputmode="numeric" placeholder="dd/mm/yyyy" size="10" .value=${this._untilText}
            @input=${(e: Event) => (this._untilText = (e.target as HTMLInputElement).value)} /></label>
          <button type="submit" class="primary">${m.show}</button>
          <a class="button" data-action="csv" href=${planReportCsvUrl(this.planId, this._range)} download>${m.csv}</a>
          <button type="button" data-action="print" @click=${() => window.print()}>${m.print}</button>
        </form>
      </div>
      ${this._error ? html`<p class="error" role="alert">${this._error}</p>` : ''}
      ${r ? this.renderReport(r) : this._error ? '' : html`<p class="muted">${m.loading}</p>`}
    `;
  }

  private renderReport(r: PlanReport) {
    const m = messages(this.locale);
    const period = r.from || r.until ? `${r.from ? formatLocalDate(r.from) : '…'} ${m.to} ${r.until ? formatLocalDate(r.until) : '…'}` : m.whole;
    const phases = [...r.phases.map((p) => ({ id: p.id as string | null, label: p.label })), { id: null, label: m.outside }];
    return html`
      <article data-testid="plan-report">
        <header>
          <h2>${m.heading}</h2>
          <p class="plan">${m.number} ${r.plan.number} — ${r.plan.title}</p>
          <p class="muted">${r.plan.issuer}. ${m.period}: ${period}. ${m.generated}: ${formatInstant(r.generatedAt)}</p>
        </header>

        <h3>${m.byPhase}</h3>
        <table data-table="phases">
          <thead><tr><th>${m.phase}</th><th>${m.window}</th><th class="num">${m.shows}</th><th class="num">${m.time}</th><th class="num">${m.printed}</th></tr></thead>
          <tbody>${r.phases.map(
            (p) => html`<tr data-phase-label=${p.label}>
              <td>${p.label}</td>
              <td>${localDay(p.starts) ?? m.unknown} ${m.to} ${p.ends ? localDay(p.ends) : m.openEnded}</td>
              <td class="num" data-col="shows">${count.format(p.shows)}</td>
              <td class="num" data-col="time">${durationInWords(p.seconds, this.locale)}</td>
              <td class="num" data-col="printed">${count.format(p.printed)}</td>
            </tr>`,
          )}</tbody>
        </table>

        <h3>${m.byItem}</h3>
        ${r.items.length ? this.renderItems(r) : html`<p class="muted">${m.nothingShown}</p>`}

        <h3>${m.detail}</h3>
        ${phases.map(({ id, label }) => this.renderPhase(label, r.shown.filter((s) => s.phaseId === id), r.printed.filter((p) => p.phaseId === id), id === null))}
      </article>
    `;
  }

  private renderItems(r: PlanReport) {
    const m = messages(this.locale);
    return html`
      <table data-table="items">
        <thead><tr><th>${m.item}</th><th>${m.kind}</th><th class="num">${m.shows}</th><th class="num">${m.time}</th><th class="num">${m.zones}</th></tr></thead>
        <tbody>${r.items.map(
          (i) => html`<tr data-item-text=${i.text} data-kind=${i.kind}>
            <td class="text">${i.text}</td>
            <td>${m[i.kind]}</td>
            <td class="num" data-col="shows">${count.format(i.shows)}</td>
            <td class="num" data-col="time">${durationInWords(i.seconds, this.locale)}</td>
            <td class="num">${i.zones}</td>
          </tr>`,
        )}</tbody>
      </table>
    `;
  }

  /** One đợt: what was shown where and for how long, then what was printed. The rest-of-time block is left out when empty. */
  private renderPhase(label: string, shown: ReportRow[], printed: ReportPrintRow[], optional: boolean) {
    const m = messages(this.locale);
    if (optional && !shown.length && !printed.length) return '';
    return html`<section class="phase" data-phase=${label}>
      <h4>${label}</h4>
      ${shown.length
        ? html`<table data-table="shown">
            <thead><tr><th>${m.item}</th><th>${m.kind}</th><th>${m.zone}</th><th class="num">${m.displays}</th><th class="num">${m.shows}</th><th class="num">${m.time}</th><th>${m.first}</th><th>${m.last}</th></tr></thead>
            <tbody>${shown.map(
              (s) => html`<tr data-item-text=${s.itemText} data-zone=${s.zoneName}>
                <td class="text">${s.itemText}</td><td>${m[s.itemKind]}</td><td>${s.zoneName}</td><td class="num">${s.displays}</td><td class="num">${count.format(s.shows)}</td>
                <td class="num">${durationInWords(s.seconds, this.locale)}</td><td>${formatInstant(s.firstShown)}</td><td>${formatInstant(s.lastShown)}</td>
              </tr>`,
            )}</tbody>
          </table>`
        : html`<p class="muted">${m.nothingShown}</p>`}
      <h5>${m.prints}</h5>
      ${printed.length
        ? html`<table data-table="printed">
            <thead><tr><th>${m.artwork}</th><th>${m.item}</th><th>${m.size}</th><th class="num">${m.jobs}</th><th class="num">${m.pieces}</th><th>${m.lastPrinted}</th></tr></thead>
            <tbody>${printed.map(
              (p) => html`<tr>
                <td>${this.artwork(p.artwork)}</td><td class="text">${p.itemText || m.noItem}</td>
                <td>${p.widthMm && p.heightMm ? `${metres.format(p.widthMm / 1000)} m × ${metres.format(p.heightMm / 1000)} m` : m.noItem}</td>
                <td class="num">${p.jobs}</td><td class="num">${p.pieces}</td><td>${formatInstant(p.lastPrinted)}</td>
              </tr>`,
            )}</tbody>
          </table>`
        : html`<p class="muted">${m.nothingPrinted}</p>`}
    </section>`;
  }

  static override styles = [
    sharedStyles,
    css`
      .controls { display: flex; gap: 16px; align-items: center; flex-wrap: wrap; margin: 8px 0 16px; }
      form.range { display: flex; gap: 8px; align-items: end; max-width: none; padding: 10px 12px; }
      a.button { padding: 8px 14px; border-radius: var(--pano-radius); border: 1px solid var(--pano-line); background: #fff; color: var(--pano-ink); text-decoration: none; }
      header { text-align: center; margin-bottom: 16px; }
      header h2 { margin-bottom: 4px; }
      .plan { font-weight: 500; margin: 4px 0; }
      h3 { font-size: 1rem; margin: 24px 0 8px; }
      h4 { font-size: 0.95rem; margin: 16px 0 6px; }
      h5 { font-size: 0.85rem; margin: 10px 0 4px; color: var(--pano-muted); font-weight: 500; }
      .num { text-align: right; white-space: nowrap; }
      td.text { max-width: 36em; }
      @media print {
        .no-print { display: none; }
        :host { color: #000; font-size: 11pt; }
        table { background: none; }
        th, td { border-bottom: 0.5pt solid #999; padding: 3pt 6pt; }
        th { color: #000; }
        section.phase, tr { break-inside: avoid; }
        h3, h4 { break-after: avoid; }
        .muted { color: #333; }
      }
    `,
  ];
}

declare global {
  interface HTMLElementTagNameMap {
    'ctl-plan-report-page': CtlPlanReportPage;
  }
}
