import {
  contextMeasurer,
  drawLayout,
  layoutSlide,
  type DrawingContext,
  type Layout,
  type SlideInput,
} from '../render/index.js';

/**
 * The full-screen canvas. Layout is computed once per (item, size, minute) and reused between
 * frames; the ticker is the only template redrawn every frame.
 */
export class Stage {
  private readonly ctx: CanvasRenderingContext2D;
  private cachedKey = '';
  private cached: Layout | undefined;

  constructor(private readonly canvas: HTMLCanvasElement) {
    const ctx = canvas.getContext('2d', { alpha: false });
    if (!ctx) throw new Error('Canvas 2D không khả dụng');
    this.ctx = ctx;
  }

  /** Matches the backing store to the screen's device pixels; true when the size changed. */
  fit(): boolean {
    const w = Math.round(this.canvas.clientWidth * devicePixelRatio);
    const h = Math.round(this.canvas.clientHeight * devicePixelRatio);
    if (w === this.canvas.width && h === this.canvas.height) return false;
    this.canvas.width = w;
    this.canvas.height = h;
    return true;
  }

  get size(): { width: number; height: number } {
    return { width: this.canvas.width, height: this.canvas.height };
  }

  draw(input: Omit<SlideInput, 'width' | 'height'>): Layout {
    const full: SlideInput = { ...input, width: this.canvas.width, height: this.canvas.height };
    const key = JSON.stringify(full);
    if (key !== this.cachedKey || !this.cached) {
      this.cached = layoutSlide(full, contextMeasurer(this.ctx as unknown as DrawingContext));
      this.cachedKey = key;
    }
    this.ctx.setTransform(1, 0, 0, 1, 0, 0);
    drawLayout(this.ctx as unknown as DrawingContext, this.cached);
    return this.cached;
  }
}
