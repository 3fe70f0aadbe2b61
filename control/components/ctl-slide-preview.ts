import { LitElement, css, html, type PropertyValues } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import {
  contextMeasurer,
  drawLayout,
  FONT_WEIGHTS,
  fontCss,
  fontFace,
  layoutSlide,
  type DrawingContext,
  type ImageSource,
  type SlideFields,
  type TemplateId,
} from '../../display/render/index.js';
import { mediaFrame } from '../data/media.js';

let fontsReady: Promise<void> | undefined;

/**
 * Every weight the renderer uses (declared in theme.css), loaded before the first measurement:
 * measuring with a fallback font's widths would break lines where the screen does not.
 */
function loadFonts(): Promise<void> {
  fontsReady ??= Promise.all(FONT_WEIGHTS.map((w) => document.fonts.load(fontCss(fontFace(w), 48), 'Ểễậ'))).then(() => undefined);
  return fontsReady;
}

/**
 * One slide drawn by display/render at a given pixel size, the way a screen of that size draws
 * it; shown scaled to the element's width. Reusable wherever the panel shows what a screen shows.
 * A picture or clip (fields.media) is fetched and drawn as the screen draws it (a clip's first
 * frame); one that cannot be fetched shows as the renderer's flat placeholder.
 * The host carries data-template, data-text and (once drawn) data-drawn for tests and tools.
 */
@customElement('ctl-slide-preview')
export class CtlSlidePreview extends LitElement {
  @property({ reflect: true, attribute: 'data-template' }) template: TemplateId = 'lobby-card';
  @property({ reflect: true, attribute: 'data-text' }) text = '';
  @property({ attribute: false }) fields: SlideFields = {};
  /** Device pixels of the screen being imitated. */
  @property({ type: Number }) width = 1920;
  @property({ type: Number }) height = 1080;
  /** Spoken name of the picture, for screen readers. */
  @property() label = '';
  @query('canvas') private canvas!: HTMLCanvasElement;
  private drawCount = 0;

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    void this.draw();
  }

  private async draw(): Promise<void> {
    const ticket = ++this.drawCount;
    this.removeAttribute('data-drawn');
    const media = this.fields.media;
    const [, frame] = await Promise.all([loadFonts(), media ? mediaFrame(media).catch(() => undefined) : undefined]);
    // A newer draw started while the fonts or the picture loaded: let it win.
    if (ticket !== this.drawCount) return;
    const ctx = this.canvas.getContext('2d', { alpha: false });
    if (!ctx) return;
    const dc = ctx as unknown as DrawingContext;
    const layout = layoutSlide(
      { template: this.template, width: this.width, height: this.height, text: this.text, fields: this.fields },
      contextMeasurer(dc),
    );
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    drawLayout(dc, layout, (id): ImageSource | undefined => (id === media?.id ? frame : undefined));
    this.setAttribute('data-drawn', String(ticket));
  }

  override render() {
    return html`<canvas role="img" aria-label=${this.label || this.text} width=${this.width} height=${this.height}></canvas>`;
  }

  static override styles = css`
    :host { display: block; }
    canvas { display: block; width: 100%; height: auto; background: #000; border-radius: 4px; }
  `;
}

declare global {
  interface HTMLElementTagNameMap {
    'ctl-slide-preview': CtlSlidePreview;
  }
}
