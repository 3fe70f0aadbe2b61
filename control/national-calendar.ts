import type { NationalDayView } from '../server/protocol/national-calendar.js';
import { defineMessages, type Locale } from './i18n.js';
import { formatLocalDate } from './time.js';

/** How the panel names and dates the days of the national calendar, in both languages. */

const messages = defineMessages(
  { lunar: 'âm lịch', unknown: 'ngày không còn trong lịch', before: 'trước', after: 'sau', days: 'ngày', year: 'năm', every: 'hằng năm' },
  { lunar: 'lunar', unknown: 'a day no longer in the calendar', before: 'before', after: 'after', days: 'days', year: 'year', every: 'every year' },
);

export function dayName(day: NationalDayView, locale: Locale): string {
  return locale === 'en' ? day.nameEn : day.nameVi;
}

/** "2/9" or "10/3 âm lịch": the rule, as offices write it. */
export function ruleText(day: Pick<NationalDayView, 'calendar' | 'day' | 'month'>, locale: Locale): string {
  return `${day.day}/${day.month}${day.calendar === 'lunar' ? ` ${messages(locale).lunar}` : ''}`;
}

/** "10 ngày trước", "3 ngày sau", "" for 0. */
export function offsetText(offsetDays: number, locale: Locale): string {
  const m = messages(locale);
  if (!offsetDays) return '';
  return `${Math.abs(offsetDays)} ${m.days} ${offsetDays < 0 ? m.before : m.after}`;
}

/** "Tết Nguyên đán năm 2027, 10 ngày trước (27/01/2027)". */
export function describeNationalAnchor(
  anchor: { nationalDay: string; year: number; offsetDays?: number | undefined },
  days: readonly NationalDayView[],
  resolved: string | null,
  locale: Locale,
): string {
  const m = messages(locale);
  const day = days.find((d) => d.id === anchor.nationalDay);
  const offset = offsetText(anchor.offsetDays ?? 0, locale);
  return `${day ? dayName(day, locale) : m.unknown} ${m.year} ${anchor.year}${offset ? `, ${offset}` : ''}${resolved ? ` (${formatLocalDate(resolved.slice(0, 10))})` : ''}`;
}

/** "10 ngày trước Tết Nguyên đán, 10 ngày, hằng năm". */
export function describeRecurring(r: { nationalDay: string; offsetDays: number; days: number }, days: readonly NationalDayView[], locale: Locale): string {
  const m = messages(locale);
  const day = days.find((d) => d.id === r.nationalDay);
  const name = day ? `${dayName(day, locale)} (${ruleText(day, locale)})` : m.unknown;
  const offset = offsetText(r.offsetDays, locale);
  return `${offset ? `${offset} ` : ''}${name}, ${r.days} ${m.days}, ${m.every}`;
}

/** A lowercase, unaccented id from a Vietnamese name, never shown: "Ngày truyền thống" → "ngay-truyen-thong". */
export function idFromName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64)
    .replace(/-+$/, '');
}
