import { describe, expect, it } from 'vitest';
import { createCanvas } from 'canvas';
import { drawLayout, layoutSlide, type DrawingContext } from '../../../display/render/index.js';
import { PLAN_SLOGANS } from '../../support/plan-slogans.js';
import { drawToCanvas, nodeMeasurer } from './support/node-canvas.js';

describe('drawLayout', () => {
  it('draws strips under a whole-pixel translate that join into the same image', () => {
    const layout = layoutSlide({ template: 'banner', width: 900, height: 180, text: PLAN_SLOGANS[2]!, fields: { star: true } }, nodeMeasurer());
    const whole = drawToCanvas(layout).getContext('2d').getImageData(0, 0, 900, 180).data;
    const strip = 37;
    for (let top = 0; top < 180; top += strip) {
      const h = Math.min(strip, 180 - top);
      const canvas = createCanvas(900, h);
      const ctx = canvas.getContext('2d');
      ctx.translate(0, -top);
      drawLayout(ctx as unknown as DrawingContext, layout);
      const part = ctx.getImageData(0, 0, 900, h).data;
      expect(Buffer.from(part).equals(Buffer.from(whole.subarray(top * 900 * 4, (top + h) * 900 * 4))), `strip at ${top}`).toBe(true);
    }
  });

  it('leaves the caller transform and state as it found them', () => {
    const ctx = createCanvas(200, 100).getContext('2d');
    ctx.translate(3, -7);
    ctx.font = '10px serif';
    const layout = layoutSlide({ template: 'gate-ticker', width: 200, height: 100, text: 'Chào mừng' }, nodeMeasurer());
    drawLayout(ctx as unknown as DrawingContext, layout);
    expect(ctx.currentTransform.e).toBe(3);
    expect(ctx.currentTransform.f).toBe(-7);
    expect(ctx.font).toBe('10px serif');
  });
});
