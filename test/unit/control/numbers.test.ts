import { describe, expect, it } from 'vitest';
import { countOf, formatLocalDate } from '../../../control/i18n.js';
import { formatHours } from '../../../server/protocol/number-format.js';

describe('plurals, dates and numbers per language (issue 12 D12)', () => {
  it('counts with the language’s plural rules: "1 slogan", never "1 slogans"', () => {
    const forms = { one: 'slogan', other: 'slogans' };
    expect(countOf(1, 'en', forms)).toBe('1 slogan');
    expect(countOf(2, 'en', forms)).toBe('2 slogans');
    expect(countOf(0, 'en', forms)).toBe('0 slogans');
    expect(countOf(1, 'vi', { one: 'khẩu hiệu', other: 'khẩu hiệu' })).toBe('1 khẩu hiệu');
    expect(countOf(1200, 'vi', { one: 'ảnh', other: 'ảnh' })).toBe('1.200 ảnh');
  });

  it('writes a plan date dd/mm/yyyy', () => {
    expect(formatLocalDate('2020-02-17')).toBe('17/02/2020');
  });

  it('writes hours with the language’s decimal mark, the same on the page and in the CSV', () => {
    expect(formatHours(12.5, 'vi')).toBe('12,5');
    expect(formatHours(12.5, 'en')).toBe('12.5');
    expect(formatHours(30 / 3600, 'vi')).toBe('0,00833');
    expect(formatHours(1234.4, 'en')).toBe('1,234');
  });
});
