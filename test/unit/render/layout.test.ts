import { describe, expect, it } from 'vitest';
import {
  DEFAULT_BACKDROP_TOP_LINE,
  TEMPLATE_IDS,
  fontCss,
  fontFace,
  layoutSlide,
  tickerCycleWidth,
  type Layout,
  type SlideInput,
  type TextMeasurer,
} from '../../../display/render/index.js';
import { PLAN_SLOGANS } from '../../support/plan-slogans.js';
import { bannerMaxLines } from '../../../server/protocol/print.js';
import { fakeMeasurer } from './support/fake-measurer.js';

const lines = (l: Layout, role: string) => l.blocks.find((b) => b.role === role)?.lines.map((x) => x.text) ?? [];
const slide = (over: Partial<SlideInput>): SlideInput => ({ template: 'banner', width: 1500, height: 300, text: PLAN_SLOGANS[3]!, ...over });

/** Every line's measured ink lies inside its block's box and the safe area. */
function expectInkInside(layout: Layout, measurer: TextMeasurer): void {
  const s = layout.safeArea;
  for (const b of layout.blocks) {
    for (const l of b.lines) {
      const m = measurer.measure(l.text, b.face, l.sizePx);
      // A scrolling line (gate ticker, mourning on a gate board) is clipped to the safe area.
      const clipped = b.role === 'ticker';
      if (!clipped) {
        expect(l.x).toBeGreaterThanOrEqual(s.x);
        expect(l.x + m.width).toBeLessThanOrEqual(s.x + s.w);
      }
      expect(l.baseline - m.ascent).toBeGreaterThanOrEqual(s.y);
      expect(l.baseline + m.descent).toBeLessThanOrEqual(s.y + s.h);
    }
  }
}

describe('layoutSlide', () => {
  it('exposes the six templates', () => {
    expect(TEMPLATE_IDS).toEqual(['banner', 'backdrop', 'lobby-card', 'gate-ticker', 'mourning', 'photo-panel']);
    expect(fontCss(fontFace(700), 12.5)).toBe('700 12.5px "Be Vietnam Pro"');
  });

  it('is deterministic and serialisable', () => {
    for (const template of TEMPLATE_IDS) {
      const a = layoutSlide(slide({ template }), fakeMeasurer());
      const b = layoutSlide(slide({ template }), fakeMeasurer());
      expect(a).toEqual(b);
      expect(JSON.parse(JSON.stringify(a))).toEqual(a);
    }
  });

  it('keeps all ink inside the safe area for every template and size', () => {
    const m = fakeMeasurer();
    const sizes = [[192, 32], [640, 80], [1500, 300], [1920, 1080], [1080, 1920], [800, 800], [29528, 4724]] as const;
    for (const template of TEMPLATE_IDS) {
      for (const [width, height] of sizes) {
        for (const text of PLAN_SLOGANS) {
          expectInkInside(layoutSlide(slide({ template, width, height, text, fields: { caption: 'Đợt 1', date: '03/02/2020', clock: '08:30', star: true } }), m), m);
        }
      }
    }
  });

  it('chooses nearly the largest size: 3 % more no longer fits (2 % is given up for platform parity)', () => {
    const m = fakeMeasurer();
    const l = layoutSlide(slide({ width: 3000, height: 500 }), m);
    const b = l.blocks[0]!;
    const size = b.sizePx * 1.03;
    const bigger = b.lines.map((x) => m.measure(x.text, b.face, size));
    const tooWide = bigger.some((x) => x.width + 0.04 * size > b.box.w - 2);
    const ascent0 = bigger[0]!.ascent;
    const tooTall = ascent0 + (b.lines.length - 1) * 1.25 * size + bigger[bigger.length - 1]!.descent > b.box.h - 2;
    expect(tooWide || tooTall).toBe(true);
  });

  it('decides the size on the font table too, so measurement jitter never changes it (issue 12 E19)', () => {
    for (const template of TEMPLATE_IDS) {
      for (const text of PLAN_SLOGANS.slice(0, 5)) {
        const base = layoutSlide(slide({ template, width: 1920, height: 1080, text }), fakeMeasurer());
        const jittered = layoutSlide(slide({ template, width: 1920, height: 1080, text }), fakeMeasurer(0.005, text.length));
        expect(jittered.blocks.map((b) => b.sizePx), `${template} ${text}`).toEqual(base.blocks.map((b) => b.sizePx));
      }
    }
  });

  it('decides line breaks on the font table, so measurement jitter never changes them', () => {
    for (const template of TEMPLATE_IDS) {
      for (const text of PLAN_SLOGANS) {
        for (const [width, height] of [[1920, 1080], [1080, 1920], [2953, 472]] as const) {
          const base = layoutSlide(slide({ template, width, height, text }), fakeMeasurer());
          const jittered = layoutSlide(slide({ template, width, height, text }), fakeMeasurer(0.01, text.length));
          expect(jittered.blocks.map((b) => b.lines.map((x) => x.text))).toEqual(base.blocks.map((b) => b.lines.map((x) => x.text)));
        }
      }
    }
  });

  it('normalises to NFC and uppercases banner text', () => {
    const l = layoutSlide(slide({ text: 'Nhiệt liệt chào mừng'.normalize('NFD'), width: 3000, height: 300 }), fakeMeasurer());
    expect(lines(l, 'slogan')).toEqual(['NHIỆT LIỆT CHÀO MỪNG'.normalize('NFC')]);
  });

  it('draws a yellow star on a banner only when asked', () => {
    const withStar = layoutSlide(slide({ fields: { star: true } }), fakeMeasurer());
    const star = withStar.ops.find((o) => o.kind === 'star');
    expect(star).toMatchObject({ fill: '#FFFF00' });
    expect(withStar.ops[0]).toMatchObject({ kind: 'rect', fill: '#DA251D' });
    expect(withStar.blocks[0]!.lines.every((x) => star && star.kind === 'star' && x.x > star.cx + star.outerR)).toBe(true);
    expect(layoutSlide(slide({}), fakeMeasurer()).ops.some((o) => o.kind === 'star')).toBe(false);
  });

  it('keeps a banner to two lines from 3:1 to 12:1', () => {
    for (const aspect of [3, 4, 6.25, 8, 12]) {
      for (const text of PLAN_SLOGANS) {
        const l = layoutSlide(slide({ width: Math.round(480 * aspect), height: 480, text }), fakeMeasurer());
        expect(l.blocks[0]!.lines.length).toBeLessThanOrEqual(2);
        expect(l.blocks[0]!.lines.length).toBeGreaterThanOrEqual(1);
      }
    }
  });

  it('lays a backdrop out with the Party slogan on top and a hierarchy of title sizes', () => {
    const l = layoutSlide(
      slide({
        template: 'backdrop',
        width: 4000,
        height: 1500,
        text: '',
        fields: { titleLines: ['Đại hội đại biểu', 'Đảng bộ Văn phòng Chính phủ lần thứ XXVI', 'Nhiệm kỳ 2020 - 2025'], datePlace: 'Hà Nội, tháng 7/2020' },
      }),
      fakeMeasurer(),
    );
    expect(lines(l, 'top-line')).toEqual([DEFAULT_BACKDROP_TOP_LINE]);
    expect(lines(l, 'title')).toEqual(['ĐẠI HỘI ĐẠI BIỂU', 'ĐẢNG BỘ VĂN PHÒNG CHÍNH PHỦ LẦN THỨ XXVI', 'NHIỆM KỲ 2020 - 2025']);
    const sizes = l.blocks.find((b) => b.role === 'title')!.lines.map((x) => x.sizePx);
    expect(sizes[1]).toBeGreaterThan(sizes[0]!);
    expect(sizes[1]).toBeGreaterThan(sizes[2]!);
    expect(lines(l, 'date-place')).toEqual(['Hà Nội, tháng 7/2020']);
    const custom = layoutSlide(slide({ template: 'backdrop', text: 'Hội nghị', fields: { topLine: '' } }), fakeMeasurer());
    expect(lines(custom, 'top-line')).toEqual([]);
    expect(lines(custom, 'title')).toEqual(['HỘI NGHỊ']);
  });

  it('gives a lobby card its slogan, caption, date and clock in both orientations', () => {
    for (const [width, height] of [[1920, 1080], [1080, 1920]] as const) {
      const l = layoutSlide(
        slide({ template: 'lobby-card', width, height, text: PLAN_SLOGANS[9]!, fields: { caption: 'Đợt 2', date: '03/02/2020', clock: '08:30' } }),
        fakeMeasurer(),
      );
      expect(lines(l, 'caption')).toEqual(['ĐỢT 2']);
      expect(lines(l, 'date')).toEqual(['03/02/2020']);
      expect(lines(l, 'clock')).toEqual(['08:30']);
      const slogan = l.blocks.find((b) => b.role === 'slogan')!;
      expect(slogan.sizePx).toBeGreaterThan(l.blocks.find((b) => b.role === 'caption')!.sizePx);
      expect(slogan.lines.map((x) => x.text).join(' ')).toBe(PLAN_SLOGANS[9]);
    }
  });

  it('snaps the gate ticker to whole pixels and scrolls it by the offset, wrapping', () => {
    const at = (tickerOffsetPx: number) =>
      layoutSlide(slide({ template: 'gate-ticker', width: 192, height: 32, text: PLAN_SLOGANS[0]!, fields: { tickerOffsetPx } }), fakeMeasurer());
    const l0 = at(0);
    const run = l0.blocks[0]!.lines[0]!;
    expect(Number.isInteger(run.sizePx) && Number.isInteger(run.x) && Number.isInteger(run.baseline)).toBe(true);
    expect(run.x).toBe(l0.safeArea.x);
    expect(at(50).blocks[0]!.lines[0]!.x).toBe(run.x - 50);
    const cycle = tickerCycleWidth(l0);
    expect(cycle).toBeGreaterThan(192);
    expect(at(cycle * 3 + 50).blocks[0]!.lines[0]!.x).toBe(run.x - 50);
    // Past the end of the line it re-enters from the right edge.
    expect(at(run.width + 10).blocks[0]!.lines[0]!.x).toBe(Math.round(l0.safeArea.x + l0.safeArea.w - 10));
    expect(at(cycle - 10).blocks[0]!.lines[0]!.x).toBe(l0.safeArea.x + 10);
    expect(l0.ops.filter((o) => o.kind === 'text').every((o) => o.kind === 'text' && o.clip !== undefined)).toBe(true);
    expect(run.text).toBe(PLAN_SLOGANS[0]!.toLocaleUpperCase('vi'));
  });

  it('a tall banner (phướn 800 × 2400 mm) takes more, shorter lines and a larger size, phrases whole (issue 12 E19)', () => {
    const text = 'Toàn Đảng, toàn dân, toàn quân quyết tâm thực hiện thắng lợi nghị quyết Đại hội XIII của Đảng!';
    const at = (maxLines: number) => layoutSlide(slide({ template: 'banner', width: 472, height: 1417, text, options: { maxLines } }), fakeMeasurer()).blocks[0]!;
    const tall = at(bannerMaxLines(800, 2400));
    // The old cap of 8 lines stopped the text growing with most of the height unused.
    expect(tall.lines.length).toBeGreaterThan(8);
    expect(tall.sizePx).toBeGreaterThan(at(8).sizePx * 1.1);
    expect(tall.lines.map((x) => x.text)).toContain('ĐẠI HỘI XIII');
  });

  it('mourning on the 192 × 32 gate board is one line at the ticker’s height, scrolling (issue 12 E18)', () => {
    const text = 'Vô cùng thương tiếc Đồng chí Tổng Bí thư';
    const at = (tickerOffsetPx: number) =>
      layoutSlide(slide({ template: 'mourning', width: 192, height: 32, text, fields: { caption: 'Quốc tang', tickerOffsetPx } }), fakeMeasurer());
    const l0 = at(0);
    expect(l0.blocks).toHaveLength(1);
    const run = l0.blocks[0]!.lines;
    expect(run.map((r) => r.text)).toEqual(['Quốc tang · Vô cùng thương tiếc Đồng chí Tổng Bí thư']);
    const ticker = layoutSlide(slide({ template: 'gate-ticker', width: 192, height: 32, text: 'QUỐC TANG · VÔ CÙNG THƯƠNG TIẾC' }), fakeMeasurer());
    // Mixed case reaches lower than capitals: within a pixel of the ticker's size.
    expect(Math.abs(run[0]!.sizePx - ticker.blocks[0]!.lines[0]!.sizePx)).toBeLessThanOrEqual(1);
    expect(run[0]!.sizePx).toBeGreaterThanOrEqual(20);
    expect(at(40).blocks[0]!.lines[0]!.x).toBe(run[0]!.x - 40);
    expect(tickerCycleWidth(l0)).toBeGreaterThan(192);
    // Still sober: no yellow on the board.
    expect(l0.ops.some((o) => o.kind === 'text' && o.fill.toUpperCase() === '#FFFF00')).toBe(false);
  });

  it('keeps mourning sober: no red, no yellow, no star', () => {
    const l = layoutSlide(slide({ template: 'mourning', width: 1920, height: 1080, text: 'Vô cùng thương tiếc', fields: { caption: 'Quốc tang', star: true } }), fakeMeasurer());
    // Mourning shows no pictures, so every op has a colour to check.
    const colours = l.ops.flatMap((o) => (o.kind === 'line' ? [o.stroke] : o.kind === 'image' ? [] : [o.fill])).map((c) => c.toUpperCase());
    expect(l.ops.some((o) => o.kind === 'image')).toBe(false);
    expect(colours.some((c) => c === '#DA251D' || c === '#FFFF00' || c === '#9E1B16')).toBe(false);
    expect(l.ops.some((o) => o.kind === 'star')).toBe(false);
    for (const c of colours) {
      const [r, g, b] = [1, 3, 5].map((i) => parseInt(c.slice(i, i + 2), 16));
      expect(Math.max(r!, g!, b!) - Math.min(r!, g!, b!)).toBeLessThanOrEqual(8);
    }
  });

  it('never breaks protected phrases and never leaves one syllable alone on the last line', () => {
    const m = fakeMeasurer();
    for (const template of TEMPLATE_IDS) {
      for (const text of PLAN_SLOGANS) {
        for (const [width, height] of [[1920, 1080], [1080, 1920], [1500, 500], [2953, 472]] as const) {
          const b = layoutSlide(slide({ template, width, height, text }), m).blocks.find((x) => x.lines.length > 0 && x.role !== 'top-line')!;
          const ls = b.lines.map((x) => x.text.toLocaleLowerCase('vi'));
          for (const phrase of ['lần thứ xiii', 'lần thứ xxvi', 'nhiệm kỳ 2020 - 2025', 'đảng cộng sản việt nam', 'hồ chí minh', 'việt nam']) {
            if (text.toLocaleLowerCase('vi').includes(phrase)) expect(ls.some((x) => x.includes(phrase))).toBe(true);
          }
          if (ls.length > 1) expect(ls[ls.length - 1]!.split(' ').filter((w) => /\p{L}/u.test(w)).length).toBeGreaterThanOrEqual(2);
        }
      }
    }
  });
});
