import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { SlideFields, TemplateId } from '../../display/render/index.js';
import { PRESETS } from '../../server/protocol/print.js';
import { formatClock, formatDate } from '../../server/protocol/wall-clock.js';
import { defineMessages, type Locale } from '../i18n.js';
import { sharedStyles } from './shared-styles.js';
import './ctl-print-preview.js';
import './ctl-slide-preview.js';

const messages = defineMessages(
  {
    template: 'Mẫu',
    banner: 'Băng rôn in 5 × 0,8 m (như bản in)',
    'lobby-card': 'Màn hình sảnh 16:9',
    'gate-ticker': 'Bảng LED cổng 192 × 32 (chữ chạy)',
    backdrop: 'Phông hội trường trên màn hình',
    mourning: 'Màn hình khi quốc tang',
  },
  {
    template: 'Template',
    banner: 'Printed banner 5 × 0.8 m (as printed)',
    'lobby-card': 'Lobby screen 16:9',
    'gate-ticker': 'Gate LED board 192 × 32 (scrolling)',
    backdrop: 'Hall backdrop on screen',
    mourning: 'Screen during national mourning',
  },
);

/** Every template a slogan can reach (a photo panel's title is typed on the print page, not taken from the register). */
const TEMPLATES = ['banner', 'lobby-card', 'gate-ticker', 'backdrop', 'mourning'] as const satisfies readonly TemplateId[];
type PreviewTemplate = (typeof TEMPLATES)[number];

/** Screens at the size a kiosk of that kind has: the player lays out for its own pixels. */
const SCREENS: Record<Exclude<PreviewTemplate, 'banner'>, { width: number; height: number }> = {
  'lobby-card': { width: 1920, height: 1080 },
  'gate-ticker': { width: 192, height: 32 },
  backdrop: { width: 1920, height: 1080 },
  mourning: { width: 1920, height: 1080 },
};

const BANNER = PRESETS.find((p) => p.id === 'bang-ron-5x0.8')!;

/** One side of the preview: a revision, named ("Bản 2, chờ duyệt"). */
export interface PreviewSide {
  label: string;
  revision: number;
  text: string;
  caption: string;
}

/**
 * Register items drawn by display/render exactly as a screen (the player's size and fields) or the
 * print (the print's own slide input, through ctl-print-preview) draws them: one artwork, not two.
 * Several sides (the live revision and the one under review) are drawn with the same template.
 */
@customElement('ctl-register-preview')
export class CtlRegisterPreview extends LitElement {
  @property({ attribute: false }) locale: Locale = 'vi';
  @property({ attribute: false }) sides: PreviewSide[] = [];
  @state() private _template: PreviewTemplate = 'banner';

  /** The fields the player adds on a screen: date and clock now, the caption, the ticker at its start. */
  private fields(side: PreviewSide): SlideFields {
    const now = Date.now();
    const timeZone = 'Asia/Ho_Chi_Minh';
    return {
      ...(side.caption ? { caption: side.caption } : {}),
      date: formatDate(now, timeZone),
      clock: formatClock(now, timeZone),
      ...(this._template === 'gate-ticker' ? { tickerOffsetPx: 0 } : {}),
    };
  }

  private renderSide(side: PreviewSide) {
    const drawing =
      this._template === 'banner'
        ? html`<ctl-print-preview
            .content=${{ template: 'banner', text: side.text }}
            .widthMm=${BANNER.widthMm}
            .heightMm=${BANNER.heightMm}
            .bleedMm=${BANNER.bleedMm}
            .safeMm=${BANNER.safeMm}
          ></ctl-print-preview>`
        : html`<ctl-slide-preview
            .template=${this._template}
            .text=${side.text}
            .fields=${this.fields(side)}
            .width=${SCREENS[this._template].width}
            .height=${SCREENS[this._template].height}
          ></ctl-slide-preview>`;
    return html`<figure data-revision=${side.revision}>
      <figcaption>${side.label}</figcaption>
      ${drawing}
    </figure>`;
  }

  override render() {
    const m = messages(this.locale);
    return html`
      <label class="inline"
        >${m.template}
        <select name="template" @change=${(e: Event) => (this._template = (e.target as HTMLSelectElement).value as PreviewTemplate)}>
          ${TEMPLATES.map((t) => html`<option value=${t} ?selected=${this._template === t}>${m[t]}</option>`)}
        </select>
      </label>
      <div class="sides">${this.sides.map((s) => this.renderSide(s))}</div>
    `;
  }

  static override styles = [
    sharedStyles,
    css`
      label.inline { display: inline-flex; align-items: center; gap: 8px; }
      .sides { display: grid; grid-template-columns: repeat(auto-fit, minmax(280px, 1fr)); gap: 12px; margin-top: 8px; }
      figure { margin: 0; min-width: 0; }
      figcaption { font-size: 0.85rem; color: var(--pano-muted); margin-bottom: 4px; }
      ctl-print-preview { max-width: 100%; overflow: hidden; }
    `,
  ];
}

declare global {
  interface HTMLElementTagNameMap {
    'ctl-register-preview': CtlRegisterPreview;
  }
}
