/**
 * Renders one print job (items × one size) into its folder: a multi-page PDF and/or a ZIP of one
 * file per item, or PNGs. Every file appears complete or not at all, and a file already there is
 * a finished one, so running a job again after a crash resumes it where it stopped.
 */
import { existsSync } from 'node:fs';
import { rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createCanvas, type PdfConfig } from 'canvas';
import { contextMeasurer, type DrawingContext, type TextMeasurer } from '../../display/render/index.js';
import { APP_VERSION } from '../paths.js';
import type { PrintFile, ResolvedSettings } from '../protocol/print.js';
import { composePage, type ArtworkContent, type PageArt } from './artwork.js';
import { assertGhostscript, convertToCmyk } from './cmyk.js';
import { registerFonts } from './fonts.js';
import { atomicFile } from './output.js';
import { renderPdf, type PdfPage } from './pdf.js';
import { loadPhotos, StripPhotos } from './photos.js';
import { planStrips, writeStripedPng, type PngWriteOptions } from './png.js';
import { fmt, planPage, type PageGeometry } from './size.js';
import { writeZip } from './zip.js';

/** One page or file of a job: what it shows and what its slug and PDF metadata say of it. */
export interface RenderItem {
  /** File name stem: a slogan's key, "phong-<event>", "pa-no-<title>". */
  key: string;
  /** SHA-256 of the printed text (NFC; for a backdrop or panel, of backdropText / panelText). */
  textSha256: string;
  /** The printed words, NFC, on one line: the PDF's title. */
  text: string;
  /** Plan document number, e.g. 38-KH/ĐU; '' when the content is not from a plan. */
  document: string;
  /** Where the content comes from, for the slug: "bản #12", "sự kiện vpcp-congress-xxvi". */
  source: string;
  content: ArtworkContent;
}

/** A banner: one approved slogan at one revision. */
export interface SloganItem extends RenderItem {
  itemId: number;
  revisionId: number;
}

export interface RenderSpec {
  settings: ResolvedSettings;
  /** Several only for banners; a backdrop or panel job prints one page. */
  items: RenderItem[];
  outDir: string;
  /** Start of the names of files that hold several items, e.g. "lenh-in-7". */
  baseName: string;
  /** ISO instant: the date in the slug and the ZIP entries. */
  createdAt: string;
  /** Who printed: the PDF's author. */
  author: string;
  timeZone: string;
}

export interface RenderProgress {
  done: number;
  total: number;
  unit: 'page' | 'strip';
}

export interface RenderEvents {
  onProgress?: (p: RenderProgress) => void;
  signal?: AbortSignal;
}

/** Checks the request (sizes, Ghostscript) without rendering: call before accepting a job. */
export async function checkSpec(settings: ResolvedSettings): Promise<PageGeometry> {
  const page = planPage(settings);
  if (settings.cmyk) await assertGhostscript();
  return page;
}

export function sizeLabel(page: PageGeometry): string {
  return `${fmt(page.widthMm)}x${fmt(page.heightMm)}mm${page.scale > 1 ? `_1-${page.scale}` : ''}${page.dpi ? `_${page.dpi}dpi` : ''}`;
}

export async function renderJob(spec: RenderSpec, events: RenderEvents = {}): Promise<PrintFile[]> {
  const page = await checkSpec(spec.settings);
  registerFonts();
  const label = sizeLabel(page);
  const ext = page.format;
  const single = spec.items.length === 1;
  const itemFile = (item: RenderItem) => `${item.key}_${label}.${ext}`;
  const bundle = `${spec.baseName}_${label}`;
  const { settings } = spec;
  const n = spec.items.length;
  const unitsPerItem = page.format === 'png' ? planStrips(page.width, page.height).bands : 1;
  const pdfExtra = page.format === 'pdf' ? (settings.zip && !single ? n : 0) + (settings.cmyk ? n : 0) : 0;
  const total = n * unitsPerItem + pdfExtra;
  let done = 0;
  const advance = (units: number) => {
    done += units;
    events.onProgress?.({ done, total, unit: page.format === 'pdf' ? 'page' : 'strip' });
  };
  const outputs: string[] = [];
  const slugFor = (item: RenderItem, file: string) => slugLine(spec, page, item, file);

  if (page.format === 'pdf') {
    const combined = single ? itemFile(spec.items[0]!) : `${bundle}.pdf`;
    await produce(spec.outDir, combined, () => advance(n), async (temp) => {
      const pages = await Promise.all(spec.items.map((item) => pdfPage(item, slugFor(item, combined))));
      const data = renderPdf(page, pages, { metadata: pdfMetadata(spec, page), outlines: settings.outlines, onPage: () => advance(1), signal: events.signal });
      await writeFile(temp, data, { flag: 'wx', mode: 0o644 });
    });
    outputs.push(combined);
    if (settings.zip && !single) {
      await zipOf(spec, `${bundle}.zip`, spec.items.map(itemFile), outputs, events, async (item, temp) => {
        const data = renderPdf(page, [await pdfPage(item, slugFor(item, itemFile(item)))], {
          metadata: pdfMetadata({ ...spec, items: [item] }, page),
          outlines: settings.outlines,
          signal: events.signal,
        });
        await writeFile(temp, data, { flag: 'wx', mode: 0o644 });
        advance(1);
      }, () => advance(1));
    }
    if (settings.cmyk) {
      const cmyk = combined.replace(/\.pdf$/, '_cmyk.pdf');
      await produce(spec.outDir, cmyk, () => advance(n), async (temp) => {
        const pinned = atomicFile(path.join(spec.outDir, `${cmyk}.rgb-pinned.pdf`));
        try {
          await convertToCmyk(path.join(spec.outDir, combined), temp, pinned.temp, settings.outlines, events.signal);
        } finally {
          await pinned.abort();
        }
        advance(n);
      });
      outputs.push(cmyk);
    }
  } else {
    const measurer = contextMeasurer(createCanvas(1, 1).getContext('2d') as unknown as DrawingContext);
    const renderPng = async (item: RenderItem, temp: string) => {
      const { art, beforeBand } = pngPage(page, item, slugFor(item, itemFile(item)), measurer);
      await writeStripedPng(art, temp, { signal: events.signal, onStrip: () => advance(1), beforeBand });
    };
    if (settings.zip && !single) {
      await zipOf(spec, `${bundle}.zip`, spec.items.map(itemFile), outputs, events, renderPng, () => advance(unitsPerItem));
    } else {
      for (const item of spec.items) {
        await produce(spec.outDir, itemFile(item), () => advance(unitsPerItem), (temp) => renderPng(item, temp));
        outputs.push(itemFile(item));
      }
    }
  }
  return Promise.all(outputs.map(async (name) => ({ name, bytes: (await stat(path.join(spec.outDir, name))).size })));
}

/** A PDF page of an item; a photo panel's pictures are decoded for it. */
export async function pdfPage(item: RenderItem, slug: string | undefined): Promise<PdfPage> {
  const images = item.content.template === 'photo-panel' ? await loadPhotos(item.content.photos) : undefined;
  return { content: item.content, slug, images };
}

/** A PNG page of an item and, for a photo panel, the hook that loads its pictures strip by strip. */
export function pngPage(page: PageGeometry, item: RenderItem, slug: string | undefined, measurer: TextMeasurer): { art: PageArt; beforeBand: PngWriteOptions['beforeBand'] } {
  const art = composePage(page, item.content, slug, measurer);
  if (item.content.template !== 'photo-panel') return { art, beforeBand: undefined };
  const photos = new StripPhotos(art, item.content.photos);
  return { art: { ...art, images: photos.lookup }, beforeBand: (top, bottom) => photos.prepare(top, bottom) };
}

/**
 * Renders one file unless it is already there (finished before a crash: `skipped` accounts for it).
 * Written under a temp name and renamed, so a kill leaves no partial file under the real name.
 */
async function produce(dir: string, name: string, skipped: () => void, write: (temp: string) => Promise<void>): Promise<void> {
  const target = path.join(dir, name);
  if (existsSync(target)) return skipped();
  const out = atomicFile(target);
  try {
    await write(out.temp);
  } catch (err) {
    await out.abort();
    throw err;
  }
  await out.commit();
}

/** One file per item, then the ZIP of them; the single files go once the ZIP is complete. */
async function zipOf(
  spec: RenderSpec,
  zipName: string,
  names: string[],
  outputs: string[],
  events: RenderEvents,
  render: (item: RenderItem, temp: string) => Promise<void>,
  skippedItem: () => void,
): Promise<void> {
  const zipPath = path.join(spec.outDir, zipName);
  const files = names.map((name) => path.join(spec.outDir, name));
  if (!existsSync(zipPath)) {
    for (const [i, item] of spec.items.entries()) {
      await produce(spec.outDir, names[i]!, skippedItem, (temp) => render(item, temp));
    }
    await produce(spec.outDir, zipName, () => undefined, (temp) => writeZip(temp, files, new Date(spec.createdAt), events.signal));
  } else {
    spec.items.forEach(skippedItem);
  }
  await Promise.all(files.map((f) => rm(f, { force: true })));
  outputs.push(zipName);
}

export function pdfMetadata(spec: Pick<RenderSpec, 'items' | 'author' | 'createdAt'>, page: PageGeometry): PdfConfig {
  const documents = [...new Set(spec.items.map((i) => i.document).filter(Boolean))];
  // A reduced print says so in the file itself, slug or not: a 1:10 proof must never pass for full size.
  const scaled = page.scale > 1 ? `tỉ lệ 1:${page.scale} (scale 1:${page.scale}), thành phẩm ${fmt(page.widthMm)} × ${fmt(page.heightMm)} mm` : '';
  const title = spec.items.length === 1 ? spec.items[0]!.text : `${spec.items.length} khẩu hiệu, ${fmt(page.widthMm)} × ${fmt(page.heightMm)} mm`;
  return {
    title: page.scale > 1 ? `${title} — tỉ lệ 1:${page.scale}` : title,
    author: spec.author,
    subject: [scaled, ...documents].filter(Boolean).join('; '),
    keywords: spec.items.map((i) => i.key).join(', '),
    creator: `Pano ${APP_VERSION}`,
    creationDate: new Date(spec.createdAt),
  };
}

/** File, size, bleed, scale, resolution, date and the item's revision, for the shop and the archive. */
export function slugLine(spec: Pick<RenderSpec, 'createdAt' | 'timeZone'>, page: PageGeometry, item: RenderItem, file: string): string | undefined {
  if (!page.slug) return undefined;
  const date = new Intl.DateTimeFormat('en-GB', { timeZone: spec.timeZone, day: '2-digit', month: '2-digit', year: 'numeric' }).format(new Date(spec.createdAt));
  return [
    file,
    `${fmt(page.widthMm)} × ${fmt(page.heightMm)} mm, xuất huyết ${fmt(page.bleedMm)} mm`,
    `tỉ lệ 1:${page.scale}`,
    ...(page.dpi ? [`${page.dpi} dpi`] : []),
    date,
    `${item.key} ${item.source} sha256 ${item.textSha256.slice(0, 12)}`,
  ].join(' · ');
}
