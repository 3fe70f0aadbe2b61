/** node-canvas as the renderer's platform: registered fonts, a measurer, a drawn surface. */
import { createCanvas, type Canvas } from 'canvas';
import { registerFonts } from '../../../../server/print/fonts.js';
import { contextMeasurer, drawLayout, type DrawingContext, type ImageLookup, type Layout, type PanelPhoto, type TextMeasurer } from '../../../../display/render/index.js';

registerFonts();

export function nodeMeasurer(): TextMeasurer {
  return contextMeasurer(createCanvas(1, 1).getContext('2d') as unknown as DrawingContext);
}

export function drawToCanvas(layout: Layout, images?: ImageLookup): Canvas {
  const canvas = createCanvas(Math.max(1, layout.width), Math.max(1, layout.height));
  drawLayout(canvas.getContext('2d') as unknown as DrawingContext, layout, images);
  return canvas;
}

/** Bright colours no template uses as ground, so stray picture pixels show in ink checks. */
const FILLS = ['#1E88E5', '#43A047', '#FB8C00', '#8E24AA', '#00ACC1', '#C0CA33', '#6D4C41', '#F06292', '#3949AB'];

/** A small solid picture per photo, of the photo's aspect (drawImage scales it to its rectangle). */
export function solidImages(photos: readonly PanelPhoto[]): ImageLookup {
  const images = new Map<string, Canvas>();
  photos.forEach((p, k) => {
    const scale = 64 / Math.max(p.width, p.height);
    const canvas = createCanvas(Math.max(1, Math.round(p.width * scale)), Math.max(1, Math.round(p.height * scale)));
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = FILLS[k % FILLS.length]!;
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    images.set(p.id, canvas);
  });
  return (id) => images.get(id);
}
