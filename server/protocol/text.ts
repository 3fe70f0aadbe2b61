// Text hygiene for every entry point (HTTP bodies, WS messages, plan files, CLI flags).
// Pure: imported by the server, the control panel and the display player alike.
import { z } from 'zod';

export type TextProblemCode =
  | 'empty'
  | 'too-long'
  | 'control-char'
  | 'bidi-control'
  | 'zero-width'
  | 'unsupported-char'
  | 'legacy-encoding';

export interface TextProblem {
  code: TextProblemCode;
  /** Vietnamese, shown to the user. */
  message: string;
  messageEn: string;
  /** UTF-16 index into the checked string of the first offending character. */
  index?: number;
}

export interface TextOptions {
  /** Maximum length in code points (after normalisation). */
  maxLength?: number;
  /** Allow line breaks (\n). */
  multiline?: boolean;
}

export type LegacyEncoding = 'TCVN3' | 'VNI';

const DEFAULT_MAX_LENGTH = 500;
const DEFAULT_MAX_LENGTH_MULTILINE = 5000;

// "Ordinary" whitespace: everything JS calls whitespace except the no-break spaces, which authors
// use to keep phrases like "Đảng Cộng sản Việt Nam" on one line. U+FEFF is not here: it is
// reported as zero-width rather than silently dropped.
const SPACE_CLASS = '\\t\\v\\f \\u1680\\u2000-\\u2006\\u2008-\\u200A\\u205F\\u3000';
const BREAK_CLASS = '\\n\\r\\u2028\\u2029';
const ORDINARY_WS = new RegExp(`[${SPACE_CLASS}${BREAK_CLASS}]+`, 'g');
const SPACES = new RegExp(`[${SPACE_CLASS}]+`, 'g');
const LINE_BREAK = /\r\n|[\r\u2028\u2029]/g;
// Edges: a no-break space at either end protects nothing.
const EDGE_WS = new RegExp(`^[${SPACE_CLASS}${BREAK_CLASS}\\u00A0]+|[${SPACE_CLASS}${BREAK_CLASS}\\u00A0]+$`, 'g');
// No-break spaces the font lacks (U+2007, U+202F) become U+00A0, which it has, keeping the intent.
const OTHER_NBSP = /[\u2007\u202F]/g;

/**
 * NFC, trim, collapse runs of ordinary whitespace to one space; U+00A0 is kept.
 * With `multiline`, line breaks are kept (as \n), each line is trimmed and blank lines collapse to one.
 */
export function normalizeText(s: string, opts: { multiline?: boolean } = {}): string {
  const nfc = s.normalize('NFC').replace(OTHER_NBSP, '\u00A0');
  if (!opts.multiline) return nfc.replace(EDGE_WS, '').replace(ORDINARY_WS, ' ');
  return nfc
    .replace(LINE_BREAK, '\n')
    .split('\n')
    .map((line) => line.replace(EDGE_WS, '').replace(SPACES, ' '))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .replace(/^\n+|\n+$/g, '');
}

// Characters the Be Vietnam Pro font has and Vietnamese/Latin text needs.
const VIETNAMESE_LATIN1 = 'àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ';
const VIETNAMESE_EXTENDED = 'ĂăĐđĨĩŨũƠơƯư';
const TYPOGRAPHIC = '\u00A0–—‘’“”…•·°';

function isSupported(cp: number, ch: string): boolean {
  return (
    (cp >= 0x20 && cp <= 0x7e) ||
    (cp >= 0x1ea0 && cp <= 0x1ef9) ||
    VIETNAMESE_LATIN1.includes(ch) ||
    VIETNAMESE_EXTENDED.includes(ch) ||
    TYPOGRAPHIC.includes(ch)
  );
}

const isControl = (cp: number) => cp <= 0x1f || (cp >= 0x7f && cp <= 0x9f);
const isBidi = (cp: number) =>
  (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) || cp === 0x200e || cp === 0x200f || cp === 0x061c;
const isZeroWidth = (cp: number) => (cp >= 0x200b && cp <= 0x200d) || cp === 0x2060 || cp === 0xfeff;

const codePoint = (cp: number) => `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;

// ---------------------------------------------------------------------------------------------
// Legacy encodings. Before Unicode, Vietnamese was typed in 8-bit font encodings (TCVN3/ABC with
// .VnTime fonts, VNI with VNI-Times). Pasted without the font, such text shows as Latin-1/cp1252
// mojibake: TCVN3 "NhiÖt liÖt chµo mõng", VNI "Nhieät lieät chaøo möøng".
//
// Heuristic, built so that it can never flag real text:
//  1. the text must contain a Latin-1 character that Unicode Vietnamese never uses (µ, Ö, ø, ...);
//     text made only of supported characters is never flagged;
//  2. words holding such a character must decode, under the legacy table, into well-formed
//     Vietnamese syllables ("naïve", "Müller", "5 µm" do not);
//  3. at least two words of the text must decode into changed, well-formed syllables, so one
//     stray symbol is reported as an unsupported character instead; one odd word (a name, a
//     typo) in four does not hide a legacy paragraph.

// TCVN3 (TCVN 5712:1993 VN3) byte → letter. Capitals with tone marks had their own fonts
// (.VnTimeH) that reuse the lower-case codes, so only the seven bare capitals are listed.
const TCVN3: Record<string, string> = {
  '¡': 'Ă', '¢': 'Â', '£': 'Ê', '¤': 'Ô', '¥': 'Ơ', '¦': 'Ư', '§': 'Đ',
  '¨': 'ă', '©': 'â', 'ª': 'ê', '«': 'ô', '¬': 'ơ', '\u00AD': 'ư', '®': 'đ',
  'µ': 'à', '¶': 'ả', '·': 'ã', '¸': 'á', '¹': 'ạ',
  '»': 'ằ', '¼': 'ẳ', '½': 'ẵ', '¾': 'ắ', 'Æ': 'ặ',
  'Ç': 'ầ', 'È': 'ẩ', 'É': 'ẫ', 'Ê': 'ấ', 'Ë': 'ậ',
  'Ì': 'è', 'Î': 'ẻ', 'Ï': 'ẽ', 'Ð': 'é', 'Ñ': 'ẹ',
  'Ò': 'ề', 'Ó': 'ể', 'Ô': 'ễ', 'Õ': 'ế', 'Ö': 'ệ',
  '×': 'ì', 'Ø': 'ỉ', 'Ü': 'ĩ', 'Ý': 'í', 'Þ': 'ị',
  'ß': 'ò', 'á': 'ỏ', 'â': 'õ', 'ã': 'ó', 'ä': 'ọ',
  'å': 'ồ', 'æ': 'ổ', 'ç': 'ỗ', 'è': 'ố', 'é': 'ộ',
  'ê': 'ờ', 'ë': 'ở', 'ì': 'ỡ', 'í': 'ớ', 'î': 'ợ',
  'ï': 'ù', 'ñ': 'ủ', 'ò': 'ũ', 'ó': 'ú', 'ô': 'ụ',
  'õ': 'ừ', 'ö': 'ử', '÷': 'ữ', 'ø': 'ứ', 'ù': 'ự',
  'ú': 'ỳ', 'û': 'ỷ', 'ü': 'ỹ', 'ý': 'ý', 'þ': 'ỵ',
};

function decodeTcvn3(word: string): string {
  let out = '';
  for (const ch of word) out += TCVN3[ch] ?? ch;
  return out;
}

// VNI: a base vowel followed by a mark byte; a few letters have bytes of their own.
const VNI_LETTERS: Record<string, string> = {
  'ô': 'ơ', 'Ô': 'Ơ', 'ö': 'ư', 'Ö': 'Ư', 'ñ': 'đ', 'Ñ': 'Đ',
  'í': 'í', 'Í': 'Í', 'ì': 'ì', 'Ì': 'Ì', 'æ': 'ỉ', 'Æ': 'Ỉ', 'ó': 'ĩ', 'Ó': 'Ĩ', 'ò': 'ị', 'Ò': 'Ị',
};
const ACUTE = '\u0301', GRAVE = '\u0300', HOOK = '\u0309', TILDE = '\u0303', DOT = '\u0323';
const CIRC = '\u0302', BREVE = '\u0306';
const VNI_MARKS: Record<string, string> = {
  'ù': ACUTE, 'ø': GRAVE, 'û': HOOK, 'õ': TILDE, 'ï': DOT,
  'â': CIRC, 'á': CIRC + ACUTE, 'à': CIRC + GRAVE, 'å': CIRC + HOOK, 'ã': CIRC + TILDE, 'ä': CIRC + DOT,
  'ê': BREVE, 'é': BREVE + ACUTE, 'è': BREVE + GRAVE, 'ú': BREVE + HOOK, 'ü': BREVE + TILDE, 'ë': BREVE + DOT,
};
const VNI_BASES = /[aeiouyơưAEIOUYƠƯ]$/;

function decodeVni(word: string): string {
  let out = '';
  for (const ch of word) {
    const mark = VNI_MARKS[ch.toLowerCase()];
    if (mark && VNI_BASES.test(out)) out = (out + mark).normalize('NFC');
    else out += VNI_LETTERS[ch] ?? ch;
  }
  return out.normalize('NFC');
}

const TONE_MARKS = /[\u0300\u0301\u0303\u0309\u0323]/g;
// Vietnamese syllable without its tone: onset, one of the language's vowel groups, coda. Loose
// (it ignores which codas a vowel takes) but tells "liệt" from "naïve" and VNI "Noäi" read as
// TCVN3 ("Noọi").
const VOWEL_GROUPS = [
  'iêu', 'yêu', 'oai', 'oay', 'oeo', 'uây', 'uôi', 'ươi', 'ươu', 'uya', 'uyê', 'uyu',
  'ai', 'ao', 'au', 'ay', 'âu', 'ây', 'eo', 'êu', 'ia', 'iê', 'iu', 'oa', 'oă', 'oe', 'oi', 'oo',
  'ôi', 'ơi', 'ua', 'uâ', 'uê', 'ui', 'uô', 'uơ', 'uy', 'ưa', 'ưi', 'ươ', 'ưu', 'yê',
  'a', 'ă', 'â', 'e', 'ê', 'i', 'o', 'ô', 'ơ', 'u', 'ư', 'y',
];
const SYLLABLE = new RegExp(
  `^(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?(${VOWEL_GROUPS.join('|')})(ch|ng|nh|[cmnpt])?$`,
);

function isSyllable(word: string): boolean {
  const nfd = word.toLowerCase().normalize('NFD');
  const tones = nfd.match(TONE_MARKS)?.length ?? 0;
  return tones <= 1 && SYLLABLE.test(nfd.replace(TONE_MARKS, '').normalize('NFC'));
}

// Words are split on whitespace and ASCII/typographic punctuation only: many legacy code bytes
// (¶ § « » ¡) are Unicode punctuation and must stay inside their word.
const WORD_SPLIT = /[\s\u00A0!-/:-@[-`{-~–—‘’“”…•]+/;
const FOREIGN_LATIN1 = new RegExp(`(?![${VIETNAMESE_LATIN1}${TYPOGRAPHIC}])[\u00A1-\u00FF]`);
const isForeignLatin1 = (ch: string) => FOREIGN_LATIN1.test(ch);

/** Which legacy encoding the text looks like it was typed in, if any. */
export function detectLegacyEncoding(s: string): LegacyEncoding | undefined {
  const words = s.split(WORD_SPLIT).filter((w) => /[A-Za-z]/.test(w));
  if (!words.some((w) => [...w].some(isForeignLatin1))) return undefined;
  let best: { encoding: LegacyEncoding; score: number } | undefined;
  for (const [encoding, decode] of [['TCVN3', decodeTcvn3], ['VNI', decodeVni]] as const) {
    let score = 0;
    let broken = 0;
    for (const w of words) {
      const decoded = decode(w);
      if (decoded !== w && isSyllable(decoded)) score++;
      else if ([...w].some(isForeignLatin1)) broken++;
    }
    if (score >= 2 && broken * 4 <= score && (!best || score > best.score)) best = { encoding, score };
  }
  return best?.encoding;
}

const LEGACY_NAMES: Record<LegacyEncoding, string> = { TCVN3: 'TCVN3 (ABC)', VNI: 'VNI' };

/**
 * Problems of one user-visible text, as stored (run normalizeText first). Each offending
 * character is reported once, at its first index.
 */
export function checkText(s: string, opts: TextOptions = {}): TextProblem[] {
  const problems: TextProblem[] = [];
  if (s.replace(EDGE_WS, '') === '') {
    return [{ code: 'empty', message: 'Văn bản trống', messageEn: 'Text is empty' }];
  }
  const maxLength = opts.maxLength ?? (opts.multiline ? DEFAULT_MAX_LENGTH_MULTILINE : DEFAULT_MAX_LENGTH);
  const length = [...s].length;
  if (length > maxLength) {
    problems.push({
      code: 'too-long',
      message: `Văn bản dài ${length} ký tự, vượt quá giới hạn ${maxLength} ký tự`,
      messageEn: `Text is ${length} characters long, over the limit of ${maxLength}`,
    });
  }
  const legacy = detectLegacyEncoding(s);
  if (legacy) {
    problems.push({
      code: 'legacy-encoding',
      message: `Văn bản có vẻ được gõ bằng bảng mã ${LEGACY_NAMES[legacy]}, không phải Unicode; hãy gõ lại bằng Unicode`,
      messageEn: `Text looks typed in the legacy ${LEGACY_NAMES[legacy]} encoding, not Unicode; retype it in Unicode`,
      index: s.search(FOREIGN_LATIN1),
    });
  }
  const seen = new Set<string>();
  for (let i = 0; i < s.length; ) {
    const cp = s.codePointAt(i)!;
    const ch = String.fromCodePoint(cp);
    const index = i;
    i += ch.length;
    if (seen.has(ch) || (ch === '\n' && opts.multiline) || isSupported(cp, ch)) continue;
    // A legacy-encoding report already explains its Latin-1 characters.
    if (legacy && cp >= 0xa0 && cp <= 0xff) continue;
    seen.add(ch);
    const u = codePoint(cp);
    if (isControl(cp)) {
      problems.push({
        code: 'control-char',
        message: `Văn bản chứa ký tự điều khiển (${u})`,
        messageEn: `Text contains a control character (${u})`,
        index,
      });
    } else if (isBidi(cp)) {
      problems.push({
        code: 'bidi-control',
        message: `Văn bản chứa ký tự điều khiển hướng chữ (${u})`,
        messageEn: `Text contains a bidirectional control character (${u})`,
        index,
      });
    } else if (isZeroWidth(cp)) {
      problems.push({
        code: 'zero-width',
        message: `Văn bản chứa ký tự vô hình (${u})`,
        messageEn: `Text contains an invisible zero-width character (${u})`,
        index,
      });
    } else {
      // Combining marks and format characters are shown by code point only: alone they render as nothing.
      const shown = /[\p{M}\p{Cf}\p{Z}]/u.test(ch) ? u : `"${ch}" (${u})`;
      problems.push({
        code: 'unsupported-char',
        message: `Văn bản chứa ký tự không được hỗ trợ: ${shown}`,
        messageEn: `Text contains an unsupported character: ${shown}`,
        index,
      });
    }
  }
  return problems;
}

/**
 * Zod schema for user-visible text: normalises, then adds one issue per problem (Vietnamese
 * message; the problem code, English message and index in `params`).
 */
export function vietnameseText(opts: TextOptions = {}) {
  return z
    .string()
    .overwrite((s) => normalizeText(s, { multiline: opts.multiline ?? false }))
    .superRefine((s, ctx) => {
      for (const p of checkText(s, opts)) {
        ctx.addIssue({ code: 'custom', message: p.message, params: { code: p.code, messageEn: p.messageEn, index: p.index } });
      }
    });
}

/** Identifier of anything in a plan or the database: lower-case slug. */
export const Id = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, {
  message: 'Mã định danh chỉ gồm chữ thường không dấu, số và dấu gạch ngang (tối đa 64 ký tự)',
});
export type Id = z.infer<typeof Id>;
