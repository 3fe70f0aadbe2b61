/**
 * Phrases a line must never break inside. Data, not code: each entry is a regular-expression
 * source matched case-insensitively (so it matches the uppercased banner text too); spaces in an
 * entry match any run of whitespace. Extend per slide with SlideOptions.protectedPhrases.
 */
export const DEFAULT_PROTECTED_PHRASES: readonly string[] = [
  // Congress ordinals: "lần thứ XIII", "khóa XIII".
  'lần thứ [IVXLCDM]+',
  'khóa [IVXLCDM]+',
  'khoá [IVXLCDM]+',
  // Terms of office and year ranges: the dash never starts or ends a line.
  'nhiệm kỳ \\d{4} ?[-–—] ?\\d{4}',
  '\\d{4} ?[-–—] ?\\d{4}',
  'Đảng Cộng sản Việt Nam',
  'Hồ Chí Minh',
  'Việt Nam',
  // Dates: 03/02/2020, 3/2, "ngày 3 tháng 2 năm 2020", "tháng 6/2020", "năm 2020".
  '\\d{1,2}/\\d{1,2}(?:/\\d{2,4})?',
  '(?:ngày )?\\d{1,2} tháng \\d{1,2}(?: năm \\d{4})?',
  'tháng \\d{1,2}(?:/\\d{4})?',
  'năm \\d{4}',
  // Numbers with their units (10 m, 90 năm, 2.000 người, 50%).
  '\\d[\\d.,]* ?(?:%|mm|cm|m|km|kg|tấn|giờ|phút|ngày|tháng|năm|người|đồng|triệu|tỷ|nghìn)(?![\\p{L}\\p{N}])',
];

/** A literal phrase (as an operator types it) turned into a pattern entry. */
export function literalPhrase(phrase: string): string {
  return phrase
    .normalize('NFC')
    .trim()
    .split(/\s+/u)
    .map((w) => w.replace(/[.*+?^${}()|[\]\\/]/gu, '\\$&'))
    .join(' ');
}

/** Half-open [start, end) character ranges of `text` covered by any phrase. */
export function protectedSpans(text: string, phrases: readonly string[]): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  for (const source of phrases) {
    const re = new RegExp(source.replace(/ /gu, '\\s+'), 'giu');
    for (const m of text.matchAll(re)) {
      if (m[0].length > 0) spans.push([m.index, m.index + m[0].length]);
    }
  }
  return spans;
}
