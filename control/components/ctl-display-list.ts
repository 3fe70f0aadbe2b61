import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { DisplayStatus } from '../../server/protocol/messages.js';
import { formatInstant, type Translate } from '../i18n.js';

/** Displays connected right now, as the server reports them live. */
@customElement('ctl-display-list')
export class CtlDisplayList extends LitElement {
  @property({ attribute: false }) displays: DisplayStatus[] = [];
  @property({ attribute: false }) t!: Translate;

  override render() {
    const t = this.t;
    if (this.displays.length === 0) return html`<p class="empty">${t('noDisplays')}</p>`;
    return html`
      <table>
        <thead>
          <tr><th>${t('zone')}</th><th>${t('screen')}</th><th>${t('app')}</th><th>${t('since')}</th><th>${t('timeline')}</th></tr>
        </thead>
        <tbody>
          ${this.displays.map(
            (d) => html`
              <tr data-display=${d.sessionId}>
                <td>${d.zone}</td>
                <td>${d.screen.width} × ${d.screen.height}</td>
                <td>${d.app}</td>
                <td>${formatInstant(d.connectedAt)}</td>
                <td>
                  <code>${d.timelineVersion ?? '—'}</code>
                  ${d.ackedVersion === d.timelineVersion ? t('applied') : t('pending')}
                </td>
              </tr>
            `,
          )}
        </tbody>
      </table>
    `;
  }

  static override styles = css`
    table { width: 100%; border-collapse: collapse; background: var(--pano-surface); }
    th, td { text-align: left; padding: 8px 12px; border-bottom: 1px solid var(--pano-line); }
    th { font-weight: 500; color: var(--pano-muted); font-size: 0.85rem; }
    .empty { color: var(--pano-muted); }
  `;
}

declare global {
  interface HTMLElementTagNameMap {
    'ctl-display-list': CtlDisplayList;
  }
}
