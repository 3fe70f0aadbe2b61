import { describe, expect, it } from 'vitest';
import { compileTimeline } from '../../../server/domain/timeline.js';
import { TimelineSchema } from '../../../server/protocol/timeline.js';

const items = [
  { itemId: 1, revisionId: 11, text: 'Nhiệt liệt chào mừng Đại hội đại biểu toàn quốc lần thứ XIII Đảng Cộng sản Việt Nam!' },
  { itemId: 2, revisionId: 12, text: 'Nước Cộng hòa xã hội chủ nghĩa Việt Nam muôn năm!' },
];

describe('compileTimeline (skeleton)', () => {
  const input = {
    zone: { id: 'lobby', kind: 'lobby' },
    items,
    now: new Date('2021-01-25T03:00:00.000Z'),
    timeZone: 'Asia/Ho_Chi_Minh',
    horizonDays: 7,
    secondsPerItem: 10,
  };

  it('covers local midnight today over the horizon with the given approved items', () => {
    const t = TimelineSchema.parse(compileTimeline(input));
    expect(t.horizonStart).toBe('2021-01-24T17:00:00.000Z');
    expect(t.horizonEnd).toBe('2021-01-31T17:00:00.000Z');
    expect(t.intervals[0]!.playlist.map((p) => p.revisionId)).toEqual([11, 12]);
    expect(t.intervals[0]!.template).toBe('lobby-card');
  });

  it('is deterministic byte for byte', () => {
    expect(JSON.stringify(compileTimeline(input))).toBe(JSON.stringify(compileTimeline({ ...input, items: [...items] })));
  });

  it('picks the template from the zone kind', () => {
    expect(compileTimeline({ ...input, zone: { id: 'gate', kind: 'gate' } }).intervals[0]!.template).toBe('gate-ticker');
    expect(compileTimeline({ ...input, zone: { id: 'hall', kind: 'hall' } }).intervals[0]!.template).toBe('banner');
  });
});
