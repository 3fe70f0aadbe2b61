/**
 * Vector PDF, 1 unit = 1 pt, one page per item, every page the same size (trim + bleed, plus
 * the margin for marks and slug), each with a TrimBox and BleedBox. Text in 'glyph' mode embeds a
 * subset of Be Vietnam Pro and stays extractable; 'path' mode turns it into outlines for shops
 * without the font.
 */
import { createCanvas, type PdfConfig } from 'canvas';
import { contextMeasurer, type DrawingContext, type ImageLookup } from '../../display/render/index.js';
import { composePage, drawPage, type ArtworkContent } from './artwork.js';
import { addPageBoxes } from './pdf-boxes.js';
import type { PageGeometry } from './size.js';

export interface PdfPage {
  /** Approved or recorded text, NFC. */
  content: ArtworkContent;
  slug: string | undefined;
  /** A photo panel's pictures, decoded. */
  images?: ImageLookup;
}

export interface PdfOptions {
  metadata: PdfConfig;
  outlines: boolean;
  onPage?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

export function renderPdf(page: PageGeometry, pages: readonly PdfPage[], options: PdfOptions): Buffer {
  const canvas = createCanvas(page.width, page.height, 'pdf');
  const ctx = canvas.getContext('2d');
  ctx.textDrawingMode = options.outlines ? 'path' : 'glyph';
  const drawing = ctx as unknown as DrawingContext;
  const measurer = contextMeasurer(drawing);
  pages.forEach((p, i) => {
    options.signal?.throwIfAborted();
    if (i > 0) ctx.addPage(page.width, page.height);
    drawPage(drawing, { ...composePage(page, p.content, p.slug, measurer), images: p.images });
    options.onPage?.(i + 1, pages.length);
  });
  const pdf = canvas.toBuffer('application/pdf', options.metadata);
  return addPageBoxes(pdf, page, pages.length) ?? pdf;
}
