import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { FieldError } from '../../field-errors.js';

/**
 * A refusal as a person reads it: the server's sentence, then one line per reason (for a deletion,
 * each thing that still depends on what was to be deleted). Empty when there is nothing to say.
 */
@customElement('ctl-refusal')
export class CtlRefusal extends LitElement {
  @property() message = '';
  @property({ attribute: false }) reasons: readonly FieldError[] = [];

  override render() {
    if (!this.message && !this.reasons.length) return '';
    return html`<div role="alert">
      ${this.message ? html`<p>${this.message}</p>` : ''}
      ${this.reasons.length ? html`<ul>${this.reasons.map((r) => html`<li>${r.message}</li>`)}</ul>` : ''}
    </div>`;
  }

  static override styles = css`
    :host { display: block; color: var(--pano-red); }
    p { margin: 4px 0; }
    ul { margin: 4px 0; padding-left: 20px; }
  `;
}

declare global {
  interface HTMLElementTagNameMap {
    'ctl-refusal': CtlRefusal;
  }
}
