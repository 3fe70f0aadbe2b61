import { describe, expect, it } from 'vitest';
import { PrintError } from '../../../server/print/errors.js';
import { MAX_PNG_PIXELS, mmToPt, planPage } from '../../../server/print/size.js';
import { planStrips } from '../../../server/print/png.js';
import { PrintJobRequestSchema, resolveSettings, type PrintSettingsInput, type ResolvedSettings } from '../../../server/protocol/print.js';

const settings = (s: Partial<ResolvedSettings> & Pick<ResolvedSettings, 'format'>): ResolvedSettings => ({
  preset: undefined,
  widthMm: 5000,
  heightMm: 800,
  bleedMm: 10,
  safeMm: 50,
  marks: false,
  slug: false,
  zip: false,
  cmyk: false,
  outlines: false,
  ...s,
});

function refusal(s: ResolvedSettings): PrintError {
  try {
    planPage(s);
  } catch (err) {
    if (err instanceof PrintError) return err;
    throw err;
  }
  throw new Error(`accepted ${JSON.stringify(s)}`);
}

describe('planPage', () => {
  it('makes a PDF page of trim + 2 × bleed in whole points, within half a point', () => {
    const page = planPage(settings({ format: 'pdf' }));
    expect(Math.abs(page.width - mmToPt(5020))).toBeLessThanOrEqual(0.5);
    expect(Math.abs(page.height - mmToPt(820))).toBeLessThanOrEqual(0.5);
    expect(page).toMatchObject({ scale: 1, dpi: undefined, art: { x: 0, y: 0 } });
    expect(page.trim.x).toBe(Math.round(mmToPt(10)));
    expect(page.safeInset).toBe(Math.round(mmToPt(10)) + Math.round(mmToPt(50)));
  });

  it('adds a 15 mm margin on every side for marks or slug, at paper size whatever the scale', () => {
    const plain = planPage(settings({ format: 'pdf' }));
    const marked = planPage(settings({ format: 'pdf', marks: true }));
    expect(marked.width - plain.width).toBe(2 * Math.round(mmToPt(15)));
    const scaled = planPage(settings({ format: 'pdf', widthMm: 12000, heightMm: 5000, slug: true }));
    expect(scaled.scale).toBe(10);
    expect(scaled.art.x).toBe(Math.round(mmToPt(15)));
  });

  it('scales a PDF past 5.08 m to 1:10 by itself, or to the chosen scale, and refuses a scale that does not fit', () => {
    expect(planPage(settings({ format: 'pdf', widthMm: 5060 })).scale).toBe(1);
    const big = planPage(settings({ format: 'pdf', widthMm: 12000, heightMm: 5000 }));
    expect(big.scale).toBe(10);
    expect(Math.abs(big.width - mmToPt(1202))).toBeLessThanOrEqual(0.5);
    expect(planPage(settings({ format: 'pdf', widthMm: 12000, heightMm: 5000, scale: 5 })).scale).toBe(5);
    expect(refusal(settings({ format: 'pdf', widthMm: 12000, heightMm: 5000, scale: 2 })).vi).toMatch(/5080 mm/);
    expect(refusal(settings({ format: 'pdf', dpi: 150 })).en).toMatch(/dpi does not apply/);
  });

  it('sizes a PNG in whole pixels at the dpi, and lets it grow past one Cairo surface', () => {
    const page = planPage(settings({ format: 'png', widthMm: 12000, heightMm: 5000, bleedMm: 0, dpi: 100 }));
    expect([page.width, page.height]).toEqual([47244, 19685]);
    const strips = planStrips(page.width, page.height);
    expect(strips.tileWidth).toBeLessThanOrEqual(32767);
    expect(strips.tileWidth * strips.rows * 4).toBeLessThanOrEqual(64 * 1024 * 1024);
  });

  it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY, 1e9, 50_000.1])('refuses a side of %s mm', (mm) => {
    for (const format of ['pdf', 'png'] as const) expect(refusal(settings({ format, widthMm: mm })).vi).toMatch(/Chiều rộng/);
    expect(refusal(settings({ format: 'png', heightMm: mm })).code).toBe('invalid-size');
  });

  it.each([0, 9, 601, 150.5, Number.NaN, -150, 1e9])('refuses %s dpi', (dpi) => {
    expect(refusal(settings({ format: 'png', dpi })).vi).toMatch(/10 đến 600 dpi/);
  });

  it('refuses bleed and safe margins out of range, and a safe margin that leaves no room', () => {
    expect(refusal(settings({ format: 'pdf', bleedMm: -1 })).vi).toMatch(/xuất huyết/);
    expect(refusal(settings({ format: 'pdf', bleedMm: Number.NaN })).code).toBe('invalid-size');
    expect(refusal(settings({ format: 'pdf', safeMm: 400 })).vi).toMatch(/không chừa chỗ/);
  });

  it('refuses a PNG over 4 Gpx, and one that rounds to no pixels', () => {
    const err = refusal(settings({ format: 'png', widthMm: 50_000, heightMm: 50_000, dpi: 100 }));
    expect(err.en).toMatch(String(MAX_PNG_PIXELS));
    expect(refusal(settings({ format: 'png', widthMm: 0.5, heightMm: 100, bleedMm: 0, safeMm: 0, dpi: 10 })).vi).toMatch(/quá nhỏ/);
  });
});

describe('print request schema', () => {
  const ok = (r: PrintSettingsInput & { items: number[] }) => PrintJobRequestSchema.safeParse(r).success;
  it('takes a preset or both sides, and applies the preset defaults', () => {
    expect(ok({ items: [1], preset: 'bang-ron-5x0.8', format: 'pdf' })).toBe(true);
    expect(ok({ items: [1], widthMm: 800, heightMm: 2500, format: 'png', dpi: 100 })).toBe(true);
    expect(ok({ items: [1], widthMm: 800, format: 'pdf' })).toBe(false);
    const a4 = resolveSettings(PrintJobRequestSchema.parse({ items: [1], preset: 'a4', format: 'pdf' }))!;
    expect(a4).toMatchObject({ widthMm: 297, heightMm: 210, bleedMm: 3, safeMm: 10 });
  });

  it.each([0, -5, 1e9, 50_001])('refuses %s mm at the boundary', (mm) => {
    expect(ok({ items: [1], widthMm: mm, heightMm: 800, format: 'pdf' })).toBe(false);
  });

  it('refuses unknown fields, empty batches and bad dpi', () => {
    expect(PrintJobRequestSchema.safeParse({ items: [1], preset: 'a4', format: 'pdf', colour: 'red' }).success).toBe(false);
    expect(ok({ items: [], preset: 'a4', format: 'pdf' })).toBe(false);
    expect(ok({ items: [1], preset: 'a4', format: 'png', dpi: 0 })).toBe(false);
  });
});
