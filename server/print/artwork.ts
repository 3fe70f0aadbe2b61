/**
 * One printed page: the artwork laid out by display/render (the code the screens use) on the
 * trim + bleed, and around it, when asked, crop marks and the slug line. Units are the page's
 * (pt or px); the caller's transform is left alone, so PNG strips can translate by whole pixels.
 */
import {
  drawLayout,
  fontCss,
  fontFace,
  layoutSlide,
  type DrawingContext,
  type ImageLookup,
  type Layout,
  type PanelPhoto,
  type SlideInput,
  type TextMeasurer,
} from '../../display/render/index.js';
import { bannerMaxLines } from '../protocol/print.js';
import type { PageGeometry } from './size.js';

/** What one page shows, as the layout needs it (the control panel's preview too); strings NFC. */
export type LayoutContent =
  | { template: 'banner'; text: string }
  /** Lines as drawn; '' leaves the top line or the date line out. */
  | { template: 'backdrop'; topLine: string; titleLines: string[]; datePlace: string }
  /** Photos in reading order. */
  | { template: 'photo-panel'; title: string; photos: readonly PanelPhoto[] };

/** What one printed page shows: a panel's photos also say where the worker reads their bytes. */
export type ArtworkContent = Exclude<LayoutContent, { template: 'photo-panel' }> | { template: 'photo-panel'; title: string; photos: PanelPhotoFile[] };

export interface PanelPhotoFile extends PanelPhoto {
  file: string;
}

export interface PageArt {
  page: PageGeometry;
  layout: Layout;
  slug: { text: string; x: number; y: number; sizePx: number } | undefined;
  /** Pictures for the layout's image ops; the same lookup serves every strip of a page. */
  images?: ImageLookup;
}

const SLUG_SIZE_MM = 3.5;
/** Crop marks: 10 mm long, 3 mm clear of the bleed, hairline. */
const MARK_LENGTH_MM = 10;
const MARK_GAP_MM = 3;
const MARK_WIDTH_PT = 0.25;
const SLUG_FACE = fontFace(400);
const INK = '#000000';
const PAPER = '#FFFFFF';

/** Lays out one page of any artwork; the text is approved or recorded, already NFC. */
export function composePage(page: PageGeometry, content: ArtworkContent, slugText: string | undefined, measurer: TextMeasurer): PageArt {
  const layout = layoutSlide(artworkSlide(page, content), measurer);
  return { page, layout, slug: page.slug && slugText ? fitSlug(page, slugText, measurer) : undefined };
}

/**
 * The backdrop and panel templates keep a margin of this share of the short side (their design,
 * so a backdrop looks the same at any size); a print's safe margin replaces it only when larger.
 */
const DESIGN_MARGIN = { backdrop: 0.06, 'photo-panel': 0.05 } as const;

/** The renderer's input for an artwork on a page; `art` is the trim + bleed in page units. */
export function artworkSlide(page: Pick<PageGeometry, 'art' | 'safeInset' | 'widthMm' | 'heightMm'>, content: LayoutContent): SlideInput {
  const base = { width: page.art.w, height: page.art.h };
  const inset = (template: keyof typeof DESIGN_MARGIN) => Math.max(page.safeInset, Math.round(Math.min(page.art.w, page.art.h) * DESIGN_MARGIN[template]));
  switch (content.template) {
    case 'banner':
      return { ...base, template: 'banner', text: content.text, options: { safeInsetPx: page.safeInset, maxLines: bannerMaxLines(page.widthMm, page.heightMm) } };
    case 'backdrop':
      return {
        ...base,
        template: 'backdrop',
        text: content.titleLines.join(' '),
        fields: { topLine: content.topLine, titleLines: content.titleLines, datePlace: content.datePlace },
        options: { safeInsetPx: inset('backdrop') },
      };
    case 'photo-panel':
      return {
        ...base,
        template: 'photo-panel',
        text: content.title,
        fields: { photos: content.photos.map(({ id, caption, width, height }) => ({ id, caption, width, height })) },
        options: { safeInsetPx: inset('photo-panel') },
      };
  }
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
  drawLayout(ctx, art.layout, art.images);
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
