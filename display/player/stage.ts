import {
  contextMeasurer,
  drawLayout,
  layoutSlide,
  type DrawingContext,
  type ImageLookup,
  type Layout,
  type SlideInput,
} from '../render/index.js';

type Slide = Omit<SlideInput, 'width' | 'height'>;

/**
 * Two full-screen canvases stacked. A new slide is drawn completely into the hidden one, which
 * then fades in by CSS opacity: the compositor does the crossfade, so a 4K screen spends one
 * layout and one draw per slide and never shows a half-drawn or empty canvas. The next slide is
 * drawn ahead (`prepare`) while the current one stands still: on a 4K screen that draw takes
 * longer than a frame and would otherwise stall the start of the crossfade. The ticker, which
 * moves every frame, is redrawn in place on the visible canvas; a clip's frame is redrawn from the
 * slide's kept layout (`repaint`), so a playing clip costs a draw per frame but no layout.
 * Pictures come from the image lookup; a layer drawn while one was missing is drawn again when shown.
 */
export class Stage {
  private readonly layers: { canvas: HTMLCanvasElement; ctx: CanvasRenderingContext2D; key: string; layout?: Layout }[];
  private front = 0;

  constructor(canvases: [HTMLCanvasElement, HTMLCanvasElement]) {
    this.layers = canvases.map((canvas) => {
      const ctx = canvas.getContext('2d', { alpha: false });
      if (!ctx) throw new Error('Canvas 2D không khả dụng');
      return { canvas, ctx, key: '' };
    });
  }

  /** Matches both backing stores to the screen's device pixels; true when the size changed. */
  fit(): boolean {
    const { clientWidth, clientHeight } = this.layers[0]!.canvas;
    const w = Math.round(clientWidth * devicePixelRatio);
    const h = Math.round(clientHeight * devicePixelRatio);
    if (w === 0 || h === 0) return false;
    let changed = false;
    for (const layer of this.layers) {
      if (layer.canvas.width === w && layer.canvas.height === h) continue;
      layer.canvas.width = w;
      layer.canvas.height = h;
      layer.key = '';
      delete layer.layout;
      changed = true;
    }
    return changed;
  }

  get size(): { width: number; height: number } {
    const { width, height } = this.layers[0]!.canvas;
    return { width, height };
  }

  /** The canvas on screen (tests and the proof of play read it). */
  get visible(): HTMLCanvasElement {
    return this.layers[this.front]!.canvas;
  }

  /** Shows a slide: in place when only its moving parts changed (`inPlace`), else by crossfade. */
  show(slide: Slide, inPlace = false, images?: ImageLookup): void {
    const full: SlideInput = { ...slide, ...this.size };
    const key = JSON.stringify(full);
    const front = this.layers[this.front]!;
    if (key === front.key) return;
    if (inPlace && front.key !== '') {
      this.paint(front, full, key, images);
      return;
    }
    const back = this.layers[1 - this.front]!;
    if (back.key !== key) this.paint(back, full, key, images);
    back.canvas.classList.add('front');
    front.canvas.classList.remove('front');
    this.front = 1 - this.front;
  }

  /** Draws a slide into the hidden canvas, so that showing it later only starts the crossfade. */
  prepare(slide: Slide, images?: ImageLookup): void {
    const full: SlideInput = { ...slide, ...this.size };
    const key = JSON.stringify(full);
    const back = this.layers[1 - this.front]!;
    if (back.key !== key) this.paint(back, full, key, images);
  }

  /** Draws the slide on screen again from its layout: a clip's next frame. */
  repaint(images: ImageLookup): void {
    const front = this.layers[this.front]!;
    // A clip that is seeking has no frame for a moment: its last one stays rather than a placeholder.
    if (!front.layout || !front.layout.ops.every((op) => op.kind !== 'image' || images(op.imageId) !== undefined)) return;
    front.ctx.setTransform(1, 0, 0, 1, 0, 0);
    drawLayout(front.ctx as unknown as DrawingContext, front.layout, images);
  }

  private paint(layer: (typeof this.layers)[number], full: SlideInput, key: string, images: ImageLookup | undefined): void {
    const layout = layoutSlide(full, contextMeasurer(layer.ctx as unknown as DrawingContext));
    // A picture not decoded yet is drawn as the placeholder: such a layer is not kept as done.
    const complete = layout.ops.every((op) => op.kind !== 'image' || images?.(op.imageId) !== undefined);
    layer.key = complete ? key : '';
    layer.layout = layout;
    layer.ctx.setTransform(1, 0, 0, 1, 0, 0);
    drawLayout(layer.ctx as unknown as DrawingContext, layout, images);
  }
}
