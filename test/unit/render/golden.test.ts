/**
 * Golden layouts: line breaks and sizes of every plan slogan on every template, as reviewed on
 * test/render-contact-sheet.png. Regenerate both with support/write-golden.ts and look first.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { layoutSlide } from '../../../display/render/index.js';
import { goldenCases, summarize, type GoldenSummary } from './support/golden-cases.js';
import { nodeMeasurer } from './support/node-canvas.js';

const golden = JSON.parse(readFileSync(new URL('./golden-layouts.json', import.meta.url), 'utf8')) as Record<string, GoldenSummary>;
const measurer = nodeMeasurer();

describe('golden layouts of the plan slogans', () => {
  const cases = goldenCases();
  it('covers every case', () => {
    expect(Object.keys(golden).sort()).toEqual(cases.map((c) => c.name).sort());
  });
  for (const c of cases) {
    it(c.name, () => {
      const got = summarize(layoutSlide(c.input, measurer));
      const want = golden[c.name]!;
      expect(Object.keys(got)).toEqual(Object.keys(want));
      for (const role of Object.keys(want)) {
        expect(got[role]!.lines).toEqual(want[role]!.lines);
        // Sizes come from real measurement: allow a font or Cairo update one step of drift.
        expect(Math.abs(got[role]!.size - want[role]!.size)).toBeLessThanOrEqual(Math.max(1, want[role]!.size * 0.01));
      }
    });
  }
});
