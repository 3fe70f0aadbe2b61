/**
 * One artwork at true size (or 1:n) to a file the caller names: `pano banner`, `pano backdrop`,
 * `pano panel`. Laid out by display/render, the code the screens use; jobs (engine.ts) share
 * every step.
 */
import { stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createCanvas } from 'canvas';
import { contextMeasurer, type DrawingContext } from '../../display/render/index.js';
import type { PlayableSlogan } from '../db/content-repository.js';
import type { ResolvedSettings } from '../protocol/print.js';
import { convertToCmyk } from './cmyk.js';
import { checkSpec, pdfMetadata, pdfPage, pngPage, slugLine, type RenderItem } from './engine.js';
import { PrintError } from './errors.js';
import { registerFonts } from './fonts.js';
import { atomicFile, checkDestination } from './output.js';
import { renderPdf } from './pdf.js';
import { writeStripedPng } from './png.js';
import { printableItem } from './slogans.js';
import type { PageGeometry } from './size.js';

export interface ArtworkFileOptions {
  settings: ResolvedSettings;
  /** Destination file; it appears only when complete. */
  out: string;
  /** PNG: called after each strip. */
  onProgress?: (done: number, total: number) => void;
  timeZone?: string;
}

export interface BannerOptions extends ArtworkFileOptions {
  /** An approved slogan, as findPrintableSlogan returns it. */
  slogan: PlayableSlogan;
}

export interface BannerResult {
  file: string;
  page: PageGeometry;
  bytes: number;
}

export async function renderBanner(options: BannerOptions): Promise<BannerResult> {
  return renderArtworkFile(printableItem(options.slogan), options);
}

/** One page of any artwork (a slogan, a backdrop, a photo panel) to `options.out`. */
export async function renderArtworkFile(item: RenderItem, options: ArtworkFileOptions): Promise<BannerResult> {
  // Every check before the first allocation: a refused request costs nothing.
  const page = await checkSpec(options.settings);
  checkDestination(options.out);
  registerFonts();
  const spec = { items: [item], author: os.userInfo().username, createdAt: new Date().toISOString(), timeZone: options.timeZone ?? 'Asia/Ho_Chi_Minh' };
  const slug = slugLine(spec, page, item, path.basename(options.out));
  const out = atomicFile(options.out);
  try {
    if (page.format === 'png') {
      const measurer = contextMeasurer(createCanvas(1, 1).getContext('2d') as unknown as DrawingContext);
      const { art, beforeBand } = pngPage(page, item, slug, measurer);
      await writeStripedPng(art, out.temp, { onStrip: options.onProgress, beforeBand });
    } else {
      const data = renderPdf(page, [await pdfPage(item, slug)], { metadata: pdfMetadata(spec, page), outlines: options.settings.outlines });
      if (options.settings.cmyk) {
        const rgb = atomicFile(`${options.out}.rgb.pdf`);
        const pinned = atomicFile(`${options.out}.pinned.pdf`);
        try {
          await writeFile(rgb.temp, data);
          await convertToCmyk(rgb.temp, out.temp, pinned.temp, options.settings.outlines);
        } finally {
          await Promise.all([rgb.abort(), pinned.abort()]);
        }
      } else {
        await writeFile(out.temp, data, { flag: 'wx', mode: 0o644 });
      }
    }
  } catch (err) {
    await out.abort();
    if (err instanceof PrintError) throw err;
    const reason = err instanceof Error ? err.message : String(err);
    throw new PrintError('render-failed', `Không dựng được bản in: ${reason}`, `rendering failed: ${reason}`, { cause: err });
  }
  await out.commit();
  const { size } = await stat(out.target);
  return { file: options.out, page, bytes: size };
}
