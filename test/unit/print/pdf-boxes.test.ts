/**
 * TrimBox and BleedBox as an incremental update on Cairo's PDF: the boxes as poppler reads them,
 * and the update's structure checked byte by byte, since poppler and Ghostscript silently repair
 * a wrong startxref.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createCanvas } from 'canvas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrintError } from '../../../server/print/errors.js';
import { registerFonts } from '../../../server/print/fonts.js';
import { addPageBoxes } from '../../../server/print/pdf-boxes.js';
import { renderPdf } from '../../../server/print/pdf.js';
import { planPage, type PageGeometry } from '../../../server/print/size.js';
import { PLAN_SLOGANS } from '../../support/plan-slogans.js';
import { pageBoxes, type PageBoxes } from '../../support/pdf-boxes.js';

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pano-pdf-boxes-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Off centre, so that a missing y flip shows. */
const OFF_CENTRE: Pick<PageGeometry, 'width' | 'height' | 'art' | 'trim'> = {
  width: 200,
  height: 100,
  art: { x: 5, y: 2, w: 120, h: 60 },
  trim: { x: 10, y: 5, w: 100, h: 50 },
};

/** What Cairo writes, before any boxes. */
function cairoPdf(pages: number, width = 200, height = 100): Buffer {
  const canvas = createCanvas(width, height, 'pdf');
  const ctx = canvas.getContext('2d');
  for (let i = 0; i < pages; i++) {
    if (i > 0) ctx.addPage(width, height);
    ctx.fillStyle = '#DA251D';
    ctx.fillRect(0, 0, width / 2, height / 2);
  }
  return canvas.toBuffer('application/pdf', { title: 'trailer << /Type /Page >> endobj', creationDate: new Date(0) });
}

/** `pdfinfo -box` per page, failing on anything poppler says on stderr. */
function boxes(pdf: Buffer, pages: number): PageBoxes[] {
  const file = path.join(tmp, `${Math.random().toString(36).slice(2)}.pdf`);
  fs.writeFileSync(file, pdf);
  return pageBoxes(file, pages);
}

/** Follows startxref and /Prev: every section at an `xref`, every entry at its object; returns the number of sections. */
function checkXrefChain(pdf: Buffer): number {
  const text = pdf.toString('latin1');
  const header = /(\d+) (\d+)\r?\n/y;
  let at: number | undefined = Number(/startxref\n(\d+)\n%%EOF\n$/.exec(text)![1]);
  let sections = 0;
  for (; at !== undefined; sections++) {
    expect(text.startsWith('xref\n', at)).toBe(true);
    let pos = at + 'xref\n'.length;
    for (let m; (header.lastIndex = pos), (m = header.exec(text)); ) {
      pos = header.lastIndex;
      for (let i = 0; i < Number(m[2]); i++, pos += 20) {
        const entry = text.slice(pos, pos + 20);
        expect(entry).toMatch(/^\d{10} \d{5} [nf]( \n|\r\n| \r)$/);
        if (entry[17] === 'n') expect(text.startsWith(`${Number(m[1]) + i} 0 obj`, Number(entry.slice(0, 10)))).toBe(true);
      }
    }
    expect(text.startsWith('trailer', pos)).toBe(true);
    const prev = /\/Prev (\d+)/.exec(text.slice(pos, text.indexOf('startxref', pos)));
    at = prev ? Number(prev[1]) : undefined;
  }
  return sections;
}

describe('addPageBoxes', () => {
  it('adds TrimBox and BleedBox to every page in PDF user space, y up, and keeps the MediaBox', () => {
    const original = cairoPdf(3);
    const pdf = addPageBoxes(original, OFF_CENTRE, 3)!;
    expect(pdf).toBeInstanceOf(Buffer);
    expect(pdf.subarray(0, original.length).equals(original)).toBe(true);
    expect(checkXrefChain(pdf)).toBe(2);
    for (const page of boxes(pdf, 3)) {
      expect(page).toMatchObject({ MediaBox: [0, 0, 200, 100], TrimBox: [10, 45, 110, 95], BleedBox: [5, 38, 125, 98] });
    }
  });

  it('marks a real render: the trim and art of the planned page, every page of a batch', () => {
    registerFonts();
    const page = planPage({ preset: undefined, format: 'pdf', widthMm: 1200, heightMm: 300, bleedMm: 5, safeMm: 20, marks: true, slug: false, zip: false, cmyk: false, outlines: false });
    const pages = PLAN_SLOGANS.slice(0, 2).map((text) => ({ content: { template: 'banner' as const, text }, slug: undefined }));
    const pdf = renderPdf(page, pages, { metadata: { title: PLAN_SLOGANS[0] }, outlines: false });
    expect(checkXrefChain(pdf)).toBe(2);
    const { art, trim, width, height } = page;
    for (const got of boxes(pdf, 2)) {
      expect(got).toMatchObject({
        MediaBox: [0, 0, width, height],
        TrimBox: [trim.x, height - trim.y - trim.h, trim.x + trim.w, height - trim.y],
        BleedBox: [art.x, height - art.y - art.h, art.x + art.w, height - art.y],
      });
    }
  });

  const twoPages = cairoPdf(2);
  const text = twoPages.toString('latin1');
  const xrefAt = text.lastIndexOf('\nxref\n');
  /** Edits the xref table and trailer only, so that every object stays where the table says. */
  const editTail = (edit: (tail: string) => string) => Buffer.from(text.slice(0, xrefAt) + edit(text.slice(xrefAt)), 'latin1');
  it.each([
    ['a page count other than rendered', twoPages, 3, /2 page objects for 3 pages/],
    ['a MediaBox other than planned', cairoPdf(2, 201, 100), 2, /MediaBox 201 × 100/],
    ['a trailer without its /Root', editTail((t) => t.replace(/\/Root \d+ 0 R/, '')), 2, /trailer without/],
    ['an xref entry that misses its object', editTail((t) => t.replace(/\n\d{10} 00000 n/, '\n0000000999 00000 n')), 2, /does not point at object/],
    ['a file cut short', twoPages.subarray(0, twoPages.length - 10), 2, /no startxref/],
  ])('refuses %s rather than write a broken file', (_why, pdf, pages, message) => {
    const refuse = () => addPageBoxes(pdf, OFF_CENTRE, pages);
    expect(refuse).toThrow(PrintError);
    expect(refuse).toThrow(message);
  });

  it.each([
    [
      'an xref stream (a newer Cairo)',
      Buffer.from('%PDF-1.5\n1 0 obj\n<< /Type /XRef /Size 2 /W [ 1 2 1 ] /Root 2 0 R /Length 0 >>\nstream\n\nendstream\nendobj\nstartxref\n9\n%%EOF\n', 'latin1'),
    ],
    ['a trailer with more than /Size /Root /Info', editTail((t) => t.replace('/Info', '/Encrypt 3 0 R /Info'))],
  ])('leaves %s to the caller unpatched (undefined), since the file prints without boxes', (_why, pdf) => {
    expect(addPageBoxes(pdf, OFF_CENTRE, 2)).toBeUndefined();
  });
});
