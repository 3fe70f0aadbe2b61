/**
 * A .docx is a zip. Before a .docx library opens one, its central directory is read with yauzl
 * and every XML part is inflated with a running count: a "zip bomb" (a few KB that inflate to
 * gigabytes) is refused by its declared sizes, and one that lies about them is refused by yauzl
 * (validateEntrySizes) as soon as the inflated bytes pass the declared size.
 */
import yauzl, { type Entry } from 'yauzl';
import { PlanReadError } from './errors.js';

export const ZIP_LIMITS = {
  entries: 2_000,
  /** Sum of the declared sizes of all parts, media included. */
  totalBytes: 200 * 1024 * 1024,
  /** Sum of the XML parts actually inflated: a 100-page plan is about 2 MB of XML. */
  xmlBytes: 32 * 1024 * 1024,
} as const;

const bomb = () =>
  new PlanReadError(
    413,
    'docx-too-large',
    'Tệp .docx giải nén ra quá lớn (có thể là tệp “bom nén”); Pano không đọc tệp này.',
    'The .docx inflates to too much data (possibly a zip bomb); Pano does not read it.',
  );

const notDocx = (why: string) =>
  new PlanReadError(400, 'not-docx', 'Tệp không phải văn bản Word .docx hợp lệ.', `The file is not a valid Word .docx document (${why}).`);

/** Checks a .docx's zip structure and sizes; throws PlanReadError, resolves when it is safe to open. */
export async function checkDocxZip(bytes: Buffer): Promise<void> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.fromBufferPromise(bytes, { lazyEntries: true, validateEntrySizes: true, strictFileNames: false });
  } catch (err) {
    throw notDocx((err as Error).message);
  }
  try {
    if (zip.entryCount > ZIP_LIMITS.entries) throw bomb();
    let declared = 0;
    let inflated = 0;
    let hasDocument = false;
    for await (const entry of zip.eachEntry()) {
      declared += entry.uncompressedSize;
      if (declared > ZIP_LIMITS.totalBytes) throw bomb();
      if (entry.fileName === 'word/document.xml') hasDocument = true;
      if (!/\.(xml|rels)$/i.test(entry.fileName)) continue;
      if (entry.isEncrypted()) throw notDocx('encrypted');
      if (inflated + entry.uncompressedSize > ZIP_LIMITS.xmlBytes) throw bomb();
      inflated += await inflatedSize(zip, entry, ZIP_LIMITS.xmlBytes - inflated);
    }
    if (!hasDocument) throw notDocx('no word/document.xml');
  } catch (err) {
    if (err instanceof PlanReadError) throw err;
    // yauzl's "too many bytes in the stream" is a part that inflates past its declared size.
    if (/too many bytes|expected \d+ bytes/i.test((err as Error).message)) throw bomb();
    throw notDocx((err as Error).message);
  } finally {
    zip.close();
  }
}

async function inflatedSize(zip: yauzl.ZipFile, entry: Entry, budget: number): Promise<number> {
  const stream = await zip.openReadStreamPromise(entry);
  let n = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    n += chunk.length;
    if (n > budget) {
      stream.destroy();
      throw bomb();
    }
  }
  return n;
}
