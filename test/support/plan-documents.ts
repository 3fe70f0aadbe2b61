/**
 * Documents for the plan reader's tests: a PDF with a text layer drawn by node-canvas, and .docx
 * zips that inflate to far more than they weigh (zip bombs), one honest about its sizes, one lying.
 */
import { crc32, deflateRawSync } from 'node:zlib';
import { createCanvas } from 'canvas';
import { registerFonts } from '../../server/print/fonts.js';
import { FONT_FAMILY } from '../../display/render/fonts.js';

/** An A4 PDF with one line of text per line of `text`, kept as text ('glyph' mode), as Word's PDF export does. */
export function textPdf(text: string): Buffer {
  registerFonts();
  const lines = text.split('\n');
  const perPage = 50;
  const canvas = createCanvas(595, 842, 'pdf');
  const ctx = canvas.getContext('2d');
  ctx.textDrawingMode = 'glyph';
  for (let i = 0; i < lines.length; i++) {
    if (i > 0 && i % perPage === 0) ctx.addPage(595, 842);
    ctx.font = `10px "${FONT_FAMILY}"`;
    ctx.fillText(lines[i]!.normalize('NFC'), 40, 40 + (i % perPage) * 15);
  }
  return canvas.toBuffer('application/pdf');
}

interface ZipPart {
  name: string;
  data: Buffer;
  /** The size written in the headers when it is not the data's true size (a lying zip). */
  declaredSize?: number;
}

/** A deflated zip written by hand: only tests need zips whose headers lie. */
export function zipOf(parts: ZipPart[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const name = Buffer.from(part.name, 'utf8');
    const deflated = deflateRawSync(part.data, { level: 9 });
    const size = part.declaredSize ?? part.data.length;
    const crc = crc32(part.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(deflated.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(deflated.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, deflated);
    centrals.push(central, name);
    offset += local.length + name.length + deflated.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

const CONTENT_TYPES = Buffer.from(
  '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>',
);

/** A .docx whose document.xml inflates to `bytes` of XML: a bomb in a few tens of KB. */
export function docxBomb(bytes: number, opts: { lie: boolean }): Buffer {
  const head = '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>';
  const data = Buffer.alloc(bytes, ' ');
  data.write(head);
  return zipOf([
    { name: '[Content_Types].xml', data: CONTENT_TYPES },
    { name: 'word/document.xml', data, ...(opts.lie ? { declaredSize: 4096 } : {}) },
  ]);
}
