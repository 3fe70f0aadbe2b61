/**
 * Renders one print job (items × one size) into its folder: a multi-page PDF and/or a ZIP of one
 * file per item, or PNGs. Every file appears complete or not at all, and a file already there is
 * a finished one, so running a job again after a crash resumes it where it stopped.
 */
import { existsSync } from 'node:fs';
import { rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createCanvas, type PdfConfig } from 'canvas';
import { contextMeasurer, type DrawingContext } from '../../display/render/index.js';
import { APP_VERSION } from '../paths.js';
import type { PrintFile, ResolvedSettings } from '../protocol/print.js';
import { composePage } from './artwork.js';
import { assertGhostscript, convertToCmyk } from './cmyk.js';
import { registerFonts } from './fonts.js';
import { atomicFile } from './output.js';
import { renderPdf, type PdfPage } from './pdf.js';
import { planStrips, writeStripedPng } from './png.js';
import { fmt, planPage, type PageGeometry } from './size.js';
import { writeZip } from './zip.js';

export interface RenderItem {
  itemId: number;
  key: string;
  revisionId: number;
  textSha256: string;
  /** The approved revision's text, NFC. */
  text: string;
  /** Plan document number, e.g. 38-KH/ĐU. */
  document: string;
}

export interface RenderSpec {
  settings: ResolvedSettings;
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
      const pages = spec.items.map((item): PdfPage => ({ text: item.text, slug: slugFor(item, combined) }));
      const data = renderPdf(page, pages, { metadata: pdfMetadata(spec, page), outlines: settings.outlines, onPage: () => advance(1), signal: events.signal });
      await writeFile(temp, data, { flag: 'wx', mode: 0o644 });
    });
    outputs.push(combined);
    if (settings.zip && !single) {
      await zipOf(spec, `${bundle}.zip`, spec.items.map(itemFile), outputs, events, async (item, temp) => {
        const data = renderPdf(page, [{ text: item.text, slug: slugFor(item, itemFile(item)) }], {
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
      const art = composePage(page, item.text, slugFor(item, itemFile(item)), measurer);
      await writeStripedPng(art, temp, { signal: events.signal, onStrip: () => advance(1) });
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
  return {
    title: spec.items.length === 1 ? spec.items[0]!.text : `${spec.items.length} khẩu hiệu, ${fmt(page.widthMm)} × ${fmt(page.heightMm)} mm`,
    author: spec.author,
    subject: documents.join(', '),
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
    `${item.key} bản #${item.revisionId} sha256 ${item.textSha256.slice(0, 12)}`,
  ].join(' · ');
}
