/** The focus crop: never stretched, the focus box always wholly visible, the crop inside the picture. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { focusCrop, placement, type FocusBox } from '../../../display/render/index.js';

const EPS = 1e-9;
const size = fc.integer({ min: 1, max: 12_000 });
const frameArb = fc.record({ x: fc.integer({ min: -50, max: 500 }), y: fc.integer({ min: -50, max: 500 }), w: fc.integer({ min: 1, max: 8000 }), h: fc.integer({ min: 1, max: 8000 }) });
const focusArb = fc
  .record({ x: fc.double({ min: 0, max: 0.999, noNaN: true }), y: fc.double({ min: 0, max: 0.999, noNaN: true }), fw: fc.double({ min: 0.001, max: 1, noNaN: true }), fh: fc.double({ min: 0.001, max: 1, noNaN: true }) })
  .map(({ x, y, fw, fh }): FocusBox => ({ x, y, width: Math.min(fw, 1 - x), height: Math.min(fh, 1 - y) }));
const close = (a: number, b: number) => Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(a), Math.abs(b));

describe('focusCrop', () => {
  it('keeps the aspect (one scale), the focus box inside the visible part, the crop inside the picture and the frame', () => {
    fc.assert(
      fc.property(size, size, focusArb, frameArb, (pw, ph, focus, frame) => {
        const { source, dest } = focusCrop({ width: pw, height: ph }, focus, frame);
        // One scale for both axes: source px per dest px is the same across and down.
        expect(close((source.w * pw) / dest.w, (source.h * ph) / dest.h)).toBe(true);
        // The crop lies in the picture.
        expect(source.x).toBeGreaterThanOrEqual(-EPS);
        expect(source.y).toBeGreaterThanOrEqual(-EPS);
        expect(source.x + source.w).toBeLessThanOrEqual(1 + EPS);
        expect(source.y + source.h).toBeLessThanOrEqual(1 + EPS);
        // The focus box lies in the crop.
        expect(source.x).toBeLessThanOrEqual(focus.x + EPS);
        expect(source.y).toBeLessThanOrEqual(focus.y + EPS);
        expect(source.x + source.w).toBeGreaterThanOrEqual(focus.x + focus.width - 1e-7);
        expect(source.y + source.h).toBeGreaterThanOrEqual(focus.y + focus.height - 1e-7);
        // What is drawn stays in the frame, and fills it along at least one axis (no needless border).
        expect(dest.x).toBeGreaterThanOrEqual(frame.x - 1e-6);
        expect(dest.y).toBeGreaterThanOrEqual(frame.y - 1e-6);
        expect(dest.x + dest.w).toBeLessThanOrEqual(frame.x + frame.w + 1e-6);
        expect(dest.y + dest.h).toBeLessThanOrEqual(frame.y + frame.h + 1e-6);
        expect(close(dest.w, frame.w) || close(dest.h, frame.h)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('fills the whole frame whenever the focus box fits at the scale that covers it', () => {
    fc.assert(
      fc.property(size, size, focusArb, frameArb, (pw, ph, focus, frame) => {
        const cover = Math.max(frame.w / pw, frame.h / ph);
        fc.pre(focus.width * pw * cover <= frame.w * (1 - 1e-9) && focus.height * ph * cover <= frame.h * (1 - 1e-9));
        const { dest } = focusCrop({ width: pw, height: ph }, focus, frame);
        expect(close(dest.w, frame.w) && close(dest.h, frame.h)).toBe(true);
      }),
    );
  });

  it('places the whole picture so that its crop lands on the destination', () => {
    fc.assert(
      fc.property(size, size, focusArb, frameArb, (pw, ph, focus, frame) => {
        const crop = focusCrop({ width: pw, height: ph }, focus, frame);
        const at = placement(crop);
        expect(close(at.w / at.h, pw / ph)).toBe(true);
        expect(close(at.x + crop.source.x * at.w, crop.dest.x)).toBe(true);
        expect(close(at.y + (crop.source.y + crop.source.h) * at.h, crop.dest.y + crop.dest.h)).toBe(true);
      }),
    );
  });

  it('examples: a wide photo in a square frame crops its sides around the focus; a whole-picture box letterboxes', () => {
    const frame = { x: 0, y: 0, w: 1000, h: 1000 };
    const left = focusCrop({ width: 4000, height: 2000 }, { x: 0, y: 0, width: 0.25, height: 1 }, frame);
    expect(left.source).toEqual({ x: 0, y: 0, w: 0.5, h: 1 });
    expect(left.dest).toEqual(frame);
    const whole = focusCrop({ width: 4000, height: 2000 }, { x: 0, y: 0, width: 1, height: 1 }, frame);
    expect(whole.source).toEqual({ x: 0, y: 0, w: 1, h: 1 });
    expect(whole.dest).toEqual({ x: 0, y: 250, w: 1000, h: 500 });
  });
});
