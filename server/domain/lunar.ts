/**
 * The Vietnamese lunisolar calendar (âm lịch), computed by Hồ Ngọc Đức's published method:
 * new moons and the sun's longitude from Meeus ("Astronomical Algorithms"), a month starting on
 * the local day of its new moon, month 11 holding the winter solstice, and the leap month being
 * the first month without a major solar term. Days are local days at UTC+7, which is what makes
 * Vietnam's calendar differ from China's (UTC+8) in some years: Tết 1968 on 29/01 (China 30/01),
 * 1985 on 21/01 (China 20/02), 2007 on 17/02 (China 18/02).
 *
 * Why not a package: the lunar libraries on the registry compute the Chinese calendar (UTC+8);
 * the Vietnamese ones are young single-release ports of this same method. It is short and pure,
 * so it lives here with tests against published Vietnamese dates. Valid for 1800–2199.
 */

/** Vietnam's offset from UTC in hours since 1968; the calendar is reckoned in it. */
export const VIETNAM_UTC_OFFSET = 7;

export interface SolarDate {
  year: number;
  month: number;
  day: number;
}

export interface LunarDate {
  year: number;
  month: number;
  day: number;
  /** The month is the year's leap month (tháng nhuận). */
  leap: boolean;
}

const floor = Math.floor;
const DEG = Math.PI / 180;
const SYNODIC_MONTH = 29.530588853;
/** Julian day of the new moon of 1900-01-01, the origin of the lunation count k. */
const NEW_MOON_EPOCH = 2415021.076998695;

/** Julian day number of a Gregorian (from 15/10/1582) or Julian calendar date. */
export function julianDay(year: number, month: number, day: number): number {
  const a = floor((14 - month) / 12);
  const y = year + 4800 - a;
  const m = month + 12 * a - 3;
  const jd = day + floor((153 * m + 2) / 5) + 365 * y + floor(y / 4) - floor(y / 100) + floor(y / 400) - 32045;
  return jd < 2299161 ? day + floor((153 * m + 2) / 5) + 365 * y + floor(y / 4) - 32083 : jd;
}

export function fromJulianDay(jd: number): SolarDate {
  let b = 0;
  let c: number;
  if (jd > 2299160) {
    const a = jd + 32044;
    b = floor((4 * a + 3) / 146097);
    c = a - floor((b * 146097) / 4);
  } else {
    c = jd + 32082;
  }
  const d = floor((4 * c + 3) / 1461);
  const e = c - floor((1461 * d) / 4);
  const m = floor((5 * e + 2) / 153);
  return {
    day: e - floor((153 * m + 2) / 5) + 1,
    month: m + 3 - 12 * floor(m / 10),
    year: b * 100 + d - 4800 + floor(m / 10),
  };
}

/** Julian day (fractional, UT) of the k-th new moon after 1900-01-01 (Meeus, ch. 49, short series). */
function newMoon(k: number): number {
  const T = k / 1236.85;
  const T2 = T * T;
  const T3 = T2 * T;
  let jd = 2415020.75933 + 29.53058868 * k + 0.0001178 * T2 - 0.000000155 * T3;
  jd += 0.00033 * Math.sin((166.56 + 132.87 * T - 0.009173 * T2) * DEG);
  const M = 359.2242 + 29.10535608 * k - 0.0000333 * T2 - 0.00000347 * T3; // sun's mean anomaly
  const Mpr = 306.0253 + 385.81691806 * k + 0.0107306 * T2 + 0.00001236 * T3; // moon's mean anomaly
  const F = 21.2964 + 390.67050646 * k - 0.0016528 * T2 - 0.00000239 * T3; // moon's argument of latitude
  let c = (0.1734 - 0.000393 * T) * Math.sin(M * DEG) + 0.0021 * Math.sin(2 * DEG * M);
  c += -0.4068 * Math.sin(Mpr * DEG) + 0.0161 * Math.sin(DEG * 2 * Mpr) - 0.0004 * Math.sin(DEG * 3 * Mpr);
  c += 0.0104 * Math.sin(DEG * 2 * F) - 0.0051 * Math.sin(DEG * (M + Mpr)) - 0.0074 * Math.sin(DEG * (M - Mpr));
  c += 0.0004 * Math.sin(DEG * (2 * F + M)) - 0.0004 * Math.sin(DEG * (2 * F - M)) - 0.0006 * Math.sin(DEG * (2 * F + Mpr));
  c += 0.001 * Math.sin(DEG * (2 * F - Mpr)) + 0.0005 * Math.sin(DEG * (2 * Mpr + M));
  // ΔT (TT − UT) in days.
  const deltaT = T < -11
    ? 0.001 + 0.000839 * T + 0.0002261 * T2 - 0.00000845 * T3 - 0.000000081 * T * T3
    : -0.000278 + 0.000265 * T + 0.000262 * T2;
  return jd + c - deltaT;
}

/** The sun's apparent longitude in radians, [0, 2π), at a Julian day (UT). */
function sunLongitude(jd: number): number {
  const T = (jd - 2451545.0) / 36525;
  const T2 = T * T;
  const M = 357.5291 + 35999.0503 * T - 0.0001559 * T2 - 0.00000048 * T * T2;
  const L0 = 280.46645 + 36000.76983 * T + 0.0003032 * T2;
  const DL = (1.9146 - 0.004817 * T - 0.000014 * T2) * Math.sin(DEG * M)
    + (0.019993 - 0.000101 * T) * Math.sin(DEG * 2 * M) + 0.00029 * Math.sin(DEG * 3 * M);
  const L = (L0 + DL) * DEG;
  return L - 2 * Math.PI * floor(L / (2 * Math.PI));
}

/** Local day number on which the k-th new moon falls. */
function newMoonDay(k: number, tz: number): number {
  return floor(newMoon(k) + 0.5 + tz / 24);
}

/** Which of the 12 major solar terms (30° sectors of longitude) the sun is in at the local midnight starting the day. */
function solarSector(dayNumber: number, tz: number): number {
  return floor((sunLongitude(dayNumber - 0.5 - tz / 24) / Math.PI) * 6);
}

/** Local day number of the start of lunar month 11 (the month holding the winter solstice) of a solar year. */
function month11Start(year: number, tz: number): number {
  const k = floor((julianDay(year, 12, 31) - 2415021) / SYNODIC_MONTH);
  const nm = newMoonDay(k, tz);
  // Sector 9 starts at 270°, the solstice: a month starting past it is already month 12.
  return solarSector(nm, tz) >= 9 ? newMoonDay(k - 1, tz) : nm;
}

/** In a 13-month year from month 11 at a11: the offset (1…) of the leap month, the first without a major term. */
function leapMonthOffset(a11: number, tz: number): number {
  const k = floor((a11 - NEW_MOON_EPOCH) / SYNODIC_MONTH + 0.5);
  let i = 1;
  let arc = solarSector(newMoonDay(k + i, tz), tz);
  let last: number;
  do {
    last = arc;
    i++;
    arc = solarSector(newMoonDay(k + i, tz), tz);
  } while (arc !== last && i < 14);
  return i - 1;
}

/** The lunar date of a solar (Gregorian) date, at UTC+`tz` hours. */
export function solarToLunar(date: SolarDate, tz = VIETNAM_UTC_OFFSET): LunarDate {
  const dayNumber = julianDay(date.year, date.month, date.day);
  const k = floor((dayNumber - NEW_MOON_EPOCH) / SYNODIC_MONTH);
  let monthStart = newMoonDay(k + 1, tz);
  if (monthStart > dayNumber) monthStart = newMoonDay(k, tz);
  let a11 = month11Start(date.year, tz);
  let b11 = a11;
  let year: number;
  if (a11 >= monthStart) {
    year = date.year;
    a11 = month11Start(date.year - 1, tz);
  } else {
    year = date.year + 1;
    b11 = month11Start(date.year + 1, tz);
  }
  const diff = floor((monthStart - a11) / 29);
  let month = diff + 11;
  let leap = false;
  if (b11 - a11 > 365) {
    const leapDiff = leapMonthOffset(a11, tz);
    if (diff >= leapDiff) {
      month = diff + 10;
      leap = diff === leapDiff;
    }
  }
  if (month > 12) month -= 12;
  if (month >= 11 && diff < 4) year -= 1;
  return { year, month, day: dayNumber - monthStart + 1, leap };
}

/** Julian day number of day 1 of a lunar month, or undefined when that year has no such (leap) month. */
function lunarMonthStart(year: number, month: number, leap: boolean, tz: number): number | undefined {
  const [a11, b11] = month < 11
    ? [month11Start(year - 1, tz), month11Start(year, tz)]
    : [month11Start(year, tz), month11Start(year + 1, tz)];
  const k = floor(0.5 + (a11 - NEW_MOON_EPOCH) / SYNODIC_MONTH);
  let off = month - 11;
  if (off < 0) off += 12;
  if (b11 - a11 > 365) {
    const leapOff = leapMonthOffset(a11, tz);
    let leapMonth = leapOff - 2;
    if (leapMonth < 0) leapMonth += 12;
    if (leap && month !== leapMonth) return undefined;
    if (leap || off >= leapOff) off += 1;
  } else if (leap) {
    return undefined;
  }
  return newMoonDay(k + off, tz);
}

/** Days in a lunar month (29 or 30), or undefined when that year has no such (leap) month. */
export function lunarMonthLength(year: number, month: number, leap = false, tz = VIETNAM_UTC_OFFSET): number | undefined {
  const start = lunarMonthStart(year, month, leap, tz);
  if (start === undefined) return undefined;
  // Day 30 exists exactly when the 30th day after day 1 is still in the same month.
  return solarToLunar(fromJulianDay(start + 29), tz).day === 30 ? 30 : 29;
}

/**
 * The solar date of a lunar date, or undefined when it does not exist: a leap month the year
 * lacks, or day 30 of a 29-day month.
 */
export function lunarToSolar(date: LunarDate, tz = VIETNAM_UTC_OFFSET): SolarDate | undefined {
  if (date.day < 1 || date.day > 30 || date.month < 1 || date.month > 12) return undefined;
  const start = lunarMonthStart(date.year, date.month, date.leap, tz);
  if (start === undefined) return undefined;
  if (date.day === 30 && lunarMonthLength(date.year, date.month, date.leap, tz) !== 30) return undefined;
  return fromJulianDay(start + date.day - 1);
}

/** The leap month of a lunar year (1–12), or undefined in a 12-month year. */
export function leapMonthOf(year: number, tz = VIETNAM_UTC_OFFSET): number | undefined {
  for (let m = 1; m <= 12; m++) if (lunarMonthStart(year, m, true, tz) !== undefined) return m;
  return undefined;
}
