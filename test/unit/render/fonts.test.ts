import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCanvas } from 'canvas';
import { ASSETS_FONTS_DIR, FONT_FILES, registerFonts } from '../../../server/print/fonts.js';
import { ADVANCE_CHARS, ADVANCE_TABLE } from '../../../display/render/text/advance-table.js';
import { contextMeasurer, fontFace, type DrawingContext } from '../../../display/render/index.js';
import { measureAdvanceData, tableChars } from './support/advance-table.js';

describe('registerFonts', () => {
  it('finds the four TTFs under assets/fonts', () => {
    expect(FONT_FILES.map((f) => f.weight)).toEqual([400, 500, 700, 800]);
    for (const f of FONT_FILES) expect(existsSync(join(ASSETS_FONTS_DIR, f.file))).toBe(true);
  });

  it('is idempotent and measures Be Vietnam Pro, not a fallback', () => {
    registerFonts();
    registerFonts();
    const m = contextMeasurer(createCanvas(1, 1).getContext('2d') as unknown as DrawingContext);
    // Stacked marks of Be Vietnam Pro Bold: Ể reaches 1.16 em, Ệ goes 0.245 em below.
    expect(m.measure('Ể', fontFace(700), 1000).ascent).toBeCloseTo(1158, -1);
    expect(m.measure('Ệ', fontFace(700), 1000).descent).toBeCloseTo(247, -1);
    const widths = ([400, 500, 700, 800] as const).map((w) => m.measure('ĐẢNG CỘNG SẢN', fontFace(w), 100).width);
    expect(new Set(widths).size).toBe(4);
  });
});

describe('the committed font table', () => {
  it('matches the font files (regenerate with support/write-advance-table.ts)', () => {
    const chars = tableChars();
    expect(ADVANCE_CHARS).toBe(chars);
    expect(ADVANCE_TABLE).toEqual(measureAdvanceData(chars));
  });
});
