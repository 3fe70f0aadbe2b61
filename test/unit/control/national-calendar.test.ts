/** How the panel names, dates and resolves days of the national calendar. */
import { describe, expect, it } from 'vitest';
import type { NationalDayView } from '../../../server/protocol/national-calendar.js';
import { describeNationalAnchor, describeRecurring, idFromName, ruleText } from '../../../control/national-calendar.js';
import { resolveAnchor } from '../../../control/plan-axis.js';

const TET: NationalDayView = {
  id: 'tet-nguyen-dan', nameVi: 'Tết Nguyên đán', nameEn: 'Lunar New Year (Tết)', kind: 'holiday', calendar: 'lunar', month: 1, day: 1,
  note: null, builtIn: true, dates: [{ year: 2027, date: '2027-02-06' }],
};
const QUOC_KHANH: NationalDayView = { ...TET, id: 'quoc-khanh', nameVi: 'Quốc khánh', nameEn: 'National Day', calendar: 'solar', month: 9, day: 2, dates: [] };

describe('national calendar in the panel', () => {
  it('writes rules as offices do, in both languages', () => {
    expect(ruleText(TET, 'vi')).toBe('1/1 âm lịch');
    expect(ruleText(TET, 'en')).toBe('1/1 lunar');
    expect(ruleText(QUOC_KHANH, 'vi')).toBe('2/9');
  });

  it('resolves an anchor with the dates the server computed, and describes it by name and dd/mm/yyyy', () => {
    const anchor = { nationalDay: 'tet-nguyen-dan', year: 2027, offsetDays: -10 };
    const at = resolveAnchor(anchor, [], [TET]);
    expect(at).toBe('2027-01-27T00:00');
    expect(describeNationalAnchor(anchor, [TET], at, 'vi')).toBe('Tết Nguyên đán năm 2027, 10 ngày trước (27/01/2027)');
    expect(describeNationalAnchor(anchor, [TET], at, 'en')).toBe('Lunar New Year (Tết) year 2027, 10 days before (27/01/2027)');
    expect(resolveAnchor({ nationalDay: 'tet-nguyen-dan', year: 2090 }, [], [TET])).toBeNull();
    expect(resolveAnchor({ nationalDay: 'khong-co', year: 2027 }, [], [TET])).toBeNull();
    expect(describeNationalAnchor({ nationalDay: 'khong-co', year: 2027 }, [TET], null, 'vi')).not.toContain('khong-co');
  });

  it('describes a yearly window without ids', () => {
    expect(describeRecurring({ nationalDay: 'tet-nguyen-dan', offsetDays: -10, days: 10 }, [TET], 'vi')).toBe('10 ngày trước Tết Nguyên đán (1/1 âm lịch), 10 ngày, hằng năm');
    expect(describeRecurring({ nationalDay: 'quoc-khanh', offsetDays: 0, days: 3 }, [QUOC_KHANH], 'en')).toBe('National Day (2/9), 3 days, every year');
  });

  it('makes an id from a Vietnamese name, stacked marks and đ included', () => {
    expect(idFromName('Ngày truyền thống Văn phòng Chính phủ')).toBe('ngay-truyen-thong-van-phong-chinh-phu');
    expect(idFromName('  ĐỂ NHỚ NGÀY ẤY – 28/8  ')).toBe('de-nho-ngay-ay-28-8');
    expect(idFromName('Ễ'.normalize('NFD'))).toBe('e');
    expect(idFromName('x'.repeat(70))).toHaveLength(64);
  });
});
