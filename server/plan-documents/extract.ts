/**
 * A plan document's bytes → its text as paragraphs and table rows. The kind comes from the bytes
 * (zip = .docx, "%PDF-" = PDF, else UTF-8 or UTF-16 text), never from a file name. The .docx is
 * read by mammoth (its document model keeps tables as rows and cells), the PDF's text layer by
 * unpdf (pdf.js built for servers). Runs in the reader's worker thread.
 */
import mammoth from 'mammoth';
import { extractText, getDocumentProxy } from 'unpdf';
import type { PlanBlock } from '../domain/plan-reader/index.js';
import { PlanReadError } from './errors.js';
import { checkDocxZip } from './zip-guard.js';

export type DocumentFormat = 'text' | 'docx' | 'pdf';

export const MAX_PDF_PAGES = 200;

const startsWith = (b: Uint8Array, sig: number[]) => sig.every((v, i) => b[i] === v);

export async function extractBlocks(bytes: Uint8Array): Promise<{ format: DocumentFormat; blocks: PlanBlock[] }> {
  if (bytes.length === 0) throw new PlanReadError(400, 'empty', 'Tệp trống: không có gì để đọc.', 'The file is empty: there is nothing to read.');
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return { format: 'docx', blocks: await docxBlocks(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length)) };
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return { format: 'pdf', blocks: await pdfBlocks(bytes) };
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0])) {
    throw new PlanReadError(
      400,
      'legacy-doc',
      'Đây là tệp Word 97-2003 (.doc): hãy mở bằng Word và lưu lại thành .docx rồi tải lên.',
      'This is a Word 97-2003 (.doc) file: open it in Word, save it as .docx and upload that.',
    );
  }
  return { format: 'text', blocks: [{ text: decodeText(bytes) }] };
}

/** UTF-8 (with or without BOM) or UTF-16 with its BOM; anything else is not a text file. */
function decodeText(bytes: Uint8Array): string {
  const notText = () =>
    new PlanReadError(
      400,
      'not-text',
      'Tệp không phải văn bản .txt (Unicode UTF-8), .docx hay .pdf; Pano không đọc được.',
      'The file is neither UTF-8 text, a .docx nor a PDF; Pano cannot read it.',
    );
  let encoding = 'utf-8';
  if (startsWith(bytes, [0xff, 0xfe])) encoding = 'utf-16le';
  else if (startsWith(bytes, [0xfe, 0xff])) encoding = 'utf-16be';
  let text: string;
  try {
    text = new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    throw notText();
  }
  // NUL and other C0 controls but tab and line breaks mean a binary file that happens to decode.
  if (/[\u0000-\u0008\u000E-\u001F]/.test(text)) throw notText();
  return text;
}

interface DocNode {
  type: string;
  value?: string;
  children?: DocNode[];
}

/** Paragraph text of a mammoth document node: runs, hyperlinks, tabs and breaks. */
function nodeText(node: DocNode): string {
  switch (node.type) {
    case 'text':
      return node.value ?? '';
    case 'tab':
      return '\t';
    case 'break':
      return '\n';
    default:
      return (node.children ?? []).map(nodeText).join('');
  }
}

/** Paragraphs and table rows, in document order; a table inside a cell gives its text to the cell. */
function walk(node: DocNode, out: PlanBlock[]): void {
  if (node.type === 'paragraph') out.push({ text: nodeText(node) });
  else if (node.type === 'table') {
    for (const row of node.children ?? []) {
      if (row.type !== 'tableRow') continue;
      out.push({ text: '', cells: (row.children ?? []).map((cell) => (cell.children ?? []).map(nodeText).join(' ')) });
    }
  } else for (const child of node.children ?? []) walk(child, out);
}

async function docxBlocks(bytes: Buffer): Promise<PlanBlock[]> {
  await checkDocxZip(bytes);
  let tree: DocNode | undefined;
  try {
    // mammoth's document model (transformDocument) keeps tables as rows and cells; images are
    // never read (the converter gives them no source), so only the checked XML is inflated.
    await mammoth.convertToHtml(
      { buffer: bytes },
      {
        transformDocument: (doc: DocNode) => (tree = doc),
        convertImage: mammoth.images.imgElement(async () => ({ src: '' })),
      },
    );
  } catch (err) {
    throw new PlanReadError(400, 'not-docx', `Không đọc được văn bản Word: ${(err as Error).message}`, `The Word document cannot be read: ${(err as Error).message}`);
  }
  const blocks: PlanBlock[] = [];
  if (tree) walk(tree, blocks);
  return blocks;
}

async function pdfBlocks(bytes: Uint8Array): Promise<PlanBlock[]> {
  let pages: string[];
  try {
    const pdf = await getDocumentProxy(new Uint8Array(bytes), { isEvalSupported: false, stopAtErrors: true });
    if (pdf.numPages > MAX_PDF_PAGES) {
      throw new PlanReadError(413, 'pdf-too-long', `PDF có ${pdf.numPages} trang, quá ${MAX_PDF_PAGES} trang.`, `The PDF has ${pdf.numPages} pages, over ${MAX_PDF_PAGES}.`);
    }
    pages = (await extractText(pdf, { mergePages: false })).text;
  } catch (err) {
    if (err instanceof PlanReadError) throw err;
    throw new PlanReadError(400, 'not-pdf', `Không đọc được tệp PDF: ${(err as Error).message}`, `The PDF cannot be read: ${(err as Error).message}`);
  }
  if (!pages.some((p) => /\p{L}/u.test(p))) {
    throw new PlanReadError(
      422,
      'pdf-no-text',
      'PDF không có lớp chữ (bản quét ảnh): hãy dùng bản .docx hoặc nhận dạng chữ (OCR) trước.',
      'The PDF has no text layer (a scanned image): use the .docx, or run OCR first.',
    );
  }
  return pages.map((text) => ({ text }));
}
