/** Browser side of the parity test: the same renderer, measured by Chromium's canvas. */
import { FONT_FAMILY, contextMeasurer, fontCss, fontFace, layoutSlide, type DrawingContext, type FontWeight, type SlideInput } from '../../../display/render/index.js';
import { summarize, type GoldenSummary } from '../../unit/render/support/golden-cases.js';

const ctx = document.createElement('canvas').getContext('2d') as unknown as DrawingContext;
const measurer = contextMeasurer(ctx);

async function loadFonts(fonts: Array<{ url: string; weight: FontWeight }>): Promise<string[]> {
  for (const f of fonts) {
    const face = new FontFace(FONT_FAMILY, `url(${f.url})`, { weight: String(f.weight) });
    document.fonts.add(await face.load());
  }
  await Promise.all(fonts.map((f) => document.fonts.load(fontCss(fontFace(f.weight), 40), 'Ể')));
  return fonts.filter((f) => document.fonts.check(fontCss(fontFace(f.weight), 40), 'Ể')).map((f) => String(f.weight));
}

function layouts(inputs: SlideInput[]): GoldenSummary[] {
  return inputs.map((input) => summarize(layoutSlide(input, measurer)));
}

function widths(texts: string[], weight: FontWeight, sizePx: number): number[] {
  return texts.map((t) => measurer.measure(t, fontFace(weight), sizePx).width);
}

Object.assign(window, { parity: { loadFonts, layouts, widths } });
