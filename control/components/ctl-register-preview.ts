import { LitElement, css, html, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import {
  contextMeasurer,
  drawLayout,
  FONT_WEIGHTS,
  fontCss,
  fontFace,
  layoutSlide,
  type DrawingContext,
  type TemplateId,
} from '../../display/render/index.js';
import { defineMessages, type Locale } from '../i18n.js';
import { sharedStyles } from './shared-styles.js';

const messages = defineMessages(
  { template: 'Mẫu', banner: 'Băng rôn', card: 'Thẻ sảnh', fonts: 'Đang tải phông chữ…' },
  { template: 'Template', banner: 'Banner', card: 'Lobby card', fonts: 'Loading fonts…' },
);

/** Surfaces the preview draws on, in the proportions of what they stand for. */
const SURFACES: Record<'banner' | 'lobby-card', { width: number; height: number }> = {
  // A 5 m × 0.8 m street banner.
  banner: { width: 1250, height: 200 },
  // A 16:9 lobby screen.
  'lobby-card': { width: 960, height: 540 },
};

/** Loaded once per page: the same TTFs the displays and print use, before anything is measured. */
let fontsReady: Promise<unknown> | undefined;
function loadFonts(): Promise<unknown> {
  fontsReady ??= Promise.all(FONT_WEIGHTS.map((w) => document.fonts.load(fontCss(fontFace(w), 48), 'Ểễậ')));
  return fontsReady;
}

/** The item drawn by display/render, the renderer screens and print use: what is approved is what is shown. */
@customElement('ctl-register-preview')
export class CtlRegisterPreview extends LitElement {
  @property({ attribute: false }) locale: Locale = 'vi';
  @property() text = '';
  @property() caption = '';
  @state() private _template: 'banner' | 'lobby-card' = 'banner';
  @state() private _fontsLoaded = false;
  @query('canvas') private _canvas!: HTMLCanvasElement;

  override connectedCallback(): void {
    super.connectedCallback();
    void loadFonts().then(() => (this._fontsLoaded = true));
  }

  protected override updated(_changed: PropertyValues): void {
    if (this._fontsLoaded) this.draw();
  }

  private draw(): void {
    const surface = SURFACES[this._template];
    this._canvas.width = surface.width;
    this._canvas.height = surface.height;
    const ctx = this._canvas.getContext('2d')!;
    const dc = ctx as unknown as DrawingContext;
    const template: TemplateId = this._template;
    const layout = layoutSlide(
      {
        template,
        ...surface,
        text: this.text,
        fields: template === 'banner' ? { star: true } : { caption: this.caption },
        options: { safeInsetPx: Math.round(surface.height * 0.06) },
      },
      contextMeasurer(dc),
    );
    drawLayout(dc, layout);
    this._canvas.dataset.drawn = this.text;
  }

  override render() {
    const m = messages(this.locale);
    return html`
      <label class="inline"
        >${m.template}
        <select @change=${(e: Event) => (this._template = (e.target as HTMLSelectElement).value as 'banner' | 'lobby-card')}>
          <option value="banner" ?selected=${this._template === 'banner'}>${m.banner}</option>
          <option value="lobby-card" ?selected=${this._template === 'lobby-card'}>${m.card}</option>
        </select>
      </label>
      ${this._fontsLoaded ? '' : html`<p class="muted">${m.fonts}</p>`}
      <canvas data-template=${this._template}></canvas>
    `;
  }

  static override styles = [
    sharedStyles,
    css`
      canvas { display: block; width: 100%; height: auto; margin-top: 8px; border-radius: var(--pano-radius); background: var(--pano-ground); }
      label.inline { display: inline-flex; align-items: center; gap: 8px; }
    `,
  ];
}

declare global {
  interface HTMLElementTagNameMap {
    'ctl-register-preview': CtlRegisterPreview;
  }
}
