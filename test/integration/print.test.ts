/**
 * The print service end to end: a real store, real node-canvas, and the poppler tools a print
 * shop's prepress would use to inspect the files.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createCanvas, loadImage } from 'canvas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contextMeasurer, layoutSlide } from '../../display/render/index.js';
import type { PlayableSlogan } from '../../server/db/content-repository.js';
import { findPrintableSlogan, PrintError, renderBanner } from '../../server/print/index.js';
import { registerFonts } from '../../server/print/fonts.js';
import { normalizeText } from '../../server/protocol/text.js';
import { openStore, type Store } from '../../server/store.js';

const CONGRESS = 'greet-vpcp-congress-xxvi';
const CONGRESS_TEXT = 'Nhiệt liệt chào mừng Đại hội đại biểu Đảng bộ Văn phòng Chính phủ lần thứ XXVI, nhiệm kỳ 2020 - 2025!';

let tmp: string;
let store: Store;
let slogan: PlayableSlogan;

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pano-print-'));
  store = openStore(path.join(tmp, 'data'), 'NORMAL');
  slogan = findPrintableSlogan(store.content, CONGRESS);
});
afterAll(() => {
  store.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: 'utf8' });
const collapse = (s: string) => s.replace(/\s+/g, ' ').trim();

/** Insert a slogan the approver has not approved yet (what the approval workflow will create). */
function insertSubmitted(key: string, text: string): void {
  const now = new Date().toISOString();
  const item = store.db
    .prepare(`INSERT INTO content_items (key, kind, status, created_at, updated_at) VALUES (?, 'slogan', 'submitted', ?, ?)`)
    .run(key, now, now);
  store.db
    .prepare(`INSERT INTO content_revisions (item_id, revision, text, text_sha256, created_at) VALUES (?, 1, ?, '', ?)`)
    .run(item.lastInsertRowid, text, now);
}

describe('banner PDF, 5000 × 800 mm', () => {
  let file: string;
  beforeAll(async () => {
    file = path.join(tmp, 'bang-ron.pdf');
    const result = await renderBanner({ slogan, format: 'pdf', widthMm: 5000, heightMm: 800, out: file });
    expect(result).toMatchObject({ format: 'pdf', width: 14173, height: 2268 });
  });

  it('is the real plan slogan, with its stacked diacritics', () => {
    expect(slogan.text).toBe(CONGRESS_TEXT);
    expect(slogan.status).toBe('approved');
  });

  it('has a page of true size in points', () => {
    const info = run('pdfinfo', [file]);
    const [, w, h] = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(info)!;
    expect(Math.abs(Number(w) - (5000 * 72) / 25.4)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(Number(h) - (800 * 72) / 25.4)).toBeLessThanOrEqual(0.5);
    expect(info).toMatch(/Pages:\s+1\n/);
  });

  it('carries title, author and source document as metadata', () => {
    const info = run('pdfinfo', ['-enc', 'UTF-8', file]);
    expect(info).toContain(`Title:           ${CONGRESS_TEXT}\n`);
    expect(info).toMatch(/Author:\s+Pano\n/);
    expect(info).toMatch(/Subject:\s+38-KH\/ĐU\n/);
  });

  it('embeds Be Vietnam Pro and no other font', () => {
    const rows = run('pdffonts', [file]).trim().split('\n').slice(2);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row).toMatch(/^[A-Z]{6}\+BeVietnamPro-Bold /);
      // Columns from the right: emb sub uni object-id generation.
      expect(row.trim().split(/\s+/).at(-5)).toBe('yes');
    }
  });

  it('keeps the text extractable, in NFC, as the capitals the template draws', () => {
    const text = run('pdftotext', ['-enc', 'UTF-8', file, '-']);
    expect(text).toBe(text.normalize('NFC'));
    expect(collapse(text)).toBe(normalizeText(CONGRESS_TEXT).toLocaleUpperCase('vi'));
  });

  it('breaks lines exactly as display/render lays out the banner at that size', () => {
    registerFonts();
    const ctx = createCanvas(14173, 2268, 'pdf').getContext('2d');
    const layout = layoutSlide({ template: 'banner', width: 14173, height: 2268, text: CONGRESS_TEXT }, contextMeasurer(ctx));
    const lines = run('pdftotext', ['-enc', 'UTF-8', file, '-']).split('\n').map((l) => l.trim()).filter(Boolean);
    expect(lines).toEqual(layout.blocks[0]!.lines.map((l) => l.text));
    expect(lines.length).toBe(2);
  });
});

describe('banner PNG, 5000 × 800 mm at 20 dpi', () => {
  let file: string;
  beforeAll(async () => {
    file = path.join(tmp, 'bang-ron.png');
    await renderBanner({ slogan, format: 'png', widthMm: 5000, heightMm: 800, dpi: 20, out: file });
  });

  it('has the right pixel size and a pHYs chunk saying 20 dpi, before the image data', () => {
    const chunks = pngChunks(fs.readFileSync(file));
    const names = chunks.map((c) => c.type);
    expect(names[0]).toBe('IHDR');
    const ihdr = chunks[0]!.data;
    expect([ihdr.readUInt32BE(0), ihdr.readUInt32BE(4)]).toEqual([Math.round((5000 * 20) / 25.4), Math.round((800 * 20) / 25.4)]);
    // Colour type 2: opaque RGB, what print RIPs expect.
    expect(ihdr[9]).toBe(2);
    const phys = chunks.find((c) => c.type === 'pHYs');
    expect(phys).toBeDefined();
    expect(names.indexOf('pHYs')).toBeLessThan(names.indexOf('IDAT'));
    const [x, y, unit] = [phys!.data.readUInt32BE(0), phys!.data.readUInt32BE(4), phys!.data[8]];
    expect(unit).toBe(1); // pixels per metre
    expect(x).toBe(y);
    expect(Math.round(x * 0.0254)).toBe(20);
  });

  it('is a flag-red banner with yellow lettering', async () => {
    const image = await loadImage(file);
    const ctx = createCanvas(image.width, image.height).getContext('2d');
    ctx.drawImage(image, 0, 0);
    expect([...ctx.getImageData(0, 0, 1, 1).data]).toEqual([0xda, 0x25, 0x1d, 255]);
    const row = ctx.getImageData(0, 0, image.width, image.height).data;
    let yellow = 0;
    for (let i = 0; i < row.length; i += 4) if (row[i] === 255 && row[i + 1] === 255 && row[i + 2] === 0) yellow++;
    expect(yellow).toBeGreaterThan(image.width * image.height * 0.03);
  });
});

describe('refusals leave nothing behind', () => {
  it('refuses a slogan not yet approved, by key or id, without writing', async () => {
    insertSubmitted('draft-slogan', 'Khẩu hiệu chưa duyệt');
    expect(() => findPrintableSlogan(store.content, 'draft-slogan')).toThrow(expect.objectContaining({ code: 'not-approved' }));
    const pending = store.content.findSlogan('draft-slogan')!;
    expect(() => findPrintableSlogan(store.content, String(pending.id))).toThrow(/chưa được duyệt/);
    const out = path.join(tmp, 'draft.pdf');
    await expect(renderBanner({ slogan: pending, format: 'pdf', widthMm: 1000, heightMm: 200, out })).rejects.toMatchObject({
      code: 'not-approved',
    });
    expect(fs.existsSync(out)).toBe(false);
  });

  it('refuses an unknown slogan', () => {
    expect(() => findPrintableSlogan(store.content, 'kh-99')).toThrow(/Không có khẩu hiệu "kh-99"/);
  });

  it('prints the approved revision, not a later unapproved edit', () => {
    const now = new Date().toISOString();
    store.db
      .prepare(`INSERT INTO content_revisions (item_id, revision, text, text_sha256, created_at) VALUES (?, 2, 'Sửa chưa duyệt', '', ?)`)
      .run(slogan.id, now);
    expect(findPrintableSlogan(store.content, CONGRESS).text).toBe(CONGRESS_TEXT);
  });

  it.each([
    { format: 'png' as const, widthMm: 5000, heightMm: 800, dpi: 300 },
    { format: 'pdf' as const, widthMm: 6000, heightMm: 800 },
    { format: 'pdf' as const, widthMm: Number.NaN, heightMm: 800 },
  ])('refuses an impossible size before any output: %o', async (size) => {
    const out = path.join(tmp, `refused.${size.format}`);
    await expect(renderBanner({ ...size, slogan, out })).rejects.toMatchObject({ code: 'invalid-size' });
    expect(fs.readdirSync(tmp).filter((f) => f.startsWith('refused') || f.endsWith('.part'))).toEqual([]);
  });

  it('keeps an existing file intact when the new print is refused', async () => {
    const out = path.join(tmp, 'existing.pdf');
    fs.writeFileSync(out, 'previous print');
    await expect(renderBanner({ slogan, format: 'pdf', widthMm: 9000, heightMm: 800, out })).rejects.toThrow(PrintError);
    expect(fs.readFileSync(out, 'utf8')).toBe('previous print');
  });
});

/** PNG chunks after the 8-byte signature: length, type, data, CRC. */
function pngChunks(png: Buffer): { type: string; data: Buffer }[] {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const chunks: { type: string; data: Buffer }[] = [];
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    chunks.push({ type: png.toString('latin1', at + 4, at + 8), data: png.subarray(at + 8, at + 8 + length) });
    at += 12 + length;
  }
  return chunks;
}
