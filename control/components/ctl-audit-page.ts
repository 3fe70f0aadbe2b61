import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { describeChain, type AuditRow, type ChainReportBody } from '../../server/protocol/audit.js';
import { AUDIT_ACTIONS, actionLabel, actorLabel, auditTimeLabel, describeChanges, targetLabel } from '../audit-format.js';
import { auditCsvUrl, searchAudit, verifyAuditChain, type AuditFilters } from '../data/audit.js';
import { describeProblem } from '../data/http.js';
import { defineMessages, storedLocale, type Locale } from '../i18n.js';
import { parseDayMonthYear } from '../time.js';
import { sharedStyles } from './shared-styles.js';

const messages = defineMessages(
  {
    heading: 'Nhật ký thay đổi',
    checking: 'Đang kiểm tra chuỗi nhật ký…',
    recheck: 'Kiểm tra lại',
    anchor: 'Mốc đầu chuỗi (lưu ở nơi khác, đối chiếu bằng pano audit verify --anchor)',
    q: 'Tìm (người, hành động, đối tượng, nội dung)',
    action: 'Hành động',
    actor: 'Người thực hiện',
    from: 'Từ ngày',
    to: 'Đến hết ngày',
    search: 'Tìm',
    clear: 'Xóa bộ lọc',
    csv: 'Tải CSV (Excel)',
    at: 'Thời điểm',
    target: 'Đối tượng',
    changes: 'Thay đổi',
    address: 'Địa chỉ',
    none: 'Không có dòng nào khớp.',
    more: 'Tải thêm',
    datePlaceholder: 'dd/mm/yyyy',
    badDate: 'Ngày phải theo dạng dd/mm/yyyy, ví dụ 02/09/2026.',
    brokenRow: 'Chuỗi bị phá vỡ tại dòng này',
  },
  {
    heading: 'Audit log',
    checking: 'Checking the audit chain…',
    recheck: 'Check again',
    anchor: 'Head anchor (keep it elsewhere; check it with pano audit verify --anchor)',
    q: 'Search (who, action, target, content)',
    action: 'Action',
    actor: 'Actor',
    from: 'From',
    to: 'To end of',
    search: 'Search',
    clear: 'Clear filters',
    csv: 'Download CSV (Excel)',
    at: 'Time',
    target: 'Target',
    changes: 'Changes',
    address: 'Address',
    none: 'No matching rows.',
    more: 'Load more',
    datePlaceholder: 'dd/mm/yyyy',
    badDate: 'Dates are dd/mm/yyyy, e.g. 02/09/2026.',
    brokenRow: 'The chain breaks at this row',
  },
);

/** Admin page: the chain's state, a searchable list of every change, and the CSV export. */
@customElement('ctl-audit-page')
export class CtlAuditPage extends LitElement {
  @property({ attribute: false }) locale: Locale = 'vi';
  @state() private _chain: ChainReportBody | undefined;
  @state() private _rows: AuditRow[] = [];
  @state() private _nextBefore: number | null = null;
  @state() private _filters: AuditFilters = {};
  @state() private _loading = false;
  @state() private _error: string | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.checkChain();
    void this.load();
  }

  private async checkChain(): Promise<void> {
    this._chain = undefined;
    try {
      this._chain = await verifyAuditChain();
    } catch (err) {
      this._error = describe(err);
    }
  }

  /** The first page for the current filters, or the next page when `more` is set. */
  private async load(more = false): Promise<void> {
    this._loading = true;
    try {
      const page = await searchAudit(this._filters, more ? (this._nextBefore ?? undefined) : undefined);
      this._rows = more ? [...this._rows, ...page.rows] : page.rows;
      this._nextBefore = page.nextBefore;
      this._error = undefined;
    } catch (err) {
      this._error = describe(err);
    } finally {
      this._loading = false;
    }
  }

  private search(e: SubmitEvent): void {
    e.preventDefault();
    const data = new FormData(e.target as HTMLFormElement);
    const field = (name: keyof AuditFilters) => String(data.get(name) ?? '').trim();
    // The panel reads dates as dd/mm/yyyy everywhere; the API takes YYYY-MM-DD.
    const day = (name: 'from' | 'to') => (field(name) === '' ? '' : parseDayMonthYear(field(name)));
    const [from, to] = [day('from'), day('to')];
    if (from === null || to === null) {
      this._error = messages(this.locale).badDate;
      return;
    }
    this._filters = { q: field('q'), action: field('action'), actor: field('actor'), from, to };
    void this.load();
  }

  private clear(e: Event): void {
    (e.target as HTMLButtonElement).form?.reset();
    this._filters = {};
    void this.load();
  }

  override render() {
    const m = messages(this.locale);
    return html`
      <h2>${m.heading}</h2>
      ${this.renderChain()}
      ${this._error ? html`<p class="error" role="alert">${this._error}</p>` : nothing}
      <form class="filters" role="search" @submit=${this.search}>
        <label class="wide">${m.q}<input name="q" type="search" maxlength="200" /></label>
        <label>${m.action}<input name="action" list="audit-actions" autocomplete="off" /></label>
        <datalist id="audit-actions">${AUDIT_ACTIONS.map((code) => html`<option value=${code}>${actionLabel(code, this.locale)}</option>`)}</datalist>
        <label>${m.actor}<input name="actor" maxlength="64" /></label>
        <label>${m.from}<input name="from" inputmode="numeric" placeholder=${m.datePlaceholder} maxlength="10" /></label>
        <label>${m.to}<input name="to" inputmode="numeric" placeholder=${m.datePlaceholder} maxlength="10" /></label>
        <div class="buttons">
          <button class="primary" type="submit">${m.search}</button>
          <button type="button" @click=${this.clear}>${m.clear}</button>
          <a class="button" data-testid="audit-csv" href=${auditCsvUrl(this._filters)} download>${m.csv}</a>
        </div>
      </form>
      <table>
        <thead>
          <tr><th>${m.at}</th><th>${m.actor}</th><th>${m.action}</th><th>${m.target}</th><th>${m.changes}</th><th>${m.address}</th></tr>
        </thead>
        <tbody>
          ${this._rows.map((r) => this.renderRow(r))}
        </tbody>
      </table>
      ${!this._loading && this._rows.length === 0 ? html`<p class="muted">${m.none}</p>` : nothing}
      ${this._nextBefore !== null
        ? html`<p><button data-testid="audit-more" ?disabled=${this._loading} @click=${() => this.load(true)}>${m.more}</button></p>`
        : nothing}
    `;
  }

  private renderChain() {
    const m = messages(this.locale);
    if (!this._chain) return html`<p class="banner" role="status" data-testid="chain-status">${m.checking}</p>`;
    const text = describeChain(this._chain)[this.locale];
    return html`
      <div class="banner ${this._chain.intact ? 'ok' : 'broken'}" role=${this._chain.intact ? 'status' : 'alert'} data-testid="chain-status">
        <strong>${text}</strong>
        ${this._chain.intact && this._chain.anchor ? html`<div class="muted hash">${m.anchor}: <code data-testid="chain-anchor">${this._chain.anchor}</code></div>` : nothing}
        <button @click=${this.checkChain}>${m.recheck}</button>
      </div>
    `;
  }

  private renderRow(r: AuditRow) {
    const m = messages(this.locale);
    const broken = this._chain?.intact === false && this._chain.brokenAt === r.id;
    return html`
      <tr data-audit-id=${r.id} data-action=${r.action} class=${broken ? 'broken' : ''} title=${broken ? m.brokenRow : ''}>
        <td><time datetime=${r.at}>${auditTimeLabel(r.at)}</time><div class="muted">#${r.id}</div></td>
        <td>${actorLabel(r.actor, this.locale)}</td>
        <td>${actionLabel(r.action, this.locale)}</td>
        <td>${targetLabel(r.target, this.locale, nameIn(r.after) ?? nameIn(r.before))}</td>
        <td>${this.renderChanges(r)}</td>
        <td class="muted">${r.remoteAddress}</td>
      </tr>
    `;
  }

  private renderChanges(r: AuditRow) {
    const changes = describeChanges(r.before, r.after, this.locale);
    if (changes.length === 0) return nothing;
    return html`<ul class="changes">
      ${changes.map(
        (c) => html`<li>
          ${c.label ? html`<span class="field">${c.label}:</span>` : nothing}
          ${c.before !== undefined ? html`<del>${c.before}</del>` : nothing}
          ${c.before !== undefined && c.after !== undefined ? html`<span aria-hidden="true">→</span>` : nothing}
          ${c.after !== undefined ? html`<ins>${c.after}</ins>` : nothing}
        </li>`,
      )}
    </ul>`;
  }

  static override styles = [
    sharedStyles,
    css`
      .banner { display: flex; flex-wrap: wrap; align-items: center; gap: 8px 16px; padding: 12px 16px; border-radius: var(--pano-radius); background: var(--pano-surface); border-left: 6px solid var(--pano-line); }
      .banner.ok { border-left-color: var(--pano-ok); }
      .banner.ok strong { color: var(--pano-ok); }
      .banner.broken { border-left-color: var(--pano-red); background: #fdecea; }
      .banner.broken strong { color: var(--pano-red); }
      .banner .hash { flex-basis: 100%; font-size: 0.8rem; overflow-wrap: anywhere; }
      form.filters { max-width: none; grid-template-columns: repeat(auto-fit, minmax(160px, 1fr)); align-items: end; margin: 16px 0; }
      form.filters .wide { grid-column: 1 / -1; }
      form.filters input { box-sizing: border-box; width: 100%; min-width: 0; }
      .buttons { display: flex; gap: 8px; align-items: center; grid-column: 1 / -1; }
      a.button { padding: 8px 14px; border-radius: var(--pano-radius); border: 1px solid var(--pano-line); color: var(--pano-ink); text-decoration: none; }
      /* Long values wrap inside their column: the page fits a 1,440 px window (and narrower). */
      table { width: 100%; table-layout: fixed; }
      th, td { overflow-wrap: anywhere; vertical-align: top; }
      th:nth-child(1) { width: 9.5em; }
      th:nth-child(2), th:nth-child(3), th:nth-child(4) { width: 14%; }
      th:nth-child(6) { width: 8em; }
      tr.broken { background: #fdecea; outline: 2px solid var(--pano-red); }
      ul.changes { list-style: none; margin: 0; padding: 0; font-size: 0.9rem; }
      .field { color: var(--pano-muted); margin-right: 4px; }
      del { color: var(--pano-red); }
      ins { text-decoration: none; color: var(--pano-ok); }
      code { font-size: 0.85em; }
      time { white-space: nowrap; }
    `,
  ];
}

function describe(err: unknown): string {
  return describeProblem(err, storedLocale());
}

declare global {
  interface HTMLElementTagNameMap {
    'ctl-audit-page': CtlAuditPage;
  }
}

/** The object's own name in a row's before/after, when it has one (a screen's "Sảnh tầng 1"). */
function nameIn(value: unknown): string | undefined {
  const name = typeof value === 'object' && value !== null ? (value as { name?: unknown }).name : undefined;
  return typeof name === 'string' && name !== '' ? name : undefined;
}
