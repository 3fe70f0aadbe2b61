/** The Vietnamese lunar calendar against published Vietnamese dates (not against a Chinese-calendar library). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromJulianDay, julianDay, leapMonthOf, lunarMonthLength, lunarToSolar, solarToLunar } from '../../../server/domain/lunar.js';

const ddmmyyyy = (d: { day: number; month: number; year: number } | undefined) =>
  d && `${String(d.day).padStart(2, '0')}/${String(d.month).padStart(2, '0')}/${d.year}`;
const tet = (year: number, tz?: number) => ddmmyyyy(lunarToSolar({ year, month: 1, day: 1, leap: false }, tz));

describe('Tết Nguyên đán (1/1 âm lịch) at UTC+7', () => {
  // Vietnamese calendars of each year (Hồ Ngọc Đức's tables, the government's holiday notices).
  const published: [number, string][] = [
    [1960, '28/01/1960'], [1968, '29/01/1968'], [1975, '11/02/1975'], [1976, '31/01/1976'], [1984, '02/02/1984'],
    [1985, '21/01/1985'], [1990, '27/01/1990'], [2000, '05/02/2000'], [2007, '17/02/2007'], [2010, '14/02/2010'],
    [2020, '25/01/2020'], [2021, '12/02/2021'], [2022, '01/02/2022'], [2023, '22/01/2023'], [2024, '10/02/2024'],
    [2025, '29/01/2025'], [2026, '17/02/2026'], [2027, '06/02/2027'], [2028, '26/01/2028'], [2029, '13/02/2029'],
    [2030, '02/02/2030'], [2035, '08/02/2035'], [2036, '28/01/2036'], [2039, '24/01/2039'],
  ];
  it.each(published)('Tết %i falls on %s', (year, date) => {
    expect(tet(year)).toBe(date);
  });

  // Years where the new moon falls between 0:00 and 1:00 Beijing time, or a solar term straddles
  // midnight: the same method at UTC+8 gives the Chinese date, and the two calendars differ.
  it('from 1968 (UTC+7 adopted) to 2060 the two differ exactly in 1968, 1969, 1985, 2007, 2030 and 2053', () => {
    // The years Việt Nam's calendar office named when Tết 2007 came a day before China's (its
    // "1984" is the year Giáp Tý, whose last months and so Tết Ất Sửu 1985 differed).
    const differ: number[] = [];
    for (let year = 1968; year <= 2060; year++) if (tet(year) !== tet(year, 8)) differ.push(year);
    expect(differ).toEqual([1968, 1969, 1985, 2007, 2030, 2053]);
  });

  it.each([
    [1968, '29/01/1968', '30/01/1968'],
    [1969, '16/02/1969', '17/02/1969'],
    [1985, '21/01/1985', '20/02/1985'],
    [2007, '17/02/2007', '18/02/2007'],
    [2030, '02/02/2030', '03/02/2030'],
    [2053, '18/02/2053', '19/02/2053'],
  ])('Tết %i: Vietnam %s, China %s', (year, vietnam, china) => {
    expect(tet(year)).toBe(vietnam);
    expect(tet(year, 8)).toBe(china);
  });
});

describe('Giỗ Tổ Hùng Vương (10/3 âm lịch)', () => {
  it.each([
    [2020, '02/04/2020'], [2021, '21/04/2021'], [2022, '10/04/2022'], [2023, '29/04/2023'],
    [2024, '18/04/2024'], [2025, '07/04/2025'], [2026, '26/04/2026'],
  ])('%i: %s', (year, date) => {
    expect(ddmmyyyy(lunarToSolar({ year, month: 3, day: 10, leap: false }))).toBe(date);
  });
});

describe('months', () => {
  it('finds the leap month of the published years (2020: 4, 2023: 2, 2025: 6) and none in 2024', () => {
    expect(leapMonthOf(2020)).toBe(4);
    expect(leapMonthOf(2023)).toBe(2);
    expect(leapMonthOf(2025)).toBe(6);
    expect(leapMonthOf(2024)).toBeUndefined();
    // 22/03/2023 is 1/2 nhuận Quý Mão.
    expect(solarToLunar({ year: 2023, month: 3, day: 22 })).toEqual({ year: 2023, month: 2, day: 1, leap: true });
  });

  it('refuses dates that do not exist: day 30 of a 29-day month, a leap month the year lacks', () => {
    // Tháng Chạp Giáp Thìn (2024) has 29 days: Tết Ất Tỵ came on the day after 29/12.
    expect(lunarMonthLength(2024, 12)).toBe(29);
    expect(lunarToSolar({ year: 2024, month: 12, day: 30, leap: false })).toBeUndefined();
    expect(ddmmyyyy(lunarToSolar({ year: 2024, month: 12, day: 29, leap: false }))).toBe('28/01/2025');
    expect(lunarMonthLength(2022, 12)).toBe(30);
    expect(ddmmyyyy(lunarToSolar({ year: 2022, month: 12, day: 30, leap: false }))).toBe('21/01/2023');
    expect(lunarToSolar({ year: 2024, month: 4, day: 1, leap: true })).toBeUndefined();
    expect(lunarToSolar({ year: 2024, month: 13, day: 1, leap: false })).toBeUndefined();
  });

  it('the day before Tết is the last day of the twelfth month of the year before', () => {
    for (let year = 1960; year <= 2040; year++) {
      const first = lunarToSolar({ year, month: 1, day: 1, leap: false })!;
      const eve = solarToLunar(fromJulianDay(julianDay(first.year, first.month, first.day) - 1));
      expect(eve.year).toBe(year - 1);
      expect(eve.month).toBe(12);
      expect(eve.leap).toBe(false);
      expect(eve.day).toBe(lunarMonthLength(year - 1, 12));
    }
  });
});

describe('round trip', () => {
  it('solar → lunar → solar gives back the same day (1900–2100)', () => {
    fc.assert(
      fc.property(fc.integer({ min: julianDay(1900, 1, 1), max: julianDay(2100, 12, 31) }), (jd) => {
        const solar = fromJulianDay(jd);
        const lunar = solarToLunar(solar);
        expect(lunar.day).toBeGreaterThanOrEqual(1);
        expect(lunar.day).toBeLessThanOrEqual(30);
        expect(lunarToSolar(lunar)).toEqual(solar);
      }),
      { numRuns: 2000 },
    );
  });
});
