/** Pictures and clips in rotations: zones, gate boards (caption only), mourning, a clip's slot. */
import { describe, expect, it } from 'vitest';
import { compileDisplayTimeline, planToCompilerInput, type ApprovedContent } from '../../../../server/domain/compiler/index.js';
import { slotLengthMs } from '../../../../server/protocol/playback.js';
import type { PlaylistMedia } from '../../../../server/protocol/media.js';
import type { Timeline } from '../../../../server/protocol/timeline.js';
import { DISPLAYS, approved, hanoi, idOf, intervalAt, plan } from './fixtures.js';

const NOW = hanoi('2020-08-10T09:00');
const AT = hanoi('2020-08-11T10:00');
const PICTURE_ID = 900;
const CLIP_ID = 901;
const MESSAGE_ID = 902;

const picture: PlaylistMedia = { kind: 'picture', id: 'a'.repeat(64), width: 4000, height: 3000, focus: { x: 0.2, y: 0.1, width: 0.5, height: 0.6 }, credit: 'Ảnh: Văn phòng Chính phủ' };
const clip: PlaylistMedia = { kind: 'clip', id: 'b'.repeat(64), width: 1920, height: 1080, durationMs: 23_500 };

const extra: ApprovedContent[] = [
  // Celebratory: leaves every screen during mourning, like a greeting slogan.
  { id: PICTURE_ID, key: 'photo-congress', revisionId: 9900, status: 'approved', kind: 'picture', text: 'Đại hội Đảng bộ Văn phòng Chính phủ lần thứ XXVI', media: picture, tags: [], celebratory: true },
  { id: CLIP_ID, key: 'clip-renewal', revisionId: 9901, status: 'approved', kind: 'clip', text: 'Tiếp tục đẩy mạnh toàn diện, đồng bộ công cuộc đổi mới', media: clip, tags: ['evergreen'], celebratory: false },
  { id: MESSAGE_ID, key: 'notice', revisionId: 9902, status: 'approved', kind: 'message', text: 'Thông báo về lịch tiếp công dân tuần này', tags: ['evergreen'], celebratory: false },
];

const input = (over: object = {}) => ({ ...planToCompilerInput(plan, [...approved, ...extra], { displays: DISPLAYS }), ...over });
const timeline = (displayId: string, over: object = {}): Timeline => compileDisplayTimeline(input(over), displayId, NOW, 7)!;
const entryOf = (t: Timeline, itemId: number) => intervalAt(t, AT).playlist.find((e) => e.itemId === itemId);

describe('pictures and clips in rotation', () => {
  it('a lobby phase rotation carries the picture and the clip with their files, beside the slogans', () => {
    const lobby = timeline('lobby-1');
    const i = intervalAt(lobby, AT);
    expect(i.kind).toBe('phase');
    expect(entryOf(lobby, PICTURE_ID)?.media).toEqual(picture);
    expect(entryOf(lobby, CLIP_ID)?.media).toEqual(clip);
    expect(i.playlist.some((e) => e.itemId === idOf('renewal') && e.media === undefined)).toBe(true);
  });

  it("a clip's slot lasts the clip; a picture's the zone's time per item", () => {
    const i = intervalAt(timeline('lobby-1'), AT);
    expect(slotLengthMs(i, entryOf(timeline('lobby-1'), CLIP_ID)!)).toBe(23_500);
    expect(slotLengthMs(i, entryOf(timeline('lobby-1'), PICTURE_ID)!)).toBe(i.secondsPerItem * 1000);
  });

  it('the gate board gets the captions as text: no file, so the clip holds it for the time per item', () => {
    const gate = timeline('gate-1');
    const i = intervalAt(gate, AT);
    expect(i.template).toBe('gate-ticker');
    const shown = entryOf(gate, CLIP_ID)!;
    expect(shown.text).toBe('Tiếp tục đẩy mạnh toàn diện, đồng bộ công cuộc đổi mới');
    expect(shown.media).toBeUndefined();
    expect(entryOf(gate, PICTURE_ID)?.media).toBeUndefined();
    expect(i.playlist.every((e) => e.media === undefined)).toBe(true);
    expect(slotLengthMs(i, shown)).toBe(i.secondsPerItem * 1000);
    // A long message never goes to the gate.
    expect(entryOf(gate, MESSAGE_ID)).toBeUndefined();
  });

  it('an operator naming a clip for the gate still gets its caption only', () => {
    const gate = timeline('gate-1', { schedules: [{ id: 's', target: { zoneId: 'gate' }, content: { kind: 'items', itemIds: [CLIP_ID, PICTURE_ID] }, priority: 1 }] });
    const i = intervalAt(gate, AT);
    expect(i.kind).toBe('schedule');
    expect(i.playlist.map((e) => [e.itemId, e.media])).toEqual([
      [CLIP_ID, undefined],
      [PICTURE_ID, undefined],
    ]);
    expect(slotLengthMs(i, i.playlist[0]!)).toBe(i.secondsPerItem * 1000);
  });

  it('the hall side screens rotate pictures too (banner template, files kept)', () => {
    const side = timeline('hall-side');
    const i = intervalAt(side, AT);
    expect(i.template).toBe('banner');
    expect(entryOf(side, PICTURE_ID)?.media).toEqual(picture);
  });

  it('mourning drops the celebratory picture from every screen and keeps the sober clip', () => {
    const mourning = { from: hanoi('2020-08-11T00:00').toISOString(), until: hanoi('2020-08-12T00:00').toISOString(), messageItemIds: [] };
    for (const display of ['lobby-1', 'gate-1', 'hall-side']) {
      const t = timeline(display, { mourning });
      const i = intervalAt(t, AT);
      expect(i.kind).toBe('mourning');
      expect(entryOf(t, PICTURE_ID)).toBeUndefined();
    }
    const lobby = timeline('lobby-1', { mourning });
    expect(entryOf(lobby, CLIP_ID)?.media).toEqual(clip);
    expect(entryOf(timeline('gate-1', { mourning }), CLIP_ID)?.media).toBeUndefined();
  });
});
