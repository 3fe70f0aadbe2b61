/**
 * Banner artwork (băng rôn) at true size: a vector PDF (1 unit = 1 pt) or a PNG with its dpi in
 * the pHYs chunk. Laid out by display/render's 'banner' template, the code the screens use.
 */
import { createCanvas, type CanvasRenderingContext2D, type PdfConfig } from 'canvas';
import { contextMeasurer, drawLayout, layoutSlide } from '../../display/render/index.js';
import type { PlayableSlogan } from '../db/content-repository.js';
import { APP_VERSION } from '../paths.js';
import { normalizeText } from '../protocol/text.js';
import { PrintError } from './errors.js';
import { registerFonts } from './fonts.js';
import { checkDestination, writeFileAtomically } from './output.js';
import { planSurface, type BannerFormat, type BannerSize, type SurfacePlan } from './size.js';
import { assertPrintable } from './slogans.js';

export interface BannerOptions extends BannerSize {
  /** An approved slogan, as findPrintableSlogan returns it. */
  slogan: PlayableSlogan;
  /** Destination file; it appears only when complete. */
  out: string;
}

export interface BannerResult {
  file: string;
  format: BannerFormat;
  /** Page size in pt (PDF) or image size in px (PNG). */
  width: number;
  height: number;
  dpi: number | undefined;
  bytes: number;
}

export async function renderBanner(options: BannerOptions): Promise<BannerResult> {
  // Every check before the first allocation: a refused request costs nothing.
  const plan = planSurface(options);
  assertPrintable(options.slogan);
  checkDestination(options.out);
  registerFonts();
  // NFC so that pdftotext and search find the text as typed (NFD renders alike but extracts as NFD).
  const text = normalizeText(options.slogan.text);
  let data: Buffer;
  try {
    data = plan.format === 'pdf' ? renderPdf(plan, text, pdfMetadata(options.slogan, text)) : await renderPng(plan, text);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new PrintError('render-failed', `Không dựng được băng rôn: ${reason}`, `banner rendering failed: ${reason}`, { cause: err });
  }
  await writeFileAtomically(options.out, data);
  return { file: options.out, format: plan.format, width: plan.width, height: plan.height, dpi: plan.dpi, bytes: data.byteLength };
}

function renderPdf(plan: SurfacePlan, text: string, metadata: PdfConfig): Buffer {
  const canvas = createCanvas(plan.width, plan.height, 'pdf');
  const ctx = canvas.getContext('2d');
  // 'glyph' embeds a font subset and keeps the text extractable; 'path' would leave outlines only.
  ctx.textDrawingMode = 'glyph';
  draw(ctx, plan, text);
  return canvas.toBuffer('application/pdf', metadata);
}

function renderPng(plan: SurfacePlan, text: string): Promise<Buffer> {
  const canvas = createCanvas(plan.width, plan.height);
  // Opaque RGB: print RIPs expect no alpha, and the encode takes half the time of RGBA.
  draw(canvas.getContext('2d', { alpha: false }), plan, text);
  return new Promise((resolve, reject) => {
    // Encoded on libuv's thread pool, so a server stays responsive during a large encode.
    canvas.toBuffer((err, buffer) => (err ? reject(err) : resolve(buffer)), 'image/png', { resolution: plan.dpi });
  });
}

function draw(ctx: CanvasRenderingContext2D, plan: SurfacePlan, text: string): void {
  const layout = layoutSlide({ template: 'banner', width: plan.width, height: plan.height, text }, contextMeasurer(ctx));
  drawLayout(ctx, layout);
}

function pdfMetadata(slogan: PlayableSlogan, text: string): PdfConfig {
  return {
    title: text,
    author: 'Pano',
    subject: slogan.source.document,
    keywords: slogan.key,
    creator: `Pano ${APP_VERSION}`,
  };
}
