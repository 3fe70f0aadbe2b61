/**
 * The print service end to end: a real store, real node-canvas, and the tools a print shop's
 * prepress would use to inspect the files (poppler, unzip, Ghostscript's output).
 */
import { approveSeedInStore } from '../support/seed-approval.js';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { createCanvas, loadImage } from 'canvas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contextMeasurer, type DrawingContext } from '../../display/render/index.js';
import type { PlayableSlogan } from '../../server/db/content-repository.js';
import { composePage, drawPage } from '../../server/print/artwork.js';
import { findPrintableSlogan, planPage, printableItem, PrintError, renderBanner, renderJob, type SloganItem } from '../../server/print/index.js';
import { planStrips } from '../../server/print/png.js';
import { PrintSettingsSchema, resolveSettings, type PrintSettingsInput } from '../../server/protocol/print.js';
import { openStore, type Store } from '../../server/store.js';
import { pageBoxes } from '../support/pdf-boxes.js';

const CONGRESS = 'greet-vpcp-congress-xxvi';
const CONGRESS_TEXT = 'Nhiệt liệt chào mừng Đại hội đại biểu Đảng bộ Văn phòng Chính phủ lần thứ XXVI, nhiệm kỳ 2020 - 2025!';
const PT_PER_MM = 72 / 25.4;

let tmp: string;
let store: Store;
let slogan: PlayableSlogan;
let items: SloganItem[];

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pano-print-'));
  store = await openStore(path.join(tmp, 'data'), 'NORMAL');
  await approveSeedInStore(store);
  slogan = await findPrintableSlogan(store.content, CONGRESS);
  items = (await store.content.listApprovedSlogans()).slice(0, 3).map(printableItem);
});
afterAll(async () => {
  await store.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: 'utf8' });
const collapse = (s: string) => s.replace(/\s+/g, ' ').trim();
const settings = (s: PrintSettingsInput) => resolveSettings(PrintSettingsSchema.parse(s))!;
const pageSizeMm = (file: string, page = 1) => {
  const info = run('pdfinfo', ['-f', String(page), '-l', String(page), file]);
  const [, w, h] = new RegExp(`Page\\s+${page} size:\\s+([\\d.]+) x ([\\d.]+) pts`).exec(info)!;
  return [Number(w) / PT_PER_MM, Number(h) / PT_PER_MM];
};
function outDir(name: string): string {
  const dir = path.join(tmp, name);
  fs.mkdirSync(dir);
  return dir;
}
/** `pdfinfo -box` of pages 1…n as [x0, y0, x1, y1] in pt; poppler must have nothing to say on stderr. */
/**
 * The boxes a print shop expects, from the millimetres alone: `marginMm` of paper for marks and
 * slug around the bleed, the banner at 1:scale. Margin, art and bleed are each rounded to whole
 * points, so a corner is within 1.5 pt (0.53 mm).
 */
function expectBoxes(got: ReturnType<typeof pageBoxes>[number], widthMm: number, heightMm: number, bleedMm: number, marginMm: number, scale = 1): void {
  const box = (insetMm: number, wMm: number, hMm: number) => [insetMm, insetMm, insetMm + wMm, insetMm + hMm].map((mm) => mm * PT_PER_MM);
  const b = bleedMm / scale;
  const want = {
    MediaBox: box(0, widthMm / scale + 2 * b + 2 * marginMm, heightMm / scale + 2 * b + 2 * marginMm),
    BleedBox: box(marginMm, widthMm / scale + 2 * b, heightMm / scale + 2 * b),
    TrimBox: box(marginMm + b, widthMm / scale, heightMm / scale),
  };
  for (const [name, corners] of Object.entries(want)) {
    const actual = got[name as keyof typeof want];
    expect(actual, name).toHaveLength(4);
    corners.forEach((v, i) => expect(Math.abs(actual[i]! - v), `${name} ${actual.join(' ')} vs ${corners.map((c) => c.toFixed(2)).join(' ')}`).toBeLessThanOrEqual(1.5));
  }
}
const job = (dir: string, input: PrintSettingsInput, list = items) =>
  renderJob({ settings: settings(input), items: list, outDir: dir, baseName: 'lenh-in-1', createdAt: '2020-07-20T02:00:00Z', author: 'Nguyễn Văn A', timeZone: 'Asia/Ho_Chi_Minh' });

describe('banner PDF, 5 × 0.8 m with the default 10 mm bleed', () => {
  let file: string;
  beforeAll(async () => {
    file = path.join(tmp, 'bang-ron.pdf');
    await renderBanner({ slogan, settings: settings({ preset: 'bang-ron-5x0.8', format: 'pdf' }), out: file });
  });

  it('has a page of trim + 2 × bleed, to the half point', () => {
    const [w, h] = pageSizeMm(file);
    expect(Math.abs(w! - 5020)).toBeLessThanOrEqual(0.5 / PT_PER_MM);
    expect(Math.abs(h! - 820)).toBeLessThanOrEqual(0.5 / PT_PER_MM);
  });

  it('has a TrimBox of the finished size inside a BleedBox, the MediaBox unchanged', () => {
    const [boxes] = pageBoxes(file);
    const page = planPage(settings({ preset: 'bang-ron-5x0.8', format: 'pdf' }));
    expect(boxes!.MediaBox).toEqual([0, 0, page.width, page.height]);
    // 5000 × 800 mm = 14 173.23 × 2 267.72 pt, inside 10 mm (28.35 pt) of bleed.
    expectBoxes(boxes!, 5000, 800, 10, 0);
  });

  it('carries the slogan as title, and the plan document as subject', () => {
    const info = run('pdfinfo', ['-enc', 'UTF-8', file]);
    expect(info).toContain(`Title:           ${CONGRESS_TEXT}\n`);
    expect(info).toMatch(/Subject:\s+38-KH\/ĐU\n/);
    expect(info).toMatch(/Author:\s+\S+/);
  });

  it('embeds Be Vietnam Pro subsets and no other font', () => {
    const rows = run('pdffonts', [file]).trim().split('\n').slice(2);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row).toMatch(/^[A-Z]{6}\+BeVietnamPro-Bold /);
      expect(row.trim().split(/\s+/).at(-5)).toBe('yes');
    }
  });

  it('keeps the text extractable, in NFC, as the capitals the template draws', () => {
    const text = run('pdftotext', ['-enc', 'UTF-8', file, '-']);
    expect(text).toBe(text.normalize('NFC'));
    expect(collapse(text)).toBe(CONGRESS_TEXT.normalize('NFC').toLocaleUpperCase('vi'));
  });
});

describe('jobs', () => {
  it('a batch is one PDF, one page per item, plus a ZIP of one PDF per item named by item and size', async () => {
    const dir = outDir('batch-pdf');
    const files = await job(dir, { preset: 'bang-ron-5x0.8', format: 'pdf', zip: true });
    expect(files.map((f) => f.name)).toEqual(['lenh-in-1_5000x800mm.pdf', 'lenh-in-1_5000x800mm.zip']);
    expect(fs.readdirSync(dir).sort()).toEqual(files.map((f) => f.name).sort());
    const pdf = path.join(dir, files[0]!.name);
    expect(run('pdfinfo', [pdf])).toMatch(/Pages:\s+3\n/);
    for (const [i, item] of items.entries()) {
      const text = run('pdftotext', ['-f', String(i + 1), '-l', String(i + 1), '-enc', 'UTF-8', pdf, '-']);
      expect(collapse(text)).toBe(item.text.toLocaleUpperCase('vi'));
    }
    const listing = run('unzip', ['-l', path.join(dir, files[1]!.name)]);
    for (const item of items) expect(listing).toContain(`${item.key}_5000x800mm.pdf`);
    run('unzip', ['-t', path.join(dir, files[1]!.name)]);
  });

  it('prints 12 × 5 m at 1:10, the scale in the file name and the slug, marks outside the bleed', async () => {
    const dir = outDir('scaled');
    const [file] = await job(dir, { preset: 'phong-hoi-truong-12x5', format: 'pdf', marks: true, slug: true }, items.slice(0, 1));
    expect(file!.name).toBe(`${items[0]!.key}_12000x5000mm_1-10.pdf`);
    const [w, h] = pageSizeMm(path.join(dir, file!.name));
    // (12 000 + 2 × 10) / 10 + 2 × 15 mm of margin for marks and slug.
    expect(Math.abs(w! - 1232)).toBeLessThan(0.4);
    expect(Math.abs(h! - 532)).toBeLessThan(0.4);
    const text = run('pdftotext', ['-enc', 'UTF-8', path.join(dir, file!.name), '-']);
    expect(text).toContain('tỉ lệ 1:10');
    expect(text).toContain(file!.name);
    expect(text).toContain(`${items[0]!.key} bản #${items[0]!.revisionId} sha256 ${items[0]!.textSha256.slice(0, 12)}`);
  });

  it('writes PNGs with their size and dpi in pHYs, one per item', async () => {
    const dir = outDir('png');
    const files = await job(dir, { preset: 'bang-ron-5x0.8', format: 'png', dpi: 20 }, items.slice(0, 2));
    expect(files.map((f) => f.name)).toEqual(items.slice(0, 2).map((i) => `${i.key}_5000x800mm_20dpi.png`));
    const chunks = pngChunks(fs.readFileSync(path.join(dir, files[0]!.name)));
    const ihdr = chunks[0]!.data;
    expect([ihdr.readUInt32BE(0), ihdr.readUInt32BE(4), ihdr[9]]).toEqual([Math.round((5020 * 20) / 25.4), Math.round((820 * 20) / 25.4), 2]);
    const phys = chunks.find((c) => c.type === 'pHYs')!;
    expect(Math.round(phys.data.readUInt32BE(0) * 0.0254)).toBe(20);
    expect(phys.data[8]).toBe(1);
  });

  it('draws a strip-rendered PNG identical to a single-surface render of the same page', async () => {
    const s = settings({ preset: 'bang-ron-5x0.8', format: 'png', dpi: 60, marks: true, slug: true });
    const page = planPage(s);
    expect(planStrips(page.width, page.height).bands).toBeGreaterThan(2);
    const dir = outDir('strips');
    const [file] = await job(dir, { preset: 'bang-ron-5x0.8', format: 'png', dpi: 60, marks: true, slug: true }, items.slice(0, 1));
    const striped = await loadImage(path.join(dir, file!.name));
    const decoded = createCanvas(page.width, page.height);
    decoded.getContext('2d').drawImage(striped, 0, 0);
    const single = createCanvas(page.width, page.height);
    const ctx = single.getContext('2d', { alpha: false }) as unknown as DrawingContext;
    const measurer = contextMeasurer(createCanvas(1, 1).getContext('2d') as unknown as DrawingContext);
    const slug = `${file!.name} · 5000 × 800 mm, xuất huyết 10 mm · tỉ lệ 1:1 · 60 dpi · 20/07/2020 · ${items[0]!.key} bản #${items[0]!.revisionId} sha256 ${items[0]!.textSha256.slice(0, 12)}`;
    drawPage(ctx, composePage(page, items[0]!.content, slug, measurer));
    const a = decoded.getContext('2d').getImageData(0, 0, page.width, page.height).data;
    const b = single.getContext('2d').getImageData(0, 0, page.width, page.height).data;
    let off = 0;
    for (let i = 0; i < a.length; i++) if (Math.abs(a[i]! - b[i]!) > 1) off++;
    expect(off).toBe(0);
  });

  it('pins the flag colours to their print CMYK values through Ghostscript', async () => {
    const dir = outDir('cmyk');
    const files = await job(dir, { preset: 'bang-ron-5x0.8', format: 'pdf', cmyk: true }, items.slice(0, 1));
    const cmyk = files.find((f) => f.name.endsWith('_cmyk.pdf'))!;
    const content = pdfStreams(fs.readFileSync(path.join(dir, cmyk.name))).join('\n');
    expect(content).toMatch(/(^|\s)0 0\.83\d* 0\.869\d* 0\.149\d* k/m);
    expect(content).toMatch(/(^|\s)0 0 1 0 k/m);
    expect(content).not.toMatch(/\srg\b/);
  });
});

describe("page boxes for the shop's preflight and imposition", () => {
  it('puts the boxes inside the marks margin on every page of a batch, poppler reads it without a complaint, the text stays NFC', async () => {
    const dir = outDir('boxes-batch');
    const batch = [printableItem(slogan), ...items.filter((i) => i.key !== CONGRESS).slice(0, 2)];
    const [file] = await job(dir, { preset: 'bang-ron-5x0.8', format: 'pdf', marks: true, slug: true }, batch);
    const pdf = path.join(dir, file!.name);
    const pages = pageBoxes(pdf, batch.length);
    for (const boxes of pages) expectBoxes(boxes, 5000, 800, 10, 15);
    expect(run('pdfinfo', [pdf])).toMatch(/Pages:\s+3\n/);
    const first = run('pdftotext', ['-f', '1', '-l', '1', '-enc', 'UTF-8', pdf, '-']);
    expect(first).toBe(first.normalize('NFC'));
    expect(collapse(first)).toContain('NHIỆT LIỆT CHÀO MỪNG ĐẠI HỘI ĐẠI BIỂU ĐẢNG BỘ VĂN PHÒNG CHÍNH PHỦ LẦN THỨ XXVI, NHIỆM KỲ 2020 - 2025!');
  });

  it('scales the boxes with the page of a 12 × 5 m backdrop at 1:10', async () => {
    const dir = outDir('boxes-scaled');
    const [file] = await job(dir, { preset: 'phong-hoi-truong-12x5', format: 'pdf', marks: true }, items.slice(0, 1));
    const [boxes] = pageBoxes(path.join(dir, file!.name));
    expectBoxes(boxes!, 12_000, 5000, 10, 15, 10);
  });

  it('keeps the boxes through the CMYK conversion', async () => {
    const dir = outDir('boxes-cmyk');
    const files = await job(dir, { preset: 'bang-ron-5x0.8', format: 'pdf', cmyk: true, marks: true }, items.slice(0, 1));
    const [boxes] = pageBoxes(path.join(dir, files.find((f) => f.name.endsWith('_cmyk.pdf'))!.name));
    expectBoxes(boxes!, 5000, 800, 10, 15);
  });
});

describe('refusals leave nothing behind', () => {
  it('refuses a slogan not yet approved, by key or id, without writing', async () => {
    const now = new Date().toISOString();
    const item = await store.engine.db
      .insertInto('content_items')
      .values({ key: 'draft-slogan', kind: 'slogan', status: 'submitted', created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await store.engine.db.insertInto('content_revisions').values({ item_id: item.id, revision: 1, text: 'Khẩu hiệu chưa duyệt', text_sha256: '', created_at: now }).execute();
    await expect(findPrintableSlogan(store.content, 'draft-slogan')).rejects.toMatchObject({ code: 'not-approved' });
    const pending = (await store.content.findSlogan('draft-slogan'))!;
    const out = path.join(tmp, 'draft.pdf');
    await expect(renderBanner({ slogan: pending, settings: settings({ preset: 'a4', format: 'pdf' }), out })).rejects.toMatchObject({ code: 'not-approved' });
    expect(fs.existsSync(out)).toBe(false);
  });

  it.each([
    { format: 'png' as const, widthMm: 0, heightMm: 800 },
    { format: 'png' as const, widthMm: -5, heightMm: 800 },
    { format: 'png' as const, widthMm: Number.NaN, heightMm: 800 },
    { format: 'png' as const, widthMm: 1e9, heightMm: 800 },
    { format: 'png' as const, widthMm: 5000, heightMm: 800, dpi: 0 },
    { format: 'png' as const, widthMm: 50_000, heightMm: 50_000, dpi: 600 },
    { format: 'pdf' as const, widthMm: 12_000, heightMm: 800, scale: 1 },
  ])('refuses an impossible size before any output: %o', async (size) => {
    const dir = outDir(`refused-${Math.random().toString(36).slice(2)}`);
    const s = { preset: undefined, bleedMm: 10, safeMm: 50, marks: false, slug: false, zip: false, cmyk: false, outlines: false, ...size };
    await expect(renderBanner({ slogan, settings: s, out: path.join(dir, 'a.png') })).rejects.toMatchObject({ code: 'invalid-size' });
    await expect(renderJob({ settings: s, items, outDir: dir, baseName: 'x', createdAt: new Date().toISOString(), author: 'a', timeZone: 'UTC' })).rejects.toBeInstanceOf(PrintError);
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});

/** PNG chunks after the 8-byte signature: length, type, data, CRC. */
function pngChunks(png: Buffer): { type: string; data: Buffer }[] {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const chunks: { type: string; data: Buffer }[] = [];
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    const type = png.toString('latin1', at + 4, at + 8);
    const data = png.subarray(at + 8, at + 8 + length);
    expect(png.readUInt32BE(at + 8 + length)).toBe(zlib.crc32(data, zlib.crc32(Buffer.from(type, 'latin1'))));
    chunks.push({ type, data });
    at += 12 + length;
  }
  return chunks;
}

/** The inflated content of every Flate stream that inflates: enough to read page operators. */
function pdfStreams(pdf: Buffer): string[] {
  const out: string[] = [];
  const text = pdf.toString('latin1');
  for (const m of text.matchAll(/stream\r?\n/g)) {
    const start = m.index! + m[0].length;
    const end = text.indexOf('endstream', start);
    try {
      out.push(zlib.inflateSync(pdf.subarray(start, end)).toString('latin1'));
    } catch {
      // Not a Flate stream (or a font program): no page operators in it.
    }
  }
  return out;
}
