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
  // Names of the Party, the state, people and bodies.
  'Đảng Cộng sản Việt Nam',
  'Hồ Chí Minh',
  'Việt Nam',
  'Văn phòng Chính phủ',
  'Chính phủ',
  'Trung ương',
  'Tổ quốc',
  'Cộng hòa',
  'Cộng hoà',
  'xã hội chủ nghĩa',
  'Chủ tịch',
  // Dates: 03/02/2020, 3/2, "ngày 3 tháng 2 năm 2020", "tháng 6/2020", "năm 2020".
  '(?:ngày )?\\d{1,2}/\\d{1,2}(?:/\\d{2,4})?',
  '(?:ngày )?\\d{1,2} tháng \\d{1,2}(?: năm \\d{4})?',
  'tháng \\d{1,2}(?:/\\d{4})?',
  'năm \\d{4}',
  // Numbers with their units (10 m, 90 năm, 2.000 người, 50%); a bare year is not a quantity.
  '(?<![\\d.,])\\d{1,3}(?:[.,]\\d{3})*(?:,\\d+)? ?(?:%|mm|cm|m|km|kg|tấn|giờ|phút|ngày|tháng|năm|người|đồng|triệu|tỷ|nghìn)(?![\\p{L}\\p{N}])',
];

/**
 * Two-syllable words a line should not split: breaking inside one is allowed but costs
 * (BalanceOptions.compoundPenalty). Same matching rules as the protected phrases.
 */
export const COMPOUND_WORDS: readonly string[] = (
  'nhiệt liệt|chào mừng|đại hội|đại biểu|đảng bộ|chi bộ|trực thuộc|các cấp|toàn quốc|thành công|' +
  'tiến tới|thi đua|thành tích|cơ quan|đẩy mạnh|toàn diện|đồng bộ|công cuộc|đổi mới|đất nước|' +
  'xây dựng|chỉnh đốn|hệ thống|chính trị|trong sạch|vững mạnh|kết hợp|phát huy|sức mạnh|dân tộc|' +
  'thời đại|bảo vệ|vững chắc|lãnh đạo|tổ chức|thắng lợi|cách mạng|muôn năm|toàn dân|toàn quân|' +
  'toàn Đảng|quyết tâm|thực hiện|nghị quyết|mục tiêu|dân giàu|nước mạnh|dân chủ|công bằng|' +
  'văn minh|vĩ đại|sống mãi|sự nghiệp|chúng ta|quang vinh|tuyên truyền|kỷ niệm|thành lập|' +
  'nhân dân|quốc tang|thương tiếc|tưởng nhớ|hội trường|lập thành tích'
).split('|');

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
