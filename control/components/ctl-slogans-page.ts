import { LitElement, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { Slogan } from '../../server/protocol/api.js';
import type { User } from '../../server/protocol/auth.js';
import { fetchSlogans } from '../data/api.js';
import { live } from '../data/live.js';
import { defineMessages, statusNames, type Locale } from '../i18n.js';
import { sharedStyles } from './shared-styles.js';

const messages = defineMessages(
  { heading: 'Khẩu hiệu', text: 'Nội dung', status: 'Trạng thái', source: 'Nguồn', loading: 'Đang tải…', failed: 'Không tải được dữ liệu' },
  { heading: 'Slogans', text: 'Text', status: 'Status', source: 'Source', loading: 'Loading…', failed: 'Could not load data' },
);

/** The slogan register as a table: text, status, source document and section; reloads on change. */
@customElement('ctl-slogans-page')
export class CtlSlogansPage extends LitElement {
  @property({ attribute: false }) locale: Locale = 'vi';
  @property({ attribute: false }) me!: User;
  @state() private _slogans: Slogan[] | undefined;
  @state() private _error: string | undefined;
  private unsubscribe: (() => void) | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
    this.unsubscribe = live.subscribeContentChanged(() => void this.load());
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.unsubscribe?.();
  }

  private async load(): Promise<void> {
    try {
      this._slogans = await fetchSlogans();
      this._error = undefined;
    } catch (err) {
      this._error = (err as Error).message;
    }
  }

  override render() {
    const m = messages(this.locale);
    const status = statusNames(this.locale);
    return html`
      <h2>${m.heading}</h2>
      ${this._error ? html`<p class="error" role="alert">${m.failed}: ${this._error}</p>` : ''}
      ${!this._slogans
        ? html`<p>${m.loading}</p>`
        : html`
            <table>
              <thead><tr><th>#</th><th>${m.text}</th><th>${m.status}</th><th>${m.source}</th></tr></thead>
              <tbody>
                ${this._slogans.map(
                  (s) => html`
                    <tr data-slogan-id=${s.id}>
                      <td>${s.id}</td>
                      <td>${s.text}</td>
                      <td><span class="chip">${status[s.status]}</span></td>
                      <td class="muted">${s.source.document} · ${s.source.section}</td>
                    </tr>
                  `,
                )}
              </tbody>
            </table>
          `}
    `;
  }

  static override styles = [sharedStyles];
}

declare global {
  interface HTMLElementTagNameMap {
    'ctl-slogans-page': CtlSlogansPage;
  }
}
