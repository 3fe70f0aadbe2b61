/**
 * One banner at true size (or 1:n) to a file the caller names: `pano banner`. Laid out by
 * display/render's 'banner' template, the code the screens use; jobs (engine.ts) share every step.
 */
import { stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createCanvas } from 'canvas';
import { contextMeasurer, type DrawingContext } from '../../display/render/index.js';
import type { PlayableSlogan } from '../db/content-repository.js';
import type { ResolvedSettings } from '../protocol/print.js';
import { composePage } from './artwork.js';
import { convertToCmyk } from './cmyk.js';
import { checkSpec, pdfMetadata, slugLine } from './engine.js';
import { PrintError } from './errors.js';
import { registerFonts } from './fonts.js';
import { atomicFile, checkDestination } from './output.js';
import { renderPdf } from './pdf.js';
import { writeStripedPng } from './png.js';
import { printableItem } from './slogans.js';
import type { PageGeometry } from './size.js';

export interface BannerOptions {
  /** An approved slogan, as findPrintableSlogan returns it. */
  slogan: PlayableSlogan;
  settings: ResolvedSettings;
  /** Destination file; it appears only when complete. */
  out: string;
  /** PNG: called after each strip. */
  onProgress?: (done: number, total: number) => void;
  timeZone?: string;
}

export interface BannerResult {
  file: string;
  page: PageGeometry;
  bytes: number;
}

export async function renderBanner(options: BannerOptions): Promise<BannerResult> {
  // Every check before the first allocation: a refused request costs nothing.
  const page = await checkSpec(options.settings);
  const item = printableItem(options.slogan);
  checkDestination(options.out);
  registerFonts();
  const spec = { items: [item], author: os.userInfo().username, createdAt: new Date().toISOString(), timeZone: options.timeZone ?? 'Asia/Ho_Chi_Minh' };
  const slug = slugLine(spec, page, item, path.basename(options.out));
  const out = atomicFile(options.out);
  try {
    if (page.format === 'png') {
      const measurer = contextMeasurer(createCanvas(1, 1).getContext('2d') as unknown as DrawingContext);
      await writeStripedPng(composePage(page, item.text, slug, measurer), out.temp, { onStrip: options.onProgress });
    } else {
      const data = renderPdf(page, [{ text: item.text, slug }], { metadata: pdfMetadata(spec, page), outlines: options.settings.outlines });
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
    throw new PrintError('render-failed', `Không dựng được băng rôn: ${reason}`, `banner rendering failed: ${reason}`, { cause: err });
  }
  await out.commit();
  const { size } = await stat(out.target);
  return { file: options.out, page, bytes: size };
}
