import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addDays, fromLocal, startOfLocalDay, toLocal } from '../../../server/domain/time.js';
import { formatDate, formatDateTime } from '../../../server/protocol/wall-clock.js';

const VN = 'Asia/Ho_Chi_Minh';

describe('time in Asia/Ho_Chi_Minh', () => {
  it('local midnight is 17:00 UTC the day before', () => {
    expect(fromLocal({ year: 2021, month: 2, day: 1, hour: 0, minute: 0 }, VN).toISOString()).toBe('2021-01-31T17:00:00.000Z');
    expect(startOfLocalDay(new Date('2021-01-31T17:00:00.000Z'), VN).toISOString()).toBe('2021-01-31T17:00:00.000Z');
    expect(startOfLocalDay(new Date('2021-01-31T16:59:59.999Z'), VN).toISOString()).toBe('2021-01-30T17:00:00.000Z');
  });

  it('writes dates as dd/mm/yyyy in the zone, not in UTC', () => {
    expect(formatDate(new Date('2020-02-02T17:30:00.000Z'), VN)).toBe('03/02/2020');
    expect(formatDateTime('2021-01-31T17:05:00.000Z', VN)).toBe('01/02/2021 00:05');
  });

  it('round-trips any local time in zones with and without DST', () => {
    for (const zone of [VN, 'UTC', 'Europe/Berlin']) {
      fc.assert(
        fc.property(fc.date({ min: new Date('2000-01-01'), max: new Date('2040-01-01'), noInvalidDate: true }), (d) => {
          const instant = new Date(Math.floor(d.getTime() / 60_000) * 60_000);
          const local = toLocal(instant, zone);
          const back = fromLocal(local, zone);
          expect(toLocal(back, zone)).toEqual(local);
        }),
      );
    }
  });

  it('adds calendar days across month and year ends', () => {
    expect(addDays({ year: 2020, month: 12, day: 30, hour: 8, minute: 0 }, 3)).toEqual({ year: 2021, month: 1, day: 2, hour: 8, minute: 0 });
  });
});
