import { describe, expect, it } from 'vitest';
import { PrintError } from '../../../server/print/errors.js';
import { MAX_SURFACE_PX, mmToPt, planSurface, type BannerSize } from '../../../server/print/size.js';

function refusal(size: BannerSize): PrintError {
  try {
    planSurface(size);
  } catch (err) {
    if (err instanceof PrintError) return err;
    throw err;
  }
  throw new Error(`accepted ${JSON.stringify(size)}`);
}

describe('planSurface', () => {
  it('sizes a PDF page in whole points, within half a point of true size', () => {
    const plan = planSurface({ format: 'pdf', widthMm: 5000, heightMm: 800 });
    expect(plan).toMatchObject({ width: 14173, height: 2268, dpi: undefined });
    expect(Math.abs(plan.width - mmToPt(5000))).toBeLessThanOrEqual(0.5);
    expect(Math.abs(plan.height - mmToPt(800))).toBeLessThanOrEqual(0.5);
  });

  it('sizes a PNG in pixels at the requested dpi, 150 by default', () => {
    expect(planSurface({ format: 'png', widthMm: 5000, heightMm: 800, dpi: 20 })).toMatchObject({ width: 3937, height: 630, dpi: 20 });
    expect(planSurface({ format: 'png', widthMm: 5000, heightMm: 800 })).toMatchObject({ width: 29528, height: 4724, dpi: 150 });
  });

  it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY, 50_000.1])('refuses a side of %s mm', (mm) => {
    for (const format of ['pdf', 'png'] as const) {
      const err = refusal({ format, widthMm: mm, heightMm: 800 });
      expect(err.code).toBe('invalid-size');
      expect(err.vi).toMatch(/Chiều rộng/);
    }
    expect(refusal({ format: 'png', widthMm: 800, heightMm: mm, dpi: 10 }).vi).toMatch(/Chiều cao/);
  });

  it("refuses a PDF side over Acrobat's 200 in, and dpi on a PDF", () => {
    expect(planSurface({ format: 'pdf', widthMm: 5080, heightMm: 100 }).width).toBe(14400);
    expect(refusal({ format: 'pdf', widthMm: 5081, heightMm: 100 }).vi).toMatch(/5080 mm/);
    expect(refusal({ format: 'pdf', widthMm: 100, heightMm: 6000 }).en).toMatch(/200 in/);
    expect(refusal({ format: 'pdf', widthMm: 100, heightMm: 100, dpi: 150 }).code).toBe('invalid-size');
  });

  it.each([9, 601, 150.5, Number.NaN])('refuses %s dpi', (dpi) => {
    expect(refusal({ format: 'png', widthMm: 1000, heightMm: 500, dpi }).vi).toMatch(/10 đến 600 dpi/);
  });

  it('refuses a PNG side over the Cairo limit, naming the largest dpi that fits', () => {
    const err = refusal({ format: 'png', widthMm: 5000, heightMm: 800, dpi: 300 });
    expect(err.vi).toMatch(/59055 × 9449 px/);
    expect(err.vi).toMatch(/tối đa 166 dpi/);
    expect(err.en).toMatch(/not supported yet/);
    // The suggested dpi really fits, and one more does not.
    expect(planSurface({ format: 'png', widthMm: 5000, heightMm: 800, dpi: 166 }).width).toBeLessThanOrEqual(MAX_SURFACE_PX);
    expect(refusal({ format: 'png', widthMm: 5000, heightMm: 800, dpi: 167 }).code).toBe('invalid-size');
  });

  it('refuses a PNG whose surface would exceed 1 GiB even with both sides in range', () => {
    expect(refusal({ format: 'png', widthMm: 5000, heightMm: 5000, dpi: 100 }).vi).toMatch(/1 GiB/);
  });

  it('refuses a PNG that rounds to zero pixels', () => {
    expect(refusal({ format: 'png', widthMm: 0.5, heightMm: 100, dpi: 10 }).vi).toMatch(/quá nhỏ/);
  });
});
