import { LitElement, css, html, type PropertyValues } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import { contextMeasurer, drawLayout, fontCss, fontFace, layoutSlide, type DrawingContext, type ImageLookup } from '../../display/render/index.js';
import { artworkSlide, type LayoutContent } from '../../server/print/artwork.js';

/** Preview box in CSS px: the banner fits inside, in its true proportions. */
const MAX_W = 640;
const MAX_H = 320;

/**
 * The artwork as it will print, laid out as print lays it out (the same slide input) and drawn by
 * display/render in true proportion: the bleed outside the dashed trim line, the safe area
 * inside the dotted line. A panel's photos come as decoded bitmaps; missing ones show grey.
 */
@customElement('ctl-print-preview')
export class CtlPrintPreview extends LitElement {
  @property({ attribute: false }) content: LayoutContent = { template: 'banner', text: '' };
  @property({ attribute: false }) images: ImageLookup | undefined;
  @property({ type: Number }) widthMm = 5000;
  @property({ type: Number }) heightMm = 800;
  @property({ type: Number }) bleedMm = 10;
  @property({ type: Number }) safeMm = 50;
  @query('canvas') private canvas!: HTMLCanvasElement;
  private fontsReady = false;

  override connectedCallback(): void {
    super.connectedCallback();
    // Measure only with the real font: a fallback font would break lines differently from print.
    void document.fonts.load(fontCss(fontFace(700), 48), 'Ểễậ').then(() => {
      this.fontsReady = true;
      this.draw();
    });
  }

  protected override updated(_changed: PropertyValues): void {
    this.draw();
  }

  private draw(): void {
    if (!this.canvas || !this.fontsReady || !(this.widthMm > 0 && this.heightMm > 0)) return;
    const artW = this.widthMm + 2 * this.bleedMm;
    const artH = this.heightMm + 2 * this.bleedMm;
    const pxPerMm = Math.min(MAX_W / artW, MAX_H / artH);
    const dpr = window.devicePixelRatio || 1;
    const w = Math.max(1, Math.round(artW * pxPerMm));
    const h = Math.max(1, Math.round(artH * pxPerMm));
    // Height follows the canvas's own proportions, so a narrow column can shrink the picture.
    this.canvas.style.width = `${w}px`;
    this.canvas.width = Math.round(w * dpr);
    this.canvas.height = Math.round(h * dpr);
    const unit = pxPerMm * dpr;
    const ctx = this.canvas.getContext('2d')!;
    const drawing = ctx as unknown as DrawingContext;
    const page = {
      art: { x: 0, y: 0, w: this.canvas.width, h: this.canvas.height },
      safeInset: (this.bleedMm + this.safeMm) * unit,
      widthMm: this.widthMm,
      heightMm: this.heightMm,
    };
    // An empty banner still shows its ground, so the size can be judged before choosing a slogan.
    const content = this.content.template === 'banner' && !this.content.text ? { ...this.content, text: ' ' } : this.content;
    drawLayout(drawing, layoutSlide(artworkSlide(page, content), contextMeasurer(drawing)), this.images);
    this.setAttribute('data-drawn', content.template === 'banner' ? content.text : content.template);
    ctx.save();
    ctx.strokeStyle = 'rgb(255 255 255 / 80%)';
    ctx.lineWidth = dpr;
    ctx.setLineDash([6 * dpr, 4 * dpr]);
    const b = this.bleedMm * unit;
    ctx.strokeRect(b, b, this.canvas.width - 2 * b, this.canvas.height - 2 * b);
    ctx.setLineDash([2 * dpr, 3 * dpr]);
    const s = (this.bleedMm + this.safeMm) * unit;
    ctx.strokeRect(s, s, this.canvas.width - 2 * s, this.canvas.height - 2 * s);
    ctx.restore();
  }

  override render() {
    const c = this.content;
    const label = c.template === 'banner' ? c.text : c.template === 'backdrop' ? [c.topLine, ...c.titleLines, c.datePlace].join(' ') : c.title;
    return html`<canvas data-testid="print-preview" role="img" aria-label=${label}></canvas>`;
  }

  static override styles = css`
    :host { display: block; }
    canvas { display: block; max-width: 100%; height: auto; box-shadow: 0 1px 4px rgb(0 0 0 / 25%); }
  `;
}

declare global {
  interface HTMLElementTagNameMap {
    'ctl-print-preview': CtlPrintPreview;
  }
}
