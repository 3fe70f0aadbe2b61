import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { Slogan } from '../../server/protocol/api.js';
import type { MessageKey, Translate } from '../i18n.js';

/** The slogan register as a table: text, status, source document and section. */
@customElement('ctl-slogan-list')
export class CtlSloganList extends LitElement {
  @property({ attribute: false }) slogans: Slogan[] = [];
  @property({ attribute: false }) t!: Translate;

  override render() {
    const t = this.t;
    return html`
      <table>
        <thead>
          <tr><th>#</th><th>${t('text')}</th><th>${t('status')}</th><th>${t('source')}</th></tr>
        </thead>
        <tbody>
          ${this.slogans.map(
            (s) => html`
              <tr data-slogan-id=${s.id}>
                <td>${s.id}</td>
                <td class="text">${s.text}</td>
                <td><span class="status ${s.status}">${t(`status.${s.status}` as MessageKey)}</span></td>
                <td class="source">${s.source.document} · ${s.source.section}</td>
              </tr>
            `,
          )}
        </tbody>
      </table>
    `;
  }

  static override styles = css`
    table { width: 100%; border-collapse: collapse; background: var(--pano-surface); border-radius: var(--pano-radius); }
    th, td { text-align: left; padding: 8px 12px; border-bottom: 1px solid var(--pano-line); vertical-align: top; }
    th { font-weight: 500; color: var(--pano-muted); font-size: 0.85rem; }
    .text { font-weight: 500; }
    .source { color: var(--pano-muted); white-space: nowrap; font-size: 0.9rem; }
    .status { white-space: nowrap; font-size: 0.85rem; padding: 2px 8px; border-radius: 999px; background: var(--pano-ground); }
    .status.approved { color: var(--pano-ok); }
  `;
}

declare global {
  interface HTMLElementTagNameMap {
    'ctl-slogan-list': CtlSloganList;
  }
}
