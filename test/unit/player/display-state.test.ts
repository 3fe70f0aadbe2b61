import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { FALLBACK_TEXT, screenFor } from '../../../display/player/screen-state.js';
import { ProofLog } from '../../../display/player/proof.js';
import { Sha256, sha256Hex } from '../../../display/player/sha256.js';
import type { Timeline } from '../../../server/protocol/timeline.js';

const timeline: Timeline = {
  zone: 'lobby',
  timeZone: 'Asia/Ho_Chi_Minh',
  horizonStart: '2020-08-09T17:00:00.000Z',
  horizonEnd: '2020-08-10T17:00:00.000Z',
  intervals: [
    {
      start: '2020-08-09T17:00:00.000Z',
      end: '2020-08-10T17:00:00.000Z',
      template: 'lobby-card',
      secondsPerItem: 10,
      epoch: '2020-01-01T00:00:00.000Z',
      playlist: [{ itemId: 1, revisionId: 1, text: 'Khẩu hiệu 1' }],
    },
  ],
};

/** A Storage in memory: the player's storage code runs unchanged against it. */
class MemoryStorage implements Storage {
  private readonly map = new Map<string, string>();
  get length() {
    return this.map.size;
  }
  clear() {
    this.map.clear();
  }
  getItem(k: string) {
    return this.map.get(k) ?? null;
  }
  key(i: number) {
    return [...this.map.keys()][i] ?? null;
  }
  removeItem(k: string) {
    this.map.delete(k);
  }
  setItem(k: string, v: string) {
    this.map.set(k, v);
  }
}

describe('what the screen shows', () => {
  const inside = Date.parse('2020-08-10T03:00:00.000Z');
  it('unpaired: the pairing screen, whatever timeline is stored', () => {
    expect(screenFor({ paired: false, code: 'ABC234', timeline }, inside)).toEqual({ kind: 'pairing', code: 'ABC234' });
  });
  it('paired: the item of the moment inside the horizon, the evergreen fallback outside it or without a timeline', () => {
    expect(screenFor({ paired: true, code: undefined, timeline }, inside).kind).toBe('slide');
    expect(screenFor({ paired: true, code: undefined, timeline }, Date.parse('2020-08-11T00:00:00.000Z'))).toEqual({ kind: 'fallback' });
    expect(screenFor({ paired: true, code: undefined, timeline: null }, inside)).toEqual({ kind: 'fallback' });
    expect(FALLBACK_TEXT).toBe('Nước Cộng hòa xã hội chủ nghĩa Việt Nam muôn năm!');
  });
});

describe('proof-of-play log', () => {
  const item = { itemId: 1, revisionId: 1, template: 'lobby-card' as const, text: 'Khẩu hiệu 1' };
  it('records each play with start, end and the hash of the text; keeps them until acknowledged, across restarts', () => {
    const storage = new MemoryStorage();
    const log = new ProofLog(storage);
    log.observe(item, 1000);
    log.observe(item, 5000); // same revision: one play, not two
    log.observe({ ...item, revisionId: 2, itemId: 2, text: 'Khẩu hiệu 2' }, 11_000);
    expect(log.pending).toBe(1);
    const sent: unknown[] = [];
    log.flush((seq, plays) => (sent.push({ seq, plays }), true), 0);
    expect(sent).toEqual([{ seq: 1, plays: [{ itemId: 1, revisionId: 1, template: 'lobby-card', start: 1000, end: 11_000, contentSha256: sha256Hex('Khẩu hiệu 1') }] }]);
    log.flush(() => true, 1000); // in flight: nothing more is sent yet
    expect(new ProofLog(storage).pending).toBe(1);
    log.acked(1);
    expect(new ProofLog(storage).pending).toBe(0);
  });
  it('never queues a play that rounds to no time: the server would refuse its whole batch', () => {
    const log = new ProofLog(new MemoryStorage());
    log.observe(item, 1000.5);
    log.observe({ ...item, revisionId: 2, itemId: 2, text: 'Khẩu hiệu 2' }, 1000.9);
    log.observe(item, 6000);
    const sent: { plays: { start: number; end: number }[] }[] = [];
    log.flush((_seq, plays) => (sent.push({ plays }), true), 0);
    expect(sent[0]!.plays.map((p) => [p.start, p.end])).toEqual([[1001, 6000]]);
    expect(sent[0]!.plays.every((p) => p.end > p.start)).toBe(true);
  });
});

describe('sha256Hex', () => {
  it('equals node:crypto on any text', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme' }), (s) => sha256Hex(s) === createHash('sha256').update(s, 'utf8').digest('hex')));
  });
});

describe('Sha256', () => {
  it('gives node:crypto\'s hash of any bytes, whatever pieces they are fed in', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), fc.array(fc.nat(600), { maxLength: 6 }), (bytes, cuts) => {
        const hash = new Sha256();
        let at = 0;
        for (const cut of [...cuts].sort((a, b) => a - b)) {
          hash.update(bytes.subarray(at, Math.max(at, Math.min(cut, bytes.length))));
          at = Math.max(at, Math.min(cut, bytes.length));
        }
        hash.update(bytes.subarray(at));
        return hash.hex() === createHash('sha256').update(bytes).digest('hex');
      }),
    );
  });
});
