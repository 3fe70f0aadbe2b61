/** Issue 4's acceptance stories on Kế hoạch 38-KH/ĐU with its real dates. */
import { describe, expect, it } from 'vitest';
import { compileAll, compileDisplayTimeline, type CompilerInput } from '../../../../server/domain/compiler/index.js';
import { TimelineSchema, type Timeline } from '../../../../server/protocol/timeline.js';
import { hanoi, intervalAt, keysAt, seedInput } from './fixtures.js';

const XXVI_GREETINGS = ['greet-vpcp-congress-xxvi', 'greet-party-congresses'];
const SUCCESS = ['success-party-congresses', 'emulate-success-congresses'];

function lobby(input: CompilerInput, now: Date, days = 30): Timeline {
  return TimelineSchema.parse(compileDisplayTimeline(input, 'lobby-1', now, days));
}

describe('story 1: phase-appropriate by itself', () => {
  const t = lobby(seedInput(), hanoi('2020-08-10T09:00'));

  it('on 10/08/2020 the lobby rotates Đợt 2 content including the XXVI greeting', () => {
    const at = intervalAt(t, hanoi('2020-08-10T09:00'));
    expect(at.kind).toBe('phase');
    expect(at.template).toBe('lobby-card');
    expect(keysAt(t, hanoi('2020-08-10T09:00'))).toEqual(expect.arrayContaining(XXVI_GREETINGS));
    expect(at.playlist.every((p) => p.caption === 'II.1 Đợt 2')).toBe(true);
    expect(keysAt(t, hanoi('2020-08-10T09:00'))).not.toEqual(expect.arrayContaining([SUCCESS[0]]));
  });

  it('over the month the lobby changes exactly once: neighbours playing the same thing are one interval', () => {
    expect(t.intervals.map((i) => i.start)).toEqual([hanoi('2020-08-10T00:00').toISOString(), hanoi('2020-08-20T17:00').toISOString()]);
  });

  it('the day after the XXVI congress closes the greeting is gone from every screen and the success slogans play', () => {
    const all = compileAll(seedInput(), hanoi('2020-08-10T09:00'), 30);
    for (const [display, timeline] of all) {
      const keys = keysAt(timeline, hanoi('2020-08-21T09:00'));
      for (const k of XXVI_GREETINGS) expect(keys, display).not.toContain(k);
      expect(keys, display).toEqual(expect.arrayContaining(SUCCESS));
    }
    expect(intervalAt(t, hanoi('2020-08-21T09:00')).playlist[0]!.caption).toBe('II.1 Đợt 3');
  });

  it('the change happens exactly when the congress closes (20/08/2020 17:00)', () => {
    const closes = hanoi('2020-08-20T17:00').toISOString();
    expect(t.intervals.map((i) => i.start)).toContain(closes);
    expect(keysAt(t, new Date(Date.parse(closes) - 1))).toContain('greet-vpcp-congress-xxvi');
    expect(keysAt(t, new Date(closes))).not.toContain('greet-vpcp-congress-xxvi');
  });
});

describe('story 2: postponing the Khối XIII congress by two weeks', () => {
  const lastDot3End = (input: CompilerInput) => {
    const t = lobby(input, hanoi('2020-10-01T09:00'), 60);
    return t.intervals.filter((i) => i.playlist.some((p) => p.caption === 'II.1 Đợt 3')).at(-1)!.end;
  };

  it('moves the end of Campaign 1 Đợt 3 by two weeks', () => {
    const input = seedInput();
    const postponed = {
      ...input,
      events: input.events.map((e) =>
        e.id === 'khoi-congress-xiii' ? { ...e, opens: '2020-11-10T08:00', closes: '2020-11-12T17:00' } : e,
      ),
    };
    expect(lastDot3End(input)).toBe(hanoi('2020-10-29T17:00').toISOString());
    expect(lastDot3End(postponed)).toBe(hanoi('2020-11-12T17:00').toISOString());
  });
});

describe('story 3: the XIII National Congress in the hall', () => {
  const all = compileAll(seedInput(), hanoi('2021-01-20T09:00'), 20);
  const opens = hanoi('2021-01-25T08:00');
  const closes = hanoi('2021-02-01T12:00');

  it('plays Campaign 2 Đợt 2 during the congress and Đợt 3 after it closes, on side screens and backdrop', () => {
    for (const id of ['hall-side', 'hall-backdrop']) {
      const t = all.get(id)!;
      const during = t.intervals.filter((i) => Date.parse(i.start) >= opens.getTime() && Date.parse(i.end) <= closes.getTime());
      expect(during.length, id).toBeGreaterThan(0);
      expect(during[0]!.start).toBe(opens.toISOString());
      expect(during.at(-1)!.end).toBe(closes.toISOString());
      for (const i of during) expect(new Set(i.playlist.map((p) => p.caption)), id).toEqual(new Set(['II.2 Đợt 2']));
      expect(keysAt(t, hanoi('2021-01-28T10:00'))).toContain('greet-national-congress-xiii');

      const after = intervalAt(t, hanoi('2021-02-01T12:00'));
      expect(new Set(after.playlist.map((p) => p.caption))).toEqual(new Set(['II.2 Đợt 3']));
      expect(keysAt(t, closes)).toContain('implement-resolutions');
      expect(keysAt(t, closes)).not.toContain('greet-national-congress-xiii');
      expect(keysAt(t, hanoi('2021-01-24T10:00'))).not.toContain('implement-resolutions');
    }
  });

  it('the backdrop shows the congress title lines while it sits; side screens keep banners', () => {
    const during = hanoi('2021-01-26T09:00');
    const backdrop = intervalAt(all.get('hall-backdrop')!, during);
    expect(backdrop.template).toBe('backdrop');
    expect(backdrop.fields?.titleLines).toEqual(['ĐẠI HỘI ĐẠI BIỂU', 'TOÀN QUỐC LẦN THỨ XIII CỦA ĐẢNG']);
    expect(intervalAt(all.get('hall-side')!, during).template).toBe('banner');
    expect(intervalAt(all.get('hall-backdrop')!, hanoi('2021-02-02T09:00')).template).toBe('banner');
  });
});

describe('story 4: national mourning', () => {
  const from = '2020-08-12T01:00:00.000Z';
  const until = '2020-08-15T17:00:00.000Z';
  const message = { id: 99, key: 'mourning-message', revisionId: 9901, status: 'approved' as const, kind: 'message' as const, text: 'Quốc tang', tags: [], celebratory: false, places: [] };
  const base = seedInput();
  const input: CompilerInput = { ...base, items: [...base.items, message], mourning: { from, until, messageItemIds: [99] } };
  const celebratory = new Set(base.items.filter((i) => i.celebratory).map((i) => i.id));
  const all = compileAll(input, hanoi('2020-08-10T09:00'), 10);

  it('no celebratory item in any timeline within the mourning range; the mourning template shows', () => {
    for (const [display, t] of all) {
      const inside = t.intervals.filter((i) => i.start < until && i.end > from);
      expect(inside.length, display).toBeGreaterThan(0);
      for (const i of inside) {
        expect(i.playlist.filter((p) => celebratory.has(p.itemId)), display).toEqual([]);
        expect(i.template).toBe('mourning');
        expect(i.playlist.map((p) => p.itemId)).toEqual([99]);
      }
      expect(intervalAt(t, new Date(from)).start).toBe(from);
      // Outside the range the celebratory slogans are back: the rule is the range, not a purge.
      expect(intervalAt(t, new Date(until)).playlist.some((p) => celebratory.has(p.itemId))).toBe(true);
    }
  });

  it('without an official message the sober evergreen slogans play in the mourning template', () => {
    const t = compileDisplayTimeline({ ...base, mourning: { from, until, messageItemIds: [] } }, 'gate-1', hanoi('2020-08-10T09:00'), 10)!;
    const i = intervalAt(t, new Date(from));
    expect(i.template).toBe('mourning');
    expect(i.playlist.length).toBeGreaterThan(0);
    expect(i.playlist.every((p) => !celebratory.has(p.itemId))).toBe(true);
  });
});

describe('rehearsal (tổng duyệt)', () => {
  it('the hall plays as of tomorrow 07:30 while the lobby plays today; the opening comes 30 minutes in', () => {
    const input = seedInput({
      rehearsals: [{ zoneId: 'hall', asOf: hanoi('2020-08-19T07:30').toISOString(), startedAt: hanoi('2020-08-18T14:00').toISOString(), until: hanoi('2020-08-18T17:00').toISOString() }],
    });
    const all = compileAll(input, hanoi('2020-08-18T09:00'), 3);
    const hall = all.get('hall-backdrop')!;
    const before = intervalAt(hall, hanoi('2020-08-18T14:10'));
    expect([before.kind, before.template, before.start, before.asOf]).toEqual(['rehearsal', 'banner', hanoi('2020-08-18T14:00').toISOString(), hanoi('2020-08-19T07:30').toISOString()]);
    // The congress opens at 08:00 on the rehearsal clock: 14:30 on the real one.
    const opening = intervalAt(hall, hanoi('2020-08-18T15:00'));
    expect([opening.kind, opening.template, opening.start, opening.asOf]).toEqual(['rehearsal', 'backdrop', hanoi('2020-08-18T14:30').toISOString(), hanoi('2020-08-19T08:00').toISOString()]);
    expect(opening.fields?.titleLines?.[1]).toBe('ĐẢNG BỘ VĂN PHÒNG CHÍNH PHỦ LẦN THỨ XXVI');
    const lobbyNow = intervalAt(all.get('lobby-1')!, hanoi('2020-08-18T15:00'));
    expect(lobbyNow.kind).toBe('phase');
    expect(lobbyNow.asOf).toBeUndefined();
    expect(intervalAt(hall, hanoi('2020-08-18T17:00')).template).toBe('banner');
    expect(intervalAt(hall, hanoi('2020-08-18T17:00')).kind).toBe('phase');
    expect(intervalAt(hall, hanoi('2020-08-18T13:59')).kind).toBe('phase');
  });
});
