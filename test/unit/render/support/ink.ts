/** The ink check shared by the render tests: pixels outside the safe area that are not ground. */
import type { CanvasRenderingContext2D } from 'canvas';
import type { ImageLookup, Layout, Rect } from '../../../../display/render/index.js';
import { drawToCanvas } from './node-canvas.js';

/** Pixels wholly outside the safe area that differ from the ground colour. */
export function strayInk(layout: Layout, images?: ImageLookup): number {
  const ground = layout.ops[0]!;
  if (ground.kind !== 'rect') throw new Error('first op must be the ground');
  const want = [1, 3, 5].map((i) => parseInt(ground.fill.slice(i, i + 2), 16));
  const ctx = drawToCanvas(layout, images).getContext('2d') as CanvasRenderingContext2D;
  const s = layout.safeArea;
  const x0 = Math.floor(s.x);
  const y0 = Math.floor(s.y);
  const x1 = Math.ceil(s.x + s.w);
  const y1 = Math.ceil(s.y + s.h);
  const regions: Rect[] = [
    { x: 0, y: 0, w: layout.width, h: y0 },
    { x: 0, y: y1, w: layout.width, h: layout.height - y1 },
    { x: 0, y: y0, w: x0, h: y1 - y0 },
    { x: x1, y: y0, w: layout.width - x1, h: y1 - y0 },
  ];
  let stray = 0;
  for (const r of regions) {
    if (r.w <= 0 || r.h <= 0) continue;
    const { data } = ctx.getImageData(r.x, r.y, r.w, r.h);
    for (let i = 0; i < data.length; i += 4) {
      if (data[i] !== want[0] || data[i + 1] !== want[1] || data[i + 2] !== want[2]) stray++;
    }
  }
  return stray;
}
