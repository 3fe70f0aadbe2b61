/**
 * One printed page: the banner laid out by display/render (the code the screens use) on the
 * trim + bleed, and around it, when asked, crop marks and the slug line. Units are the page's
 * (pt or px); the caller's transform is left alone, so PNG strips can translate by whole pixels.
 */
import { drawLayout, fontCss, fontFace, layoutSlide, type DrawingContext, type Layout, type TextMeasurer } from '../../display/render/index.js';
import { bannerMaxLines } from '../protocol/print.js';
import type { PageGeometry } from './size.js';

export interface PageArt {
  page: PageGeometry;
  layout: Layout;
  slug: { text: string; x: number; y: number; sizePx: number } | undefined;
}

const SLUG_SIZE_MM = 3.5;
/** Crop marks: 10 mm long, 3 mm clear of the bleed, hairline. */
const MARK_LENGTH_MM = 10;
const MARK_GAP_MM = 3;
const MARK_WIDTH_PT = 0.25;
const SLUG_FACE = fontFace(400);
const INK = '#000000';
const PAPER = '#FFFFFF';

/** Lays out one page; `text` is the approved revision's text, already NFC. */
export function composePage(page: PageGeometry, text: string, slugText: string | undefined, measurer: TextMeasurer): PageArt {
  const layout = layoutSlide(
    {
      template: 'banner',
      width: page.art.w,
      height: page.art.h,
      text,
      options: { safeInsetPx: page.safeInset, maxLines: bannerMaxLines(page.widthMm, page.heightMm) },
    },
    measurer,
  );
  return { page, layout, slug: page.slug && slugText ? fitSlug(page, slugText, measurer) : undefined };
}

/**
 * The slug sits under the bleed, between the bottom crop marks, at 3.5 mm or smaller if the
 * banner is too narrow for the line.
 */
function fitSlug(page: PageGeometry, text: string, measurer: TextMeasurer): PageArt['slug'] {
  const paperMm = page.unitsPerPaperMm;
  const clear = 2 * MARK_GAP_MM * paperMm;
  const available = Math.max(1, page.trim.w - 2 * clear);
  let sizePx = SLUG_SIZE_MM * paperMm;
  const width = measurer.measure(text, SLUG_FACE, sizePx).width;
  if (width > available) sizePx = Math.max(1, (sizePx * available) / width);
  const y = page.art.y + page.art.h + paperMm * MARK_GAP_MM + sizePx;
  return { text, x: page.trim.x + clear, y, sizePx };
}

export function drawPage(ctx: DrawingContext, art: PageArt): void {
  const { page } = art;
  if (page.width !== page.art.w || page.height !== page.art.h) {
    ctx.fillStyle = PAPER;
    ctx.fillRect(0, 0, page.width, page.height);
  }
  ctx.save();
  ctx.translate(page.art.x, page.art.y);
  drawLayout(ctx, art.layout);
  ctx.restore();
  if (page.marks) drawCropMarks(ctx, page);
  if (art.slug) {
    ctx.save();
    ctx.textAlign = 'left';
    ctx.textBaseline = 'alphabetic';
    ctx.font = fontCss(SLUG_FACE, art.slug.sizePx);
    ctx.fillStyle = INK;
    ctx.fillText(art.slug.text, art.slug.x, art.slug.y);
    ctx.restore();
  }
}

/** Two short lines at each trim corner, on the trim lines, outside the bleed. */
function drawCropMarks(ctx: DrawingContext, page: PageGeometry): void {
  const paperMm = page.unitsPerPaperMm;
  const length = MARK_LENGTH_MM * paperMm;
  const gap = MARK_GAP_MM * paperMm;
  const { art, trim } = page;
  ctx.save();
  ctx.strokeStyle = INK;
  ctx.lineWidth = Math.max(1, (MARK_WIDTH_PT / 72) * 25.4 * paperMm);
  ctx.beginPath();
  for (const x of [trim.x, trim.x + trim.w]) {
    ctx.moveTo(x, art.y - gap);
    ctx.lineTo(x, art.y - gap - length);
    ctx.moveTo(x, art.y + art.h + gap);
    ctx.lineTo(x, art.y + art.h + gap + length);
  }
  for (const y of [trim.y, trim.y + trim.h]) {
    ctx.moveTo(art.x - gap, y);
    ctx.lineTo(art.x - gap - length, y);
    ctx.moveTo(art.x + art.w + gap, y);
    ctx.lineTo(art.x + art.w + gap + length, y);
  }
  ctx.stroke();
  ctx.restore();
}
