import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { wordDiff, type DiffPart } from '../../server/domain/word-diff.js';
import type { Revision } from '../../server/protocol/content.js';
import { defineMessages, type Locale } from '../i18n.js';
import { sharedStyles } from './shared-styles.js';

const messages = defineMessages({ revision: 'Bản', title: 'Tiêu đề' }, { revision: 'Revision', title: 'Title' });

/** Two revisions side by side, words removed marked on the left and words added on the right. */
@customElement('ctl-register-diff')
export class CtlRegisterDiff extends LitElement {
  @property({ attribute: false }) locale: Locale = 'vi';
  @property({ attribute: false }) older!: Revision;
  @property({ attribute: false }) newer!: Revision;

  private side(parts: DiffPart[], shown: 'removed' | 'added') {
    return parts
      .filter((p) => p.kind === 'same' || p.kind === shown)
      .map((p) => (p.kind === 'same' ? p.text : html`<mark class=${shown}>${p.text}</mark>`));
  }

  override render() {
    const m = messages(this.locale);
    const text = wordDiff(this.older.text, this.newer.text);
    const title = this.older.title !== null || this.newer.title !== null ? wordDiff(this.older.title ?? '', this.newer.title ?? '') : undefined;
    const column = (r: Revision, shown: 'removed' | 'added') => html`
      <div class="column" data-revision=${r.number}>
        <h4>${m.revision} ${r.number}</h4>
        ${title ? html`<p class="title">${m.title}: ${this.side(title, shown)}</p>` : ''}
        <p class="text">${this.side(text, shown)}</p>
      </div>
    `;
    return html`<div class="diff">${column(this.older, 'removed')}${column(this.newer, 'added')}</div>`;
  }

  static override styles = [
    sharedStyles,
    css`
      .diff { display: grid; grid-template-columns: 1fr 1fr; gap: 12px; }
      .column { background: var(--pano-surface); border: 1px solid var(--pano-line); border-radius: var(--pano-radius); padding: 8px 12px; }
      h4 { margin: 0 0 4px; font-size: 0.85rem; color: var(--pano-muted); font-weight: 500; }
      .text { white-space: pre-wrap; margin: 0; }
      mark.removed { background: #fbd5d2; text-decoration: line-through; }
      mark.added { background: #d4f2d4; }
    `,
  ];
}

declare global {
  interface HTMLElementTagNameMap {
    'ctl-register-diff': CtlRegisterDiff;
  }
}
