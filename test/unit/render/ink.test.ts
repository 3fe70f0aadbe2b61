/**
 * Every plan slogan on every template, drawn on node-canvas with the real fonts at sizes from a
 * 192×32 gate board to an 8 m × 1 m banner at 10 dpi: no pixel outside the safe area may differ
 * from the ground, no protected phrase is broken, no last line is a single syllable.
 */
import { describe, expect, it } from 'vitest';
import type { CanvasRenderingContext2D } from 'canvas';
import { DEFAULT_PROTECTED_PHRASES, TEMPLATE_IDS, layoutSlide, protectedSpans, type Layout, type Rect } from '../../../display/render/index.js';
import { PLAN_SLOGANS } from './plan-slogans.js';
import { drawToCanvas, nodeMeasurer } from './support/node-canvas.js';

const SIZES = [
  [192, 32],
  [480, 160],
  [960, 80],
  [1280, 720],
  [720, 1280],
  [1600, 400],
  [3150, 394],
] as const;

const measurer = nodeMeasurer();

/** Pixels wholly outside the safe area that differ from the ground colour. */
function strayInk(layout: Layout): number {
  const ground = layout.ops[0]!;
  if (ground.kind !== 'rect') throw new Error('first op must be the ground');
  const want = [1, 3, 5].map((i) => parseInt(ground.fill.slice(i, i + 2), 16));
  const ctx = drawToCanvas(layout).getContext('2d') as CanvasRenderingContext2D;
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

describe('plan slogans × templates × sizes on node-canvas', () => {
  for (const template of TEMPLATE_IDS) {
    it(`${template}: no ink outside the safe area, phrases whole, no orphan`, () => {
      let drawn = 0;
      for (const [width, height] of SIZES) {
        PLAN_SLOGANS.forEach((text, i) => {
          const layout = layoutSlide(
            {
              template,
              width,
              height,
              text,
              fields: {
                star: i % 2 === 0,
                caption: 'Đợt 2: Đại hội Đảng bộ Văn phòng Chính phủ',
                date: '03/02/2020',
                clock: '08:30',
                datePlace: 'Hà Nội, ngày 03/02/2020',
                tickerOffsetPx: i * 37,
              },
            },
            measurer,
          );
          expect(strayInk(layout), `${template} ${width}x${height} #${i + 1}`).toBe(0);
          const main = layout.blocks.find((b) => ['slogan', 'title', 'message', 'ticker'].includes(b.role))!;
          expect(main.lines.length, `${template} ${width}x${height} #${i + 1} drew nothing`).toBeGreaterThan(0);
          const joined = main.lines.map((l) => l.text).join('\n');
          for (const [start, end] of protectedSpans(joined.replace(/\n/gu, ' '), DEFAULT_PROTECTED_PHRASES)) {
            expect(joined.slice(start, end), `${template} ${width}x${height}`).not.toContain('\n');
          }
          const last = main.lines[main.lines.length - 1]!.text.split(' ').filter((w) => /\p{L}/u.test(w));
          if (main.lines.length > 1) expect(last.length).toBeGreaterThanOrEqual(2);
          drawn++;
        });
      }
      expect(drawn).toBe(SIZES.length * PLAN_SLOGANS.length);
    });
  }
});
