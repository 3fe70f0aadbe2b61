/**
 * The text of a plan as lines, cleaned of what typing, scanning and Word leave behind: NFC,
 * invisible characters, tabs, a stray space before a hyphen or a "!", a sentence wrapped over
 * two lines. Pure.
 */
import { normalizeText } from '../../protocol/text.js';
import { asciiSlug } from '../slug.js';

/** A paragraph or line of the document, or a row of a table with its cells. */
export interface PlanBlock {
  text: string;
  cells?: string[];
}

export interface Line {
  /** 1-based, in document order. */
  no: number;
  /** As written (NFC), for showing where a proposal came from. */
  raw: string;
  /** Cleaned: invisible characters dropped, spaces collapsed, trimmed. */
  text: string;
  cells?: string[];
}

// Soft hyphens, zero-width characters, BOMs and bidi controls carry nothing a reader can see.
const INVISIBLE = /[\u00AD\u200B-\u200F\u2060\uFEFF\u202A-\u202E\u2066-\u2069]/g;
// Control characters but tab and line breaks (which the caller splits on).
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;

export function cleanText(s: string): string {
  return normalizeText(s.normalize('NFC').replace(INVISIBLE, '').replace(CONTROL, ' '));
}

/** Blocks → numbered lines; a paragraph holding line breaks gives one line per break. */
export function toLines(blocks: readonly PlanBlock[]): Line[] {
  const lines: Line[] = [];
  for (const block of blocks) {
    if (block.cells) {
      const cells = block.cells.map(cleanText);
      lines.push({ no: lines.length + 1, raw: block.cells.join(' | ').normalize('NFC'), text: cells.filter(Boolean).join(' | '), cells });
      continue;
    }
    for (const raw of block.text.split(/\r\n|[\n\r\u2028\u2029\v\f]/)) {
      lines.push({ no: lines.length + 1, raw: raw.normalize('NFC').replace(INVISIBLE, '').trimEnd(), text: cleanText(raw) });
    }
  }
  return lines;
}

/**
 * Scan and typing artefacts inside a sentence: a space before closing punctuation, a hyphen
 * with a space on one side only ("Việt Nam -Người", "2020 -2025"), which plans write with a
 * space on both sides.
 */
export function fixArtefacts(s: string): string {
  return s
    .replace(/\s+([!?.,;:])/g, '$1')
    .replace(/([\p{L}\d])\s+-(?=[\p{L}\d])/gu, '$1 - ')
    .replace(/([\p{L}\d])-\s+(?=[\p{L}\d])/gu, '$1 - ')
    .replace(/ {2,}/g, ' ')
    .trim();
}

/** Lines of one sentence wrapped by the page, joined with one space and the artefacts fixed. */
export function joinWrapped(parts: readonly string[]): string {
  return fixArtefacts(parts.map((p) => p.trim()).filter(Boolean).join(' '));
}

/** A document number as written ("Số 38 -KH/ĐU", "Số: 12/KH-UBND") → "38-KH/ĐU", "12/KH-UBND". */
export function cleanDocumentNumber(s: string): string {
  return s.replace(/\s*([-/])\s*/g, '$1').replace(/\s+/g, '');
}

/** A lower-case ASCII slug for ids: "Đại hội XIII" → "dai-hoi-xiii". */
export function slug(s: string, maxLength = 40): string {
  const ascii = asciiSlug(s);
  const cut = ascii.slice(0, maxLength).replace(/-+$/, '');
  return cut || 'x';
}

const SMALL_WORDS = new Set(['và', 'của', 'các', 'cơ', 'quan']);

/**
 * An all-capitals line ("PHÓ BÍ THƯ") in the sentence case plans use for positions
 * ("Phó Bí thư"): each word capitalised up to the office's name, the rest lower case.
 */
export function positionCase(s: string): string {
  if (s !== s.toLocaleUpperCase('vi')) return s;
  const words = s.toLocaleLowerCase('vi').split(' ');
  return words
    .map((w, i) => {
      if (w.includes('/')) return w.toLocaleUpperCase('vi');
      if (i > 0 && SMALL_WORDS.has(w)) return w;
      // "Bí thư", "Ban Thường vụ": the last word of a two-word title stays lower case.
      const titled = w.charAt(0).toLocaleUpperCase('vi') + w.slice(1);
      return i === words.length - 1 && i > 0 && /^(thư|vụ|tịch|trưởng|ủy)$/.test(w) ? w : titled;
    })
    .join(' ');
}
