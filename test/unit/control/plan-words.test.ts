import { describe, expect, it } from 'vitest';
import { anchorInWords, durationInWords, offsetInWords, spanInWords } from '../../../control/plan-words.js';

const events = [
  { id: 'dh-khoi-xiii', name: 'Đại hội lần thứ XIII Đảng bộ Khối' },
  { id: 'dh-xiii', name: 'Đại hội đại biểu toàn quốc lần thứ XIII của Đảng' },
];

describe('a plan’s moments in words', () => {
  it('says a date dd/mm/yyyy and an event edge by the event’s name, with the offset as the plan writes it', () => {
    expect(anchorInWords({ date: '2020-07-01' }, events, 'vi')).toBe('01/07/2020');
    expect(anchorInWords({ event: 'dh-khoi-xiii', edge: 'closes', offsetDays: 90 }, events, 'vi')).toBe('bế mạc Đại hội lần thứ XIII Đảng bộ Khối + 90 ngày');
    expect(anchorInWords({ event: 'dh-xiii', edge: 'opens', offsetDays: -1 }, events, 'vi')).toBe('khai mạc Đại hội đại biểu toàn quốc lần thứ XIII của Đảng − 1 ngày');
    expect(anchorInWords({ event: 'dh-xiii', edge: 'opens' }, events, 'en')).toBe('opening of Đại hội đại biểu toàn quốc lần thứ XIII của Đảng');
    expect(anchorInWords({ event: 'dh-xiii', edge: 'closes', offsetDays: 1 }, events, 'en')).toBe('closing of Đại hội đại biểu toàn quốc lần thứ XIII của Đảng + 1 day');
  });

  it('never shows an event id, even when the event is gone', () => {
    const words = anchorInWords({ event: 'dh-da-xoa', edge: 'closes' }, events, 'vi');
    expect(words).not.toContain('dh-da-xoa');
    expect(words).toBe('bế mạc (sự kiện đã bị xóa)');
  });

  it('spans from start to end, an open end said in words', () => {
    expect(spanInWords({ date: '2020-08-01' }, { event: 'dh-khoi-xiii', edge: 'closes' }, events, 'vi')).toBe(
      'Từ 01/08/2020 đến bế mạc Đại hội lần thứ XIII Đảng bộ Khối',
    );
    expect(spanInWords({ event: 'dh-xiii', edge: 'closes' }, null, events, 'en')).toBe(
      'From closing of Đại hội đại biểu toàn quốc lần thứ XIII của Đảng to no end set',
    );
    expect(offsetInWords(0, 'vi')).toBe('');
  });
});

describe('time on screen in words', () => {
  it('reads hours and minutes, minutes and seconds, or seconds', () => {
    expect(durationInWords(12 * 3600 + 5 * 60 + 40, 'vi')).toBe('12 giờ 05 phút');
    expect(durationInWords(200, 'vi')).toBe('3 phút 20 giây');
    expect(durationInWords(180, 'en')).toBe('3 min');
    expect(durationInWords(44.6, 'vi')).toBe('45 giây');
    expect(durationInWords(0, 'vi')).toBe('0 giây');
  });
});
