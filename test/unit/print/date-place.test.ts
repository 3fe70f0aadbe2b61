/** The backdrop's date line, from an event's local bounds (closes is exclusive). */
import { describe, expect, it } from 'vitest';
import { backdropDatePlace, eventDateWords } from '../../../server/protocol/print.js';

describe('eventDateWords', () => {
  it.each([
    // The XXVI congress as the plan's seed dates it: two days in one month.
    ['2020-08-19T08:00', '2020-08-20T17:00', 'ngày 19 - 20 tháng 8 năm 2020'],
    ['2020-10-27T08:00', '2020-10-29T17:00', 'ngày 27 - 29 tháng 10 năm 2020'],
    // One day; a close at midnight ends the day before.
    ['2020-02-03T00:00', '2020-02-04T00:00', 'ngày 03 tháng 02 năm 2020'],
    ['2020-09-02T08:00', '2020-09-02T17:00', 'ngày 02 tháng 9 năm 2020'],
    // Across months, and across years.
    ['2021-01-25T08:00', '2021-02-01T12:00', 'ngày 25 tháng 01 - 01 tháng 02 năm 2021'],
    ['2020-12-30T08:00', '2021-01-02T00:00', 'ngày 30 tháng 12 năm 2020 - 01 tháng 01 năm 2021'],
    // Midnight at the end of the month and of a leap February.
    ['2020-02-28T08:00', '2020-03-01T00:00', 'ngày 28 - 29 tháng 02 năm 2020'],
  ])('%s – %s → %s', (opens, closes, words) => {
    expect(eventDateWords(opens, closes)).toBe(words);
  });

  it('pads days under 10 and months 1 and 2 only, as administrative documents do', () => {
    expect(eventDateWords('2020-03-05T08:00', '2020-03-06T08:00')).toBe('ngày 05 - 06 tháng 3 năm 2020');
    expect(eventDateWords('2020-11-05T08:00', '2020-11-05T09:00')).toBe('ngày 05 tháng 11 năm 2020');
  });
});

describe('backdropDatePlace', () => {
  it('puts the place first, Hà Nội by default', () => {
    const event = { opens: '2020-08-19T08:00', closes: '2020-08-20T17:00' };
    expect(backdropDatePlace(event)).toBe('Hà Nội, ngày 19 - 20 tháng 8 năm 2020');
    expect(backdropDatePlace(event, 'TP. Hồ Chí Minh')).toBe('TP. Hồ Chí Minh, ngày 19 - 20 tháng 8 năm 2020');
    expect(backdropDatePlace(event).normalize('NFC')).toBe(backdropDatePlace(event));
  });
});
