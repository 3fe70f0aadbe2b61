import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { User } from '../../server/protocol/auth.js';
import type { ProofReport } from '../../server/protocol/displays.js';
import { ApiError } from '../data/http.js';
import {
  PROOF_GROUPINGS,
  dayRange,
  formatHours,
  groupProof,
  proofReport,
  proofReportCsvUrl,
  proofTotal,
  type ProofGrouping,
  type ProofLine,
} from '../data/proof.js';
import { defineMessages, formatInstant, type Locale } from '../i18n.js';
import { addDays, formatLocalDate, msToLocal, parseDayMonthYear } from '../time.js';
import { sharedStyles } from './shared-styles.js';

const messages = defineMessages(
  {
    heading: 'Báo cáo phát',
    lead: 'Nội dung đã thực sự lên màn hình: số giờ hiển thị, số màn hình, lần đầu và lần cuối, theo giờ Hà Nội.',
    from: 'Từ ngày',
    to: 'Đến hết ngày',
    groupBy: 'Gộp theo',
    show: 'Xem báo cáo',
    csv: 'Tải CSV',
    badDate: 'Ngày theo dạng dd/mm/yyyy, ví dụ 03/02/2020',
    badRange: '"Từ ngày" phải trước hoặc bằng "Đến hết ngày".',
    loading: 'Đang tải…',
    empty: 'Không có lượt phát nào trong khoảng thời gian này.',
    campaign: 'Kế hoạch',
    phase: 'Đợt',
    zone: 'Khu vực',
    item: 'Nội dung',
    hours: 'Số giờ hiển thị',
    screens: 'Số màn hình',
    first: 'Lần đầu',
    last: 'Lần cuối',
    mismatches: 'Sai lệch nội dung',
    total: 'Tổng cộng',
    hoursUnit: 'giờ',
    noCampaign: '(ngoài kế hoạch)',
    noPhase: '—',
    screensNote: 'Khi gộp, "Số màn hình" là số của dòng chi tiết nhiều màn hình nhất (một màn hình phát nhiều nội dung nên không cộng dồn).',
    detail: 'Chi tiết (kế hoạch, đợt, khu vực, nội dung)',
    byCampaign: 'Kế hoạch',
    byPhase: 'Đợt',
    byZone: 'Khu vực',
    byItem: 'Nội dung',
  },
  {
    heading: 'Proof of play',
    lead: 'What actually reached the screens: hours shown, screens, first and last shown, in Hà Nội time.',
    from: 'From',
    to: 'To (inclusive)',
    groupBy: 'Group by',
    show: 'Show report',
    csv: 'Download CSV',
    badDate: 'Dates as dd/mm/yyyy, for example 03/02/2020',
    badRange: '"From" must be on or before "To".',
    loading: 'Loading…',
    empty: 'Nothing was played in this period.',
    campaign: 'Campaign',
    phase: 'Phase',
    zone: 'Zone',
    item: 'Item',
    hours: 'Hours shown',
    screens: 'Screens',
    first: 'First shown',
    last: 'Last shown',
    mismatches: 'Content mismatches',
    total: 'Total',
    hoursUnit: 'h',
    noCampaign: '(outside any plan)',
    noPhase: '—',
    screensNote: 'When grouped, "Screens" is that of the busiest detail row (one screen shows many items, so screens are not added up).',
    detail: 'Detail (campaign, phase, zone, item)',
    byCampaign: 'Campaign',
    byPhase: 'Phase',
    byZone: 'Zone',
    byItem: 'Item',
  },
);

const GROUPING_LABEL: Record<ProofGrouping, 'detail' | 'byCampaign' | 'byPhase' | 'byZone' | 'byItem'> = {
  detail: 'detail',
  campaign: 'byCampaign',
  phase: 'byPhase',
  zone: 'byZone',
  item: 'byItem',
};

/** The default range: the last 30 days, today included. */
const DEFAULT_DAYS = 30;

/** The proof-of-play report (issue 5): hours shown, screens, first/last per campaign, phase, zone and item, and its CSV. */
@customElement('ctl-proof-page')
export class CtlProofPage extends LitElement {
  @property({ attribute: false }) locale: Locale = 'vi';
  @property({ attribute: false }) me!: User;
  @state() private _fromText = formatLocalDate(addDays(msToLocal(Date.now()).slice(0, 10), -(DEFAULT_DAYS - 1)));
  @state() private _toText = formatLocalDate(msToLocal(Date.now()).slice(0, 10));
  @state() private _grouping: ProofGrouping = 'detail';
  @state() private _report: ProofReport | undefined;
  /** The range the report on screen was asked for: the CSV link downloads exactly that. */
  @state() private _range: { from: Date; to: Date } | undefined;
  @state() private _loading = false;
  @state() private _error: string | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  /** The typed dates as instants, or a message saying what is wrong with them. */
  private typedRange(): { from: Date; to: Date } | string {
    const m = messages(this.locale);
    const from = parseDayMonthYear(this._fromText);
    const to = parseDayMonthYear(this._toText);
    if (!from || !to) return m.badDate;
    if (from > to) return m.badRange;
    return dayRange(from, to);
  }

  private async load(): Promise<void> {
    const range = this.typedRange();
    if (typeof range === 'string') {
      this._error = range;
      return;
    }
    this._error = undefined;
    this._loading = true;
    try {
      this._report = await proofReport(range.from, range.to);
      this._range = range;
    } catch (err) {
      this._error = err instanceof ApiError ? [err.detail ?? err.title, ...err.fieldErrors.map((f) => f.message)].join(' — ') : String(err);
    } finally {
      this._loading = false;
    }
  }

  private submit(ev: SubmitEvent): void {
    ev.preventDefault();
    void this.load();
  }

  override render() {
    const m = messages(this.locale);
    return html`
      <h2>${m.heading}</h2>
      <p class="muted">${m.lead}</p>
      <form class="range" @submit=${this.submit}>
        <label>${m.from}
          <input name="from" inputmode="numeric" placeholder="dd/mm/yyyy" .value=${this._fromText} @input=${(e: Event) => (this._fromText = (e.target as HTMLInputElement).value)} />
        </label>
        <label>${m.to}
          <input name="to" inputmode="numeric" placeholder="dd/mm/yyyy" .value=${this._toText} @input=${(e: Event) => (this._toText = (e.target as HTMLInputElement).value)} />
        </label>
        <label>${m.groupBy}
          <select name="grouping" @change=${(e: Event) => (this._grouping = (e.target as HTMLSelectElement).value as ProofGrouping)}>
            ${PROOF_GROUPINGS.map((g) => html`<option value=${g} ?selected=${g === this._grouping}>${m[GROUPING_LABEL[g]]}</option>`)}
          </select>
        </label>
        <button type="submit" class="primary" ?disabled=${this._loading}>${m.show}</button>
        ${this._range ? html`<a class="csv" href=${proofReportCsvUrl(this._range.from, this._range.to, this.locale)} download>${m.csv}</a>` : ''}
      </form>
      ${this._error ? html`<p class="error" role="alert">${this._error}</p>` : ''}
      ${this._loading && !this._report ? html`<p class="muted">${m.loading}</p>` : this.renderTable()}
    `;
  }

  private renderTable() {
    const m = messages(this.locale);
    const rows = this._report?.rows;
    if (!rows) return '';
    if (rows.length === 0) return html`<p class="muted">${m.empty}</p>`;
    const g = this._grouping;
    const show = {
      campaign: g === 'detail' || g === 'campaign' || g === 'phase',
      phase: g === 'detail' || g === 'phase',
      zone: g === 'detail' || g === 'zone',
      item: g === 'detail' || g === 'item',
    };
    const keyColumns = Object.values(show).filter(Boolean).length;
    const total = proofTotal(rows)!;
    return html`
      <table>
        <thead>
          <tr>
            ${show.campaign ? html`<th>${m.campaign}</th>` : ''}${show.phase ? html`<th>${m.phase}</th>` : ''}
            ${show.zone ? html`<th>${m.zone}</th>` : ''}${show.item ? html`<th>${m.item}</th>` : ''}
            <th class="num">${m.hours}</th><th class="num">${m.screens}</th><th>${m.first}</th><th>${m.last}</th>
            <th class="num">${m.mismatches}</th>
          </tr>
        </thead>
        <tbody>
          ${groupProof(rows, g).map(
            (l) => html`
              <tr data-proof-row data-zone=${l.zoneId ?? ''} data-hours=${String(l.hoursShown)}>
                ${show.campaign ? html`<td>${l.campaign || m.noCampaign}</td>` : ''}
                ${show.phase ? html`<td>${l.phase || m.noPhase}</td>` : ''}
                ${show.zone ? html`<td>${l.zoneName}</td>` : ''}
                ${show.item ? html`<td class="text">${l.text}<div class="muted small">${l.itemKey}</div></td>` : ''}
                ${this.figures(l)}
              </tr>
            `,
          )}
        </tbody>
        <tfoot>
          <tr data-proof-total>
            <th colspan=${keyColumns}>${m.total}</th>
            ${this.figures(total)}
          </tr>
        </tfoot>
      </table>
      ${g === 'detail' ? '' : html`<p class="muted small">${m.screensNote}</p>`}
    `;
  }

  private figures(l: ProofLine) {
    const m = messages(this.locale);
    return html`
      <td class="num">${formatHours(l.hoursShown, this.locale)} ${m.hoursUnit}</td>
      <td class="num">${l.screens}</td>
      <td>${formatInstant(l.firstShown)}</td>
      <td>${formatInstant(l.lastShown)}</td>
      <td class="num ${l.mismatches > 0 ? 'error' : ''}">${l.mismatches}</td>
    `;
  }

  static override styles = [
    sharedStyles,
    css`
      form.range { max-width: none; grid-template-columns: minmax(140px, 200px) minmax(140px, 200px) minmax(220px, 1fr) auto auto; align-items: end; margin-bottom: 16px; }
      /* A grid item is as wide as its content by default: the long grouping names pushed the select under the button. */
      form.range > label { min-width: 0; }
      form.range select { width: 100%; }
      a.csv { align-self: center; }
      .num { text-align: right; white-space: nowrap; }
      td.text { max-width: 36em; }
      tfoot th, tfoot td { font-weight: 600; color: var(--pano-ink); border-bottom: none; }
      .small { font-size: 0.8rem; }
    `,
  ];
}

declare global {
  interface HTMLElementTagNameMap {
    'ctl-proof-page': CtlProofPage;
  }
}
