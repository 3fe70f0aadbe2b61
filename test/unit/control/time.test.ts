import { describe, expect, it } from 'vitest';
import {
  addDays, barOf, dayTicks, formatLength, formatLocalDateTime, formatMs, instantToLocal, localToInstant, msAt, parseDayMonthYear, parseHourMinute,
  parseLocalDateTime, startOfLocalDay, xOf,
} from '../../../control/time.js';
import { resolveAnchor } from '../../../control/plan-axis.js';
import { messageFor, unclaimed } from '../../../control/field-errors.js';
import type { EventView } from '../../../server/protocol/schedule.js';

describe('dd/mm/yyyy ⇄ the plan’s local time in Hà Nội', () => {
  it('parses dd/mm/yyyy and HH:mm, refusing dates not in the calendar', () => {
    expect(parseDayMonthYear('10/08/2020')).toBe('2020-08-10');
    expect(parseDayMonthYear(' 1/2/2021 ')).toBe('2021-02-01');
    expect(parseDayMonthYear('29/02/2021')).toBeNull();
    expect(parseDayMonthYear('2020-08-10')).toBeNull();
    expect(parseHourMinute('8:05')).toBe('08:05');
    expect(parseHourMinute('24:00')).toBeNull();
    expect(parseLocalDateTime('27/10/2020', '08:00')).toBe('2020-10-27T08:00');
    expect(parseLocalDateTime('27/10/2020', '8h')).toBeNull();
  });

  it('converts local wall-clock time to UTC instants at +07:00, across midnight and year ends', () => {
    expect(localToInstant('2021-01-25T08:00')).toBe('2021-01-25T01:00:00.000Z');
    expect(localToInstant('2021-01-01T03:00')).toBe('2020-12-31T20:00:00.000Z');
    expect(instantToLocal('2020-12-31T20:00:00.000Z')).toBe('2021-01-01T03:00');
    expect(instantToLocal(localToInstant('2020-08-10T12:00'))).toBe('2020-08-10T12:00');
  });

  it('formats dd/mm/yyyy HH:mm whatever the machine’s zone', () => {
    expect(formatLocalDateTime('2020-08-19T08:00')).toBe('19/08/2020 08:00');
    expect(formatMs(Date.parse('2021-01-31T17:30:00Z'))).toBe('01/02/2021 00:30');
    expect(startOfLocalDay(Date.parse('2021-01-31T17:30:00Z'))).toBe(Date.parse('2021-01-31T17:00:00Z'));
    expect(addDays('2020-12-30', 3)).toBe('2021-01-02');
    expect(addDays('2021-03-01', -1)).toBe('2021-02-28');
  });

  it('writes a clip’s length as m:ss', () => {
    expect(formatLength(2008)).toBe('0:02');
    expect(formatLength(42_400)).toBe('0:42');
    expect(formatLength(59_700)).toBe('1:00');
  });
});

describe('the time axis', () => {
  const scale = { fromMs: Date.parse('2020-08-06T17:00:00Z'), toMs: Date.parse('2020-08-13T17:00:00Z'), width: 700 };

  it('maps instants to x and back, clamped to the axis and rounded to the minute', () => {
    expect(xOf(scale, scale.fromMs)).toBe(0);
    expect(xOf(scale, scale.fromMs + 86_400_000)).toBe(100);
    expect(xOf(scale, scale.toMs + 1e9)).toBe(700);
    expect(msAt(scale, 100)).toBe(scale.fromMs + 86_400_000);
    expect(msAt(scale, -50)).toBe(scale.fromMs);
    expect(msAt(scale, 33.333) % 60_000).toBe(0);
  });

  it('clips bars to the axis and keeps short ones visible', () => {
    expect(barOf(scale, scale.fromMs - 86_400_000, scale.fromMs)).toBeNull();
    expect(barOf(scale, scale.fromMs - 86_400_000, scale.fromMs + 86_400_000)).toEqual({ x: 0, w: 100 });
    expect(barOf(scale, scale.fromMs, scale.fromMs + 1000)!.w).toBe(1);
  });

  it('ticks at local midnights, thinned when days are many', () => {
    expect(dayTicks(scale)).toHaveLength(8);
    expect(dayTicks(scale).every((t) => formatMs(t).endsWith('00:00'))).toBe(true);
    expect(dayTicks({ ...scale, toMs: scale.fromMs + 31 * 86_400_000 }).length).toBeLessThanOrEqual(16);
  });
});

describe('anchors and field errors', () => {
  const events = [{ id: 'national-congress-xiii', opens: '2021-01-25T08:00', closes: '2021-02-01T17:00' }] as EventView[];

  it('resolves a date, an event edge with an offset, and nothing for an unknown event', () => {
    expect(resolveAnchor({ date: '2020-08-10' }, events)).toBe('2020-08-10T00:00');
    expect(resolveAnchor({ event: 'national-congress-xiii', edge: 'closes', offsetDays: 1 }, events)).toBe('2021-02-02T17:00');
    expect(resolveAnchor({ event: 'khong-co', edge: 'opens' }, events)).toBeNull();
  });

  it('places server errors beside the fields they name, and keeps the rest', () => {
    const errors = [
      { path: 'body.closes', message: 'Thời điểm bế mạc phải sau thời điểm khai mạc' },
      { path: 'body.content.itemIds.0', message: 'Không có nội dung số 9' },
      { path: 'body', message: 'Khóa không được phép' },
    ];
    expect(messageFor(errors, 'body.closes')).toMatch(/bế mạc/);
    expect(messageFor(errors, 'body.content')).toBe('Không có nội dung số 9');
    expect(messageFor(errors, 'body.close')).toBe('');
    expect(unclaimed(errors, ['body.closes', 'body.content'])).toEqual([errors[2]]);
  });
});
