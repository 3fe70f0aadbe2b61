/**
 * Renderer throughput on node-canvas with the real fonts: layouts per second for the whole plan
 * on each template, and time to first frame (layout + draw) of a 4K lobby card.
 */
import { createCanvas } from 'canvas';
import { TEMPLATE_IDS, contextMeasurer, drawLayout, layoutSlide, type DrawingContext, type SlideInput } from '../../display/render/index.js';
import { registerFonts } from '../../server/print/fonts.js';
import { PLAN_SLOGANS } from '../support/plan-slogans.js';
import type { BenchRow } from './table.js';

const SURFACE: Record<(typeof TEMPLATE_IDS)[number], [number, number]> = {
  banner: [29528, 4724],
  backdrop: [3840, 1440],
  'lobby-card': [3840, 2160],
  'gate-ticker': [192, 32],
  mourning: [3840, 2160],
  'photo-panel': [3840, 2160],
};

const FIELDS = { star: true, caption: 'Đợt 2: Đại hội Đảng bộ Văn phòng Chính phủ', date: '03/02/2020', clock: '08:30' };

export default async function renderBench(): Promise<BenchRow[]> {
  registerFonts();
  const measurer = contextMeasurer(createCanvas(1, 1).getContext('2d') as unknown as DrawingContext);
  const rows: BenchRow[] = [];
  for (const template of TEMPLATE_IDS) {
    const [width, height] = SURFACE[template];
    const inputs: SlideInput[] = PLAN_SLOGANS.map((text) => ({ template, width, height, text, fields: FIELDS }));
    for (const input of inputs) layoutSlide(input, measurer);
    let n = 0;
    const start = performance.now();
    while (performance.now() - start < 1000) {
      for (const input of inputs) layoutSlide(input, measurer);
      n += inputs.length;
    }
    const perSecond = (n * 1000) / (performance.now() - start);
    rows.push({ bench: 'render', case: `layouts/s ${template} ${width}x${height}`, value: perSecond, unit: 'layouts/s', note: `${PLAN_SLOGANS.length} plan slogans` });
  }

  // First frame: a fresh canvas and measurer, as a display or a preview would start.
  const t0 = performance.now();
  const canvas = createCanvas(3840, 2160);
  const ctx = canvas.getContext('2d') as unknown as DrawingContext;
  const layout = layoutSlide({ template: 'lobby-card', width: 3840, height: 2160, text: PLAN_SLOGANS[9]!, fields: FIELDS }, contextMeasurer(ctx));
  const t1 = performance.now();
  drawLayout(ctx, layout);
  canvas.getContext('2d').getImageData(0, 0, 1, 1);
  const t2 = performance.now();
  rows.push({ bench: 'render', case: 'first frame lobby-card 3840x2160', value: t2 - t0, unit: 'ms', note: `layout ${(t1 - t0).toFixed(1)} ms + draw ${(t2 - t1).toFixed(1)} ms` });
  return rows;
}
