import { describe, expect, it } from 'vitest';
import { WebChannelSettingsRequestSchema, WebOriginSchema } from '../../../server/protocol/web-channel.js';
import { hashUrn, pictureOf, publicTimeline, revisionUrn, showsPicture, upcoming, webNow } from '../../../server/web/channel.js';
import type { Timeline, TimelineInterval } from '../../../server/protocol/timeline.js';

const H = 3600_000;
const T0 = Date.parse('2021-01-25T00:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();

function interval(from: number, until: number, texts: string[], kind: TimelineInterval['kind'] = 'phase'): TimelineInterval {
  return {
    start: iso(from),
    end: iso(until),
    template: kind === 'mourning' ? 'mourning' : 'lobby-card',
    secondsPerItem: 10,
    epoch: iso(from),
    playlist: texts.map((text, i) => ({ itemId: i + 1, revisionId: 100 + i, text })),
    kind,
  };
}

const timeline: Timeline = {
  zone: 'web',
  timeZone: 'Asia/Ho_Chi_Minh',
  horizonStart: iso(T0),
  horizonEnd: iso(T0 + 48 * H),
  intervals: [
    interval(T0, T0 + 2 * H, ['Mừng Đảng, mừng Xuân!', 'Đổi mới, phát triển']),
    interval(T0 + 2 * H, T0 + 2 * H + 25_000, ['Đổi mới, phát triển'], 'mourning'),
    interval(T0 + 2 * H + 25_000, T0 + 30 * H, ['KIÊN ĐỊNH, ĐỔI MỚI']),
    interval(T0 + 30 * H, T0 + 48 * H, ['Sau một ngày']),
  ],
  afterHorizon: { template: 'banner', secondsPerItem: 10, epoch: iso(T0), playlist: [{ itemId: 9, revisionId: 9, text: 'Thường trực' }] },
};

describe('portal origins', () => {
  it('takes https://host[:port] (and http://localhost), written as browsers send Origin', () => {
    expect(WebOriginSchema.parse('https://baochinhphu.vn/')).toBe('https://baochinhphu.vn');
    expect(WebOriginSchema.parse(' HTTPS://VPCP.gov.vn:8443 ')).toBe('https://vpcp.gov.vn:8443');
    expect(WebOriginSchema.parse('http://localhost:5173')).toBe('http://localhost:5173');
  });

  it('refuses paths, queries, credentials, other schemes and plain http elsewhere', () => {
    for (const bad of ['http://baochinhphu.vn', 'https://baochinhphu.vn/tin', 'https://baochinhphu.vn?a=1', 'https://a:b@baochinhphu.vn', 'ftp://x.vn', 'baochinhphu.vn', '*', "'self'"]) {
      expect(WebOriginSchema.safeParse(bad).success, bad).toBe(false);
    }
  });

  it('refuses the same portal twice and more than 20', () => {
    expect(WebChannelSettingsRequestSchema.safeParse({ enabled: true, allowedOrigins: ['https://a.vn', 'https://a.vn/'] }).success).toBe(false);
    const many = Array.from({ length: 21 }, (_, i) => `https://p${i}.vn`);
    expect(WebChannelSettingsRequestSchema.safeParse({ enabled: true, allowedOrigins: many }).success).toBe(false);
  });
});

describe('the public timeline', () => {
  it('keeps what plays from now to a day later, and no rotation past it', () => {
    const t = publicTimeline(timeline, T0 + 7 * H);
    expect(t.intervals.map((i) => i.playlist[0]!.text)).toEqual(['KIÊN ĐỊNH, ĐỔI MỚI', 'Sau một ngày']);
    expect(t.horizonStart).toBe(timeline.intervals[2]!.start);
    expect(t.horizonEnd).toBe(timeline.horizonEnd);
    expect(t.afterHorizon).toBeUndefined();
    expect(publicTimeline(timeline, T0).intervals).toHaveLength(3);
  });
});

describe('now and next', () => {
  it('follows the rotation rule across intervals, mourning included', () => {
    const at = T0 + 2 * H - 15_000;
    const slots = upcoming(publicTimeline(timeline, at), at);
    // Two 10 s slots before mourning, mourning's 25 s as three slots (the last cut short), then the next phase.
    expect(slots.map((s) => s.entry.text)).toEqual(['Mừng Đảng, mừng Xuân!', 'Đổi mới, phát triển', 'Đổi mới, phát triển', 'Đổi mới, phát triển', 'Đổi mới, phát triển', 'KIÊN ĐỊNH, ĐỔI MỚI']);
    expect(slots[4]!.until - slots[4]!.since).toBe(5_000);
    const body = webNow({ id: 'web', name: 'Trang tin' }, publicTimeline(timeline, at), at, (id) => `/p/${id}`);
    expect(body.now!.mourning).toBe(false);
    expect(body.next.map((s) => s.mourning)).toEqual([false, true, true, true, false]);
    expect(body.next[0]!.from).toBe(body.now!.until);
    expect(body.next).toHaveLength(5);
  });

  it('is empty when nothing plays', () => {
    expect(webNow({ id: 'web', name: 'Trang tin' }, publicTimeline(timeline, T0 + 49 * H), T0 + 49 * H, (id) => `/p/${id}`)).toEqual({ zone: { name: 'Trang tin' }, timeZone: 'Asia/Ho_Chi_Minh', now: null, next: [] });
  });
});

describe('public ids', () => {
  it('are RFC 9562 version 8 UUID URNs, stable per revision and text', () => {
    const id = revisionUrn(100, 'Đổi mới');
    expect(id).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(revisionUrn(100, 'Đổi mới')).toBe(id);
    expect(revisionUrn(101, 'Đổi mới')).not.toBe(id);
    expect(hashUrn('pano:web-zone:web')).not.toBe(hashUrn('pano:web-zone:web2'));
  });
});

describe('pictures', () => {
  const id = 'b'.repeat(64);
  const entry = { itemId: 7, revisionId: 70, text: 'Triển lãm ảnh', media: { kind: 'picture' as const, id, width: 3000, height: 4000, focus: { x: 0, y: 0, width: 1, height: 1 }, credit: 'TTXVN' } };

  it('are named by their rendition for the web page (long side 1280), never the original', () => {
    expect(pictureOf(entry, (m) => `/p/${m}`)).toEqual({ url: `/p/${id}`, width: 960, height: 1280, credit: 'TTXVN' });
    expect(pictureOf({ itemId: 1, revisionId: 1, text: 'Khẩu hiệu' }, (m) => m)).toBeUndefined();
  });

  it('are served only when the public timeline shows them', () => {
    const withPicture: Timeline = { ...timeline, intervals: [{ ...timeline.intervals[0]!, playlist: [entry] }, ...timeline.intervals.slice(1)] };
    expect(showsPicture(publicTimeline(withPicture, T0), id)).toBe(true);
    // Once its interval is over, it is no longer the web page's.
    expect(showsPicture(publicTimeline(withPicture, T0 + 3 * H), id)).toBe(false);
  });
});
