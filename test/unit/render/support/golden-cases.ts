/** The plan slogans on every template at one representative size each: golden data and sheet. */
import type { Layout, SlideInput } from '../../../../display/render/index.js';
import { bannerMaxLines } from '../../../../server/protocol/print.js';
import { PLAN_SLOGANS } from '../../../support/plan-slogans.js';
import { testPhotos } from './photos.js';

export interface GoldenCase {
  name: string;
  input: SlideInput;
}

/** 5 m × 0.8 m at 15 dpi: the print proportions at a size tests can afford. */
const SIZES = [
  { label: 'banner 5x0.8m', template: 'banner', width: 2953, height: 472 },
  { label: 'backdrop', template: 'backdrop', width: 1920, height: 720 },
  { label: 'lobby 16:9', template: 'lobby-card', width: 1920, height: 1080 },
  { label: 'lobby 9:16', template: 'lobby-card', width: 1080, height: 1920 },
  { label: 'mourning', template: 'mourning', width: 1920, height: 1080 },
  { label: 'gate 192x32', template: 'gate-ticker', width: 192, height: 32 },
  { label: 'gate mourning', template: 'mourning', width: 192, height: 32 },
  // A phướn, 800 × 2400 mm at 15 dpi, with the line cap the print gives it.
  { label: 'phuon 0.8x2.4m', template: 'banner', width: 472, height: 1417, maxLines: bannerMaxLines(800, 2400) },
  { label: 'photo panel', template: 'photo-panel', width: 1920, height: 1080 },
] as const;

export const GOLDEN_COLUMNS = SIZES.map((s) => s.label);

export function goldenCases(): GoldenCase[] {
  return PLAN_SLOGANS.flatMap((text, i) =>
    SIZES.map((s) => ({
      name: `${i + 1} ${s.label}`,
      input: {
        template: s.template,
        width: s.width,
        height: s.height,
        ...('maxLines' in s ? { options: { maxLines: s.maxLines } } : {}),
        text,
        fields: {
          star: i % 2 === 0,
          caption: 'Đợt 2: Đại hội Đảng bộ Văn phòng Chính phủ',
          date: '03/02/2020',
          clock: '08:30',
          datePlace: 'Hà Nội, ngày 03/02/2020',
          // Photo panels: one to nine photos, so every grid shape is pinned.
          photos: testPhotos((i % 9) + 1),
        },
      },
    })),
  );
}

export interface GoldenSummary {
  [role: string]: { size: number; lines: string[] };
}

/** What the golden file pins: each block's lines and its size to a quarter pixel. */
export function summarize(layout: Layout): GoldenSummary {
  const out: GoldenSummary = {};
  for (const b of layout.blocks) {
    if (b.lines.length > 0) out[b.role] = { size: Math.round(b.sizePx * 4) / 4, lines: b.lines.map((l) => l.text) };
  }
  return out;
}
