/**
 * CMYK PDF for the print shop. Cairo writes DeviceRGB only, and a generic RGB→CMYK conversion
 * turns flag red into a muddy four-colour mix. So the flag colours are first pinned to their
 * print values in the page content (rg → k), then Ghostscript's pdfwrite converts whatever else
 * is RGB and leaves DeviceCMYK as it is.
 */
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { PrintError } from './errors.js';

/** RGB as Cairo writes it (n/255 to 6 places) → the CMYK the print shop expects. */
const PINNED: readonly { rgb: [number, number, number]; cmyk: string }[] = [
  { rgb: [0xda, 0x25, 0x1d], cmyk: '0 0.83 0.87 0.15' }, // flag red
  { rgb: [0xff, 0xff, 0x00], cmyk: '0 0 1 0' }, // flag yellow
  { rgb: [0, 0, 0], cmyk: '0 0 0 1' }, // marks and slug: black ink only
];

const GS = 'gs';

/** Ghostscript's version, or undefined when it is not installed. */
export async function ghostscriptVersion(): Promise<string | undefined> {
  try {
    const { stdout } = await promisify(execFile)(GS, ['--version'], { timeout: 10_000 });
    return stdout.trim();
  } catch {
    return undefined;
  }
}

export async function assertGhostscript(): Promise<void> {
  if ((await ghostscriptVersion()) === undefined) {
    throw new PrintError(
      'ghostscript-missing',
      'Chưa cài Ghostscript nên không xuất được PDF CMYK; hãy cài gói ghostscript (apt-get install ghostscript) hoặc bỏ tùy chọn CMYK',
      'Ghostscript is not installed: install the Debian package ghostscript for CMYK PDF',
    );
  }
}

/** Converts the RGB PDF `input` to a CMYK PDF at `output` (a temp file the caller renames). */
export async function convertToCmyk(input: string, output: string, pinnedTemp: string, outlines: boolean, signal?: AbortSignal): Promise<void> {
  await writeFile(pinnedTemp, pinFlagColours(await readFile(input)));
  const args = [
    '-q',
    '-dSAFER',
    '-dBATCH',
    '-dNOPAUSE',
    '-sDEVICE=pdfwrite',
    '-sColorConversionStrategy=CMYK',
    '-sProcessColorModel=DeviceCMYK',
    '-dAutoRotatePages=/None',
    ...(outlines ? ['-dNoOutputFonts'] : []),
    `-sOutputFile=${output}`,
    pinnedTemp,
  ];
  try {
    await promisify(execFile)(GS, args, { timeout: 10 * 60_000, ...(signal ? { signal } : {}) });
  } catch (err) {
    signal?.throwIfAborted();
    const reason = (err as { stderr?: string }).stderr || (err instanceof Error ? err.message : String(err));
    throw new PrintError('render-failed', `Ghostscript không chuyển được sang CMYK: ${reason}`, 'Ghostscript CMYK conversion failed', { cause: err });
  }
}

/**
 * Rewrites every Flate content stream with the pinned colours as CMYK operators and rebuilds
 * the cross-reference table. Cairo's PDFs are plain: numbered objects in order, classic xref.
 */
export function pinFlagColours(pdf: Buffer): Buffer {
  const text = pdf.toString('latin1');
  const header = text.slice(0, text.indexOf('\n') + 1);
  const parts: Buffer[] = [Buffer.from(header, 'latin1')];
  const offsets = new Map<number, number>();
  let size = parts[0]!.length;
  const objectStart = /(\d+) 0 obj\b/g;
  let m: RegExpExecArray | null;
  let maxId = 0;
  while ((m = objectStart.exec(text))) {
    const id = Number(m[1]);
    const bodyStart = m.index;
    const streamAt = text.indexOf('stream', bodyStart);
    const endobjAt = text.indexOf('endobj', bodyStart);
    let object: Buffer;
    if (streamAt >= 0 && streamAt < endobjAt) {
      const dict = text.slice(bodyStart, streamAt);
      const dataStart = streamAt + (text.startsWith('stream\r\n', streamAt) ? 8 : 7);
      const length = streamLength(text, dict);
      const dataEnd = dataStart + length;
      const endAt = text.indexOf('endobj', dataEnd) + 'endobj'.length;
      let data = pdf.subarray(dataStart, dataEnd);
      let newDict = dict;
      if (/\/FlateDecode/.test(dict) && !/\/(Subtype|Type)\s*\/(FontFile|XObject|Font|Image)/.test(dict)) {
        const content = zlib.inflateSync(data).toString('latin1');
        const pinned = pinContent(content);
        if (pinned !== content) {
          data = zlib.deflateSync(Buffer.from(pinned, 'latin1'));
          newDict = dict.replace(/\/Length\s+(\d+\s+\d+\s+R|\d+)/, `/Length ${data.length}`);
        }
      }
      object = Buffer.concat([Buffer.from(newDict + 'stream\n', 'latin1'), data, Buffer.from('\nendstream\nendobj\n', 'latin1')]);
      objectStart.lastIndex = endAt;
    } else {
      const endAt = endobjAt + 'endobj'.length;
      object = Buffer.from(text.slice(bodyStart, endAt) + '\n', 'latin1');
      objectStart.lastIndex = endAt;
    }
    offsets.set(id, size);
    maxId = Math.max(maxId, id);
    parts.push(object);
    size += object.length;
  }
  const trailer = /trailer\s*<<([^]*?)>>/.exec(text)?.[1];
  if (!trailer) throw new PrintError('render-failed', 'Không đọc được PDF để chuyển màu', 'PDF has no trailer');
  const xref = [`xref\n0 ${maxId + 1}\n`, '0000000000 65535 f \n'];
  for (let id = 1; id <= maxId; id++) {
    const at = offsets.get(id);
    xref.push(at === undefined ? '0000000000 65535 f \n' : `${String(at).padStart(10, '0')} 00000 n \n`);
  }
  const newTrailer = `trailer\n<<${trailer.replace(/\/Size\s+\d+/, `/Size ${maxId + 1}`)}>>\nstartxref\n${size}\n%%EOF\n`;
  parts.push(Buffer.from(xref.join('') + newTrailer, 'latin1'));
  return Buffer.concat(parts);
}

function streamLength(text: string, dict: string): number {
  const direct = /\/Length\s+(\d+)(\s+(\d+)\s+R)?/.exec(dict);
  if (!direct) throw new PrintError('render-failed', 'PDF thiếu độ dài luồng', 'PDF stream without /Length');
  if (!direct[2]) return Number(direct[1]);
  const indirect = new RegExp(`\\b${direct[1]} ${direct[3]} obj\\s*(\\d+)\\s*endobj`).exec(text);
  if (!indirect) throw new PrintError('render-failed', 'PDF thiếu độ dài luồng', 'PDF stream length object missing');
  return Number(indirect[1]);
}

function pinContent(content: string): string {
  let out = content;
  for (const { rgb, cmyk } of PINNED) {
    const [r, g, b] = rgb.map((v) => cairoNumber(v / 255));
    // Whole operands only: "1 1 0 rg" must not match inside "0.1 1 0 rg".
    const operands = `${r} ${g} ${b}`.replaceAll('.', '\\.');
    const operator = new RegExp(`(^|\\s)${operands} (rg|RG)(?=\\s)`, 'g');
    out = out.replace(operator, (_all, before: string, op: string) => `${before}${cmyk} ${op === 'rg' ? 'k' : 'K'}`);
  }
  return out;
}

/** Cairo prints at most 6 decimals and drops trailing zeros (1 → "1", 0.5 → "0.5"). */
function cairoNumber(v: number): string {
  return String(Number(v.toFixed(6)));
}
