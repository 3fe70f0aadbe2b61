/** The national calendar's contract: which rules recur every year, and the anchor to a day of a year. */
import { describe, expect, it } from 'vitest';
import { CreateNationalDayRequestSchema, RecurringWindowSchema, ruleProblem } from '../../../server/protocol/national-calendar.js';
import { AnchorSchema, resolveAnchor } from '../../../server/protocol/plan.js';

const DAY = { id: 'ngay-truyen-thong', nameVi: 'Ngày truyền thống', nameEn: 'Tradition Day', kind: 'anniversary', calendar: 'solar', month: 8, day: 28 };

describe('national days', () => {
  it.each([
    [{ calendar: 'solar', month: 9, day: 2 }, undefined],
    [{ calendar: 'solar', month: 2, day: 28 }, undefined],
    [{ calendar: 'lunar', month: 3, day: 10 }, undefined],
    [{ calendar: 'lunar', month: 12, day: 29 }, undefined],
    [{ calendar: 'solar', month: 2, day: 29 }, 'day'],
    [{ calendar: 'solar', month: 4, day: 31 }, 'day'],
    [{ calendar: 'lunar', month: 12, day: 30 }, 'day'],
    [{ calendar: 'lunar', month: 1, day: 31 }, 'day'],
    [{ calendar: 'solar', month: 13, day: 1 }, 'month'],
  ] as const)('%o recurs every year: problem at %s', (rule, path) => {
    expect(ruleProblem(rule)?.path).toBe(path);
  });

  it('normalises names to NFC and reports a bad rule at its field', () => {
    const parsed = CreateNationalDayRequestSchema.parse({ ...DAY, nameVi: 'Ngày truyền thống Ễ'.normalize('NFD') });
    expect(parsed.nameVi).toBe('Ngày truyền thống Ễ'.normalize('NFC'));
    const bad = CreateNationalDayRequestSchema.safeParse({ ...DAY, calendar: 'lunar', month: 12, day: 30 });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => i.path.join('.'))).toEqual(['day']);
    expect(RecurringWindowSchema.safeParse({ nationalDay: 'quoc-khanh', offsetDays: 0, days: 121 }).success).toBe(false);
  });
});

describe('anchors to a day of a year', () => {
  it('parses, and resolves only through the calendar passed in', () => {
    const anchor = AnchorSchema.parse({ nationalDay: 'tet-nguyen-dan', year: 2027, offsetDays: -10 });
    expect(resolveAnchor([], anchor)).toBeUndefined();
    expect(resolveAnchor([], anchor, (id, year) => (id === 'tet-nguyen-dan' && year === 2027 ? '2027-02-06' : undefined))).toBe('2027-01-27T00:00');
    expect(AnchorSchema.safeParse({ nationalDay: 'tet-nguyen-dan', year: 1800 }).success).toBe(false);
    expect(AnchorSchema.safeParse({ nationalDay: 'tet-nguyen-dan', year: 2027, edge: 'opens' }).success).toBe(false);
  });
});
