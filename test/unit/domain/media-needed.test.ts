import { describe, expect, it } from 'vitest';
import { mediaNeeded } from '../../../server/domain/media-needed.js';
import type { PlaylistEntry, Timeline, TimelineInterval } from '../../../server/protocol/timeline.js';

const sha = (c: string) => c.repeat(64);
const picture = (id: string, revisionId: number): PlaylistEntry => ({
  itemId: revisionId,
  revisionId,
  text: 'Triển lãm ảnh chào mừng Đại hội lần thứ XIII',
  media: { kind: 'picture', id: sha(id), width: 1600, height: 900, focus: { x: 0, y: 0, width: 1, height: 1 } },
});
const clip = (id: string, revisionId: number): PlaylistEntry => ({
  itemId: revisionId,
  revisionId,
  text: 'Phim tư liệu',
  media: { kind: 'clip', id: sha(id), width: 1920, height: 1080, durationMs: 20_000 },
});
const slogan: PlaylistEntry = { itemId: 99, revisionId: 99, text: 'Nước Cộng hòa xã hội chủ nghĩa Việt Nam muôn năm!' };

const interval = (start: string, end: string, playlist: PlaylistEntry[], template: TimelineInterval['template'] = 'lobby-card'): TimelineInterval => ({
  start,
  end,
  template,
  secondsPerItem: 10,
  epoch: start,
  playlist,
});

describe('mediaNeeded', () => {
  const timeline: Timeline = {
    zone: 'lobby',
    timeZone: 'Asia/Ho_Chi_Minh',
    horizonStart: '2020-10-25T17:00:00.000Z',
    horizonEnd: '2020-11-02T17:00:00.000Z',
    intervals: [
      interval('2020-10-25T17:00:00.000Z', '2020-10-26T17:00:00.000Z', [picture('a', 1), slogan]),
      interval('2020-10-26T17:00:00.000Z', '2020-10-28T17:00:00.000Z', [clip('b', 2), picture('c', 3), picture('a', 1)]),
      interval('2020-10-28T17:00:00.000Z', '2020-11-02T17:00:00.000Z', [picture('d', 4)], 'gate-ticker'),
    ],
    afterHorizon: { template: 'lobby-card', secondsPerItem: 10, epoch: '2020-11-02T17:00:00.000Z', playlist: [picture('e', 5), slogan] },
  };

  it('names every picture and clip still to come, once each, soonest first, and the rotation past the horizon', () => {
    expect(mediaNeeded(timeline, Date.parse('2020-10-26T00:00:00.000Z')).map((m) => m.id)).toEqual([sha('a'), sha('b'), sha('c'), sha('e')]);
  });

  it('leaves out what is over, and what only the gate ticker (captions, never pictures) would show', () => {
    expect(mediaNeeded(timeline, Date.parse('2020-10-27T00:00:00.000Z')).map((m) => m.id)).toEqual([sha('b'), sha('c'), sha('a'), sha('e')]);
    expect(mediaNeeded(timeline, Date.parse('2020-10-30T00:00:00.000Z')).map((m) => m.id)).toEqual([sha('e')]);
  });
});
