/** node-canvas as the renderer's platform: registered fonts, a measurer, a drawn surface. */
import { createCanvas, type Canvas } from 'canvas';
import { registerFonts } from '../../../../server/print/fonts.js';
import { contextMeasurer, drawLayout, type DrawingContext, type Layout, type TextMeasurer } from '../../../../display/render/index.js';

registerFonts();

export function nodeMeasurer(): TextMeasurer {
  return contextMeasurer(createCanvas(1, 1).getContext('2d') as unknown as DrawingContext);
}

export function drawToCanvas(layout: Layout): Canvas {
  const canvas = createCanvas(Math.max(1, layout.width), Math.max(1, layout.height));
  drawLayout(canvas.getContext('2d') as unknown as DrawingContext, layout);
  return canvas;
}
