/**
 * Every plan slogan on every template, drawn on node-canvas with the real fonts at sizes from a
 * 192×32 gate board to an 8 m × 1 m banner at 10 dpi: no pixel outside the safe area may differ
 * from the ground, no protected phrase is broken, no last line is a single syllable. Photo panels
 * get one to nine photos, drawn as solid-colour pictures.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_PROTECTED_PHRASES, TEMPLATE_IDS, layoutSlide, protectedSpans } from '../../../display/render/index.js';
import { PLAN_SLOGANS } from '../../support/plan-slogans.js';
import { nodeMeasurer, solidImages } from './support/node-canvas.js';
import { strayInk } from './support/ink.js';
import { testPhotos } from './support/photos.js';

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

describe('plan slogans × templates × sizes on node-canvas', () => {
  for (const template of TEMPLATE_IDS) {
    it(`${template}: no ink outside the safe area, phrases whole, no orphan`, () => {
      let drawn = 0;
      for (const [width, height] of SIZES) {
        PLAN_SLOGANS.forEach((text, i) => {
          const photos = testPhotos((i % 9) + 1);
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
                photos,
              },
            },
            measurer,
          );
          expect(strayInk(layout, solidImages(photos)), `${template} ${width}x${height} #${i + 1}`).toBe(0);
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
      // 105 surfaces measured and drawn with the real fonts: 2–4 s alone, more beside other files.
    }, 30_000);
  }
});
