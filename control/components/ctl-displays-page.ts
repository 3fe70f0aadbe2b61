import { LitElement, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { DisplayStatus } from '../../server/protocol/messages.js';
import { live } from '../data/live.js';
import { defineMessages, formatInstant, type Locale } from '../i18n.js';
import { sharedStyles } from './shared-styles.js';

const messages = defineMessages(
  {
    heading: 'Màn hình đang kết nối',
    zone: 'Khu vực',
    screen: 'Độ phân giải',
    app: 'Phiên bản',
    since: 'Kết nối từ',
    timeline: 'Lịch phát',
    none: 'Chưa có màn hình nào kết nối.',
    applied: 'đã áp dụng',
    pending: 'đang chờ',
  },
  {
    heading: 'Connected displays',
    zone: 'Zone',
    screen: 'Resolution',
    app: 'Version',
    since: 'Connected since',
    timeline: 'Timeline',
    none: 'No display is connected.',
    applied: 'applied',
    pending: 'pending',
  },
);

/** Displays connected right now, as the server pushes them over the live channel. */
@customElement('ctl-displays-page')
export class CtlDisplaysPage extends LitElement {
  @property({ attribute: false }) locale: Locale = 'vi';
  @state() private _displays: DisplayStatus[] = [];
  private unsubscribe: (() => void) | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    this.unsubscribe = live.subscribeDisplays((d) => (this._displays = d));
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.unsubscribe?.();
  }

  override render() {
    const m = messages(this.locale);
    return html`
      <h2>${m.heading} (${this._displays.length})</h2>
      ${this._displays.length === 0
        ? html`<p class="muted">${m.none}</p>`
        : html`
            <table>
              <thead><tr><th>${m.zone}</th><th>${m.screen}</th><th>${m.app}</th><th>${m.since}</th><th>${m.timeline}</th></tr></thead>
              <tbody>
                ${this._displays.map(
                  (d) => html`
                    <tr data-display=${d.sessionId}>
                      <td>${d.zone}</td>
                      <td>${d.screen.width} × ${d.screen.height}</td>
                      <td>${d.app}</td>
                      <td>${formatInstant(d.connectedAt)}</td>
                      <td><code>${d.timelineVersion ?? '—'}</code> ${d.ackedVersion === d.timelineVersion ? m.applied : m.pending}</td>
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
    'ctl-displays-page': CtlDisplaysPage;
  }
}
