// Numbers written the way each language writes them, shared by the panel and the CSV exports so a
// report reads the same on screen and in a spreadsheet: "12,5" in Vietnamese, "12.5" in English.
export type NumberLocale = 'vi' | 'en';

const TAGS: Record<NumberLocale, string> = { vi: 'vi-VN', en: 'en-GB' };

const formats = (locale: NumberLocale) => ({
  large: new Intl.NumberFormat(TAGS[locale], { maximumFractionDigits: 0 }),
  small: new Intl.NumberFormat(TAGS[locale], { maximumSignificantDigits: 3 }),
});
const BY_LOCALE = { vi: formats('vi'), en: formats('en') };

/** Hours: three significant digits below 100, so a few seconds still show as more than 0. */
export function formatHours(hours: number, locale: NumberLocale): string {
  const f = BY_LOCALE[locale];
  return (hours >= 100 ? f.large : f.small).format(hours);
}

/** What a CSV's header says about its numbers, so a spreadsheet user knows how to read them. */
export const DECIMAL_NOTE: Record<NumberLocale, string> = {
  vi: 'dấu phẩy thập phân, ví dụ 12,5',
  en: 'decimal point, e.g. 12.5',
};

/** "1 slogan", "2 slogans"; Vietnamese has one form. Intl.PluralRules decides, per language. */
export function countOf(n: number, locale: NumberLocale, forms: { one: string; other: string }): string {
  const rule = new Intl.PluralRules(TAGS[locale]).select(n);
  return `${new Intl.NumberFormat(TAGS[locale]).format(n)} ${rule === 'one' ? forms.one : forms.other}`;
}
