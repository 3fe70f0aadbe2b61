/**
 * TrimBox and BleedBox on every page, for the shop's preflight and imposition. Cairo writes only
 * a MediaBox, so the boxes go in an incremental update: each page object again with the boxes,
 * and an xref section pointing at the new versions. Only what Cairo 1.16 writes is patched (a
 * classic xref table, plain page dictionaries). A file of another structure (a newer Cairo's xref
 * streams, say) gets undefined, so the caller can keep it as it is: boxes help a shop's preflight,
 * the file prints without them. A file that contradicts itself or the plan is refused.
 */
import { PrintError } from './errors.js';
import type { PageGeometry, Rect } from './size.js';

export function addPageBoxes(pdf: Buffer, page: Pick<PageGeometry, 'width' | 'height' | 'art' | 'trim'>, pageCount: number): Buffer | undefined {
  // latin1, one character per byte; only the parts read are decoded, not the fonts and images.
  const read = (from: number, to?: number) => pdf.toString('latin1', from, to);
  const tail = /startxref\r?\n(\d+)\r?\n%%EOF\r?\n?$/.exec(read(Math.max(0, pdf.length - 64)));
  if (!tail) throw unexpected('no startxref at the end of the file');
  const prev = Number(tail[1]);
  const table = read(prev);
  const xref = /^xref\r?\n0 (\d+)\r?\n/.exec(table);
  if (!xref) return undefined;
  const size = Number(xref[1]);
  const trailer = /^trailer\s*<<([^<>]*)>>\s*startxref/.exec(table.slice(xref[0].length + 20 * size));
  if (!trailer) return undefined;
  const keys = new Map([...trailer[1]!.matchAll(/\/(\w+)\s+([^/]+)/g)].map((m) => [m[1]!, m[2]!.trim()]));
  const root = keys.get('Root');
  const info = keys.get('Info');
  if ([...keys.keys()].some((k) => !['Size', 'Root', 'Info'].includes(k))) return undefined;
  if (keys.get('Size') !== String(size) || !root) throw unexpected(`trailer without /Size ${size} and /Root: ${trailer[1]!.trim()}`);

  const boxes = `\n   /TrimBox ${pdfBox(page.trim, page.height)}\n   /BleedBox ${pdfBox(page.art, page.height)}`;
  const updated: { id: number; object: string }[] = [];
  for (let id = 1; id < size; id++) {
    const entryAt = xref[0].length + 20 * id;
    const entry = /^(\d{10}) (\d{5}) ([nf])( \n| \r|\r\n)$/.exec(table.slice(entryAt, entryAt + 20));
    if (!entry) throw unexpected(`xref entry ${id} is not 20 bytes of offset, generation, n or f`);
    if (entry[3] === 'f') continue;
    const at = Number(entry[1]);
    const head = read(at, at + 64);
    const start = /^(\d+) (\d+) obj\b/.exec(head);
    if (!start || Number(start[1]) !== id || entry[2] !== '00000' || start[2] !== '0') throw unexpected(`xref entry ${id} does not point at object ${id} 0`);
    if (!/^\d+ 0 obj\s*<<\s*\/Type\s*\/Page\b/.test(head)) continue;
    const end = pdf.indexOf('endobj', at, 'latin1');
    const object = end < 0 ? '' : read(at, end + 'endobj'.length);
    const media = /\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/.exec(object);
    if (!media || /[()]|\bstream\b|\/(Trim|Bleed)Box/.test(object)) throw unexpected(`page object ${id} is not a plain dictionary with a MediaBox and no boxes`);
    if (Number(media[1]) !== page.width || Number(media[2]) !== page.height) {
      throw unexpected(`page object ${id} has MediaBox ${media[1]} × ${media[2]}, not the ${page.width} × ${page.height} pt planned`);
    }
    updated.push({ id, object: object.replace(media[0], media[0] + boxes) });
  }
  if (updated.length !== pageCount) throw unexpected(`${updated.length} page objects for ${pageCount} pages rendered`);

  let update = pdf.at(-1) === 0x0a ? '' : '\n';
  const entries = updated.map(({ id, object }) => {
    const offset = pdf.length + update.length;
    update += `${object}\n`;
    return `${id} 1\n${String(offset).padStart(10, '0')} 00000 n \n`;
  });
  const xrefAt = pdf.length + update.length;
  update += `xref\n${entries.join('')}trailer\n<< /Size ${size} /Root ${root}${info ? ` /Info ${info}` : ''} /Prev ${prev} >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return Buffer.concat([pdf, Buffer.from(update, 'latin1')]);
}

/** PDF user space: origin bottom left, so y flips against the canvas's top-left origin. */
function pdfBox(r: Rect, pageHeight: number): string {
  return `[ ${r.x} ${pageHeight - r.y - r.h} ${r.x + r.w} ${pageHeight - r.y} ]`;
}

function unexpected(why: string): PrintError {
  return new PrintError('render-failed', 'Không thêm được TrimBox/BleedBox: tệp PDF của Cairo khác cấu trúc dự kiến', `cannot add TrimBox/BleedBox, unexpected PDF structure: ${why}`);
}
