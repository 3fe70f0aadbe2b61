import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { describeChain, formatAuditTime, type AuditRow, type ChainReportBody } from '../../server/protocol/audit.js';
import { ROLES, type Role } from '../../server/protocol/auth.js';
import { auditCsvUrl, searchAudit, verifyAuditChain, type AuditFilters } from '../data/audit.js';
import { describeProblem } from '../data/http.js';
import { defineMessages, storedLocale, roleNames, type Locale } from '../i18n.js';
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
    yes: 'có',
    no: 'không',
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
    yes: 'yes',
    no: 'no',
    brokenRow: 'The chain breaks at this row',
  },
);

/** The actions recorded today; others (added later) show their code until named here. */
const actionNames = defineMessages(
  {
    'user.login': 'Đăng nhập',
    'login.failed': 'Đăng nhập thất bại',
    'login.throttled': 'Đăng nhập bị chặn tạm thời',
    'user.logout': 'Đăng xuất',
    'user.bootstrap': 'Tạo quản trị viên đầu tiên',
    'user.setup': 'Đặt mật khẩu quản trị lần đầu',
    'setup.failed': 'Mã thiết lập sai',
    'user.create': 'Tạo người dùng',
    'user.update': 'Sửa người dùng',
    'user.password-change': 'Đổi mật khẩu',
    'password.change-failed': 'Đổi mật khẩu thất bại',
  } as Record<string, string>,
  {
    'user.login': 'Signed in',
    'login.failed': 'Failed sign-in',
    'login.throttled': 'Sign-in throttled',
    'user.logout': 'Signed out',
    'user.bootstrap': 'First admin created',
    'user.setup': 'Admin first password set',
    'setup.failed': 'Wrong setup code',
    'user.create': 'User created',
    'user.update': 'User changed',
    'user.password-change': 'Password changed',
    'password.change-failed': 'Password change failed',
  },
);

const fieldNames = defineMessages(
  {
    username: 'Tên đăng nhập',
    displayName: 'Họ tên',
    roles: 'Vai trò',
    disabled: 'Đã khóa',
    passwordSet: 'Đã có mật khẩu',
    passwordReset: 'Đặt lại mật khẩu',
    everywhere: 'Mọi phiên',
    id: 'Mã',
  } as Record<string, string>,
  {
    username: 'Username',
    displayName: 'Full name',
    roles: 'Roles',
    disabled: 'Disabled',
    passwordSet: 'Password set',
    passwordReset: 'Password reset',
    everywhere: 'All sessions',
    id: 'Id',
  },
);

interface Change {
  field: string;
  before?: unknown;
  after?: unknown;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Only what changed: for objects, the fields whose value differs; otherwise the two values whole. */
function diffChanges(before: unknown, after: unknown): Change[] {
  if ((isRecord(before) || before === null) && (isRecord(after) || after === null)) {
    const keys = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])];
    return keys
      .filter((k) => JSON.stringify(before?.[k]) !== JSON.stringify(after?.[k]))
      .map((k) => ({ field: k, ...(before && k in before ? { before: before[k] } : {}), ...(after && k in after ? { after: after[k] } : {}) }));
  }
  return [{ field: '', before, after }];
}

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
    this._filters = { q: field('q'), action: field('action'), actor: field('actor'), from: field('from'), to: field('to') };
    void this.load();
  }

  private clear(e: Event): void {
    (e.target as HTMLButtonElement).form?.reset();
    this._filters = {};
    void this.load();
  }

  override render() {
    const m = messages(this.locale);
    const actions = actionNames(this.locale);
    return html`
      <h2>${m.heading}</h2>
      ${this.renderChain()}
      ${this._error ? html`<p class="error" role="alert">${this._error}</p>` : nothing}
      <form class="filters" role="search" @submit=${this.search}>
        <label class="wide">${m.q}<input name="q" type="search" maxlength="200" /></label>
        <label>${m.action}<input name="action" list="audit-actions" autocomplete="off" /></label>
        <datalist id="audit-actions">${Object.entries(actions).map(([code, name]) => html`<option value=${code}>${name}</option>`)}</datalist>
        <label>${m.actor}<input name="actor" maxlength="64" /></label>
        <label>${m.from}<input name="from" type="date" /></label>
        <label>${m.to}<input name="to" type="date" /></label>
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
    const named = actionNames(this.locale)[r.action];
    return html`
      <tr data-audit-id=${r.id} data-action=${r.action} class=${broken ? 'broken' : ''} title=${broken ? m.brokenRow : ''}>
        <td><time datetime=${r.at} title=${r.at}>${formatAuditTime(r.at)}</time><div class="muted">#${r.id}</div></td>
        <td>${r.actor}</td>
        <td>${named ?? r.action}${named ? html`<div class="muted"><code>${r.action}</code></div>` : nothing}</td>
        <td><code>${r.target}</code></td>
        <td>${this.renderChanges(r)}</td>
        <td class="muted">${r.remoteAddress}</td>
      </tr>
    `;
  }

  private renderChanges(r: AuditRow) {
    if (r.before === null && r.after === null) return nothing;
    const fields = fieldNames(this.locale);
    return html`<ul class="changes">
      ${diffChanges(r.before, r.after).map(
        (c) => html`<li>
          ${c.field ? html`<span class="field">${fields[c.field] ?? c.field}:</span>` : nothing}
          ${'before' in c ? html`<del>${this.value(c.field, c.before)}</del>` : nothing}
          ${'before' in c && 'after' in c ? html`<span aria-hidden="true">→</span>` : nothing}
          ${'after' in c ? html`<ins>${this.value(c.field, c.after)}</ins>` : nothing}
        </li>`,
      )}
    </ul>`;
  }

  private value(field: string, v: unknown): string {
    const m = messages(this.locale);
    if (field === 'roles' && Array.isArray(v)) {
      const names = roleNames(this.locale);
      return v.map((r) => (ROLES.includes(r as Role) ? names[r as Role] : String(r))).join(', ');
    }
    if (typeof v === 'boolean') return v ? m.yes : m.no;
    if (v === null || v === undefined) return '—';
    if (Array.isArray(v)) return v.map(String).join(', ');
    return typeof v === 'string' ? v : JSON.stringify(v);
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
