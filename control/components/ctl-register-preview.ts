import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { defineMessages, type Locale } from '../i18n.js';
import { sharedStyles } from './shared-styles.js';
import './ctl-slide-preview.js';

const messages = defineMessages(
  { template: 'Mẫu', banner: 'Băng rôn', card: 'Thẻ sảnh' },
  { template: 'Template', banner: 'Banner', card: 'Lobby card' },
);

/** Surfaces the preview draws on, in the proportions of what they stand for. */
const SURFACES = {
  // A 5 m × 0.8 m street banner.
  banner: { width: 1250, height: 200 },
  // A 16:9 lobby screen.
  'lobby-card': { width: 960, height: 540 },
} as const;

/** A register item drawn by display/render, the renderer screens and print use: what is approved is what is shown. */
@customElement('ctl-register-preview')
export class CtlRegisterPreview extends LitElement {
  @property({ attribute: false }) locale: Locale = 'vi';
  @property() text = '';
  @property() caption = '';
  @state() private _template: keyof typeof SURFACES = 'banner';

  override render() {
    const m = messages(this.locale);
    const surface = SURFACES[this._template];
    return html`
      <label class="inline"
        >${m.template}
        <select @change=${(e: Event) => (this._template = (e.target as HTMLSelectElement).value as keyof typeof SURFACES)}>
          <option value="banner" ?selected=${this._template === 'banner'}>${m.banner}</option>
          <option value="lobby-card" ?selected=${this._template === 'lobby-card'}>${m.card}</option>
        </select>
      </label>
      <ctl-slide-preview
        .template=${this._template}
        .text=${this.text}
        .fields=${this._template === 'banner' ? { star: true } : { caption: this.caption }}
        .width=${surface.width}
        .height=${surface.height}
      ></ctl-slide-preview>
    `;
  }

  static override styles = [
    sharedStyles,
    css`
      ctl-slide-preview { margin-top: 8px; }
      label.inline { display: inline-flex; align-items: center; gap: 8px; }
    `,
  ];
}

declare global {
  interface HTMLElementTagNameMap {
    'ctl-register-preview': CtlRegisterPreview;
  }
}
