import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { SlideFields, TemplateId } from '../../display/render/index.js';
import { PRESETS } from '../../server/protocol/print.js';
import type { PlaylistMedia } from '../../server/protocol/media.js';
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
    'lobby-portrait': 'Màn hình sảnh dọc 9:16',
    'side-screen': 'Màn hình hai bên hội trường',
    'gate-ticker': 'Bảng LED cổng 192 × 32 (chữ chạy)',
    backdrop: 'Phông hội trường trên màn hình',
    mourning: 'Màn hình khi quốc tang',
  },
  {
    template: 'Template',
    banner: 'Printed banner 5 × 0.8 m (as printed)',
    'lobby-card': 'Lobby screen 16:9',
    'lobby-portrait': 'Portrait lobby screen 9:16',
    'side-screen': 'Hall side screen',
    'gate-ticker': 'Gate LED board 192 × 32 (scrolling)',
    backdrop: 'Hall backdrop on screen',
    mourning: 'Screen during national mourning',
  },
);

/**
 * Every place a text item can reach (a photo panel's title is typed on the print page, not taken
 * from the register); a picture or clip is never printed and the backdrop leaves it aside, but it
 * plays on lobby screens either way up, the hall's side screens, and as a caption on the gate.
 */
const TEXT_PREVIEWS = ['banner', 'lobby-card', 'gate-ticker', 'backdrop', 'mourning'] as const;
const MEDIA_PREVIEWS = ['lobby-card', 'lobby-portrait', 'side-screen', 'gate-ticker', 'mourning'] as const;
type PreviewId = (typeof TEXT_PREVIEWS)[number] | (typeof MEDIA_PREVIEWS)[number];

/** Screens at the size a kiosk of that kind has (the player lays out for its own pixels), with the template it plays. */
const SCREENS: Record<Exclude<PreviewId, 'banner'>, { template: TemplateId; width: number; height: number }> = {
  'lobby-card': { template: 'lobby-card', width: 1920, height: 1080 },
  'lobby-portrait': { template: 'lobby-card', width: 1080, height: 1920 },
  'side-screen': { template: 'banner', width: 1920, height: 480 },
  'gate-ticker': { template: 'gate-ticker', width: 192, height: 32 },
  backdrop: { template: 'backdrop', width: 1920, height: 1080 },
  mourning: { template: 'mourning', width: 1920, height: 1080 },
};

const BANNER = PRESETS.find((p) => p.id === 'bang-ron-5x0.8')!;

/** One side of the preview: a revision, named ("Bản 2, chờ duyệt"). */
export interface PreviewSide {
  label: string;
  revision: number;
  text: string;
  caption: string;
  /** A picture or clip item: its file, drawn as screens draw it (never on the gate board). */
  media?: PlaylistMedia;
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
  @state() private _template: PreviewId | undefined;

  private get forMedia(): boolean {
    return this.sides.some((s) => s.media);
  }

  /** The chosen place, or the first that suits the items shown (a printed banner for text, a lobby screen for pictures). */
  private get preview(): PreviewId {
    const choices: readonly PreviewId[] = this.forMedia ? MEDIA_PREVIEWS : TEXT_PREVIEWS;
    return this._template && choices.includes(this._template) ? this._template : choices[0]!;
  }

  /** The fields the player adds on a screen: date and clock now, the caption, the ticker at its start. */
  private fields(side: PreviewSide): SlideFields {
    const preview = this.preview;
    const now = Date.now();
    const timeZone = 'Asia/Ho_Chi_Minh';
    return {
      ...(side.caption ? { caption: side.caption } : {}),
      date: formatDate(now, timeZone),
      clock: formatClock(now, timeZone),
      ...(side.media && preview !== 'gate-ticker' ? { media: side.media } : {}),
      ...(preview === 'gate-ticker' ? { tickerOffsetPx: 0 } : {}),
    };
  }

  private renderSide(side: PreviewSide) {
    const preview = this.preview;
    const drawing =
      preview === 'banner'
        ? html`<ctl-print-preview
            .content=${{ template: 'banner', text: side.text }}
            .widthMm=${BANNER.widthMm}
            .heightMm=${BANNER.heightMm}
            .bleedMm=${BANNER.bleedMm}
            .safeMm=${BANNER.safeMm}
          ></ctl-print-preview>`
        : html`<ctl-slide-preview
            .template=${SCREENS[preview].template}
            .text=${side.text}
            .fields=${this.fields(side)}
            .width=${SCREENS[preview].width}
            .height=${SCREENS[preview].height}
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
        <select name="template" @change=${(e: Event) => (this._template = (e.target as HTMLSelectElement).value as PreviewId)}>
          ${(this.forMedia ? MEDIA_PREVIEWS : TEXT_PREVIEWS).map((t) => html`<option value=${t} ?selected=${this.preview === t}>${m[t]}</option>`)}
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
