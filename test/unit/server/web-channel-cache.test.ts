/**
 * The web channel's compiled timelines: one compilation per zone however many visitors ask at once,
 * forgotten on invalidate (even one still compiling), a failed one not kept.
 */
import { describe, expect, it } from 'vitest';
import { WebChannel } from '../../../server/web/channel.js';
import type { Timeline } from '../../../server/protocol/timeline.js';

const NOW = Date.parse('2026-12-03T02:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();

function timelineSaying(text: string): Timeline {
  return {
    zone: 'cong-thong-tin',
    timeZone: 'Asia/Ho_Chi_Minh',
    horizonStart: iso(NOW - 3600_000),
    horizonEnd: iso(NOW + 3600_000),
    intervals: [
      { start: iso(NOW - 3600_000), end: iso(NOW + 3600_000), template: 'lobby-card', secondsPerItem: 10, epoch: iso(NOW - 3600_000), kind: 'phase', playlist: [{ itemId: 1, revisionId: 1, text }] },
    ],
  };
}

/** A compiler whose answers the test releases one by one, counting the compilations. */
function heldCompiler() {
  const waiting: ((t: Timeline | Error) => void)[] = [];
  const watchers: (() => void)[] = [];
  const channel = new WebChannel({
    zones: async () => [
      { id: 'cong-thong-tin', name: 'Cổng thông tin', kind: 'web' },
      { id: 'sanh', name: 'Sảnh', kind: 'lobby' },
    ],
    compile: () =>
      new Promise<Timeline>((resolve, reject) => {
        waiting.push((t) => (t instanceof Error ? reject(t) : resolve(t)));
        for (const w of watchers.splice(0)) w();
      }),
    revisionDates: async () => new Map([[1, iso(NOW)]]),
  });
  /** Resolves once `n` compilations have started. */
  const started = async (n: number) => {
    while (waiting.length < n) await new Promise<void>((resolve) => watchers.push(resolve));
  };
  return { channel, waiting, started };
}

const firstText = (t: Timeline | undefined) => t?.intervals[0]?.playlist[0]?.text;

describe('web channel cache', () => {
  it('compiles once for visitors arriving together, and answers only web zones', async () => {
    const { channel, waiting, started } = heldCompiler();
    const visitors = [channel.timeline('cong-thong-tin', NOW), channel.timeline('cong-thong-tin', NOW), channel.timeline('cong-thong-tin', NOW + 1000)];
    await started(1);
    // The other two visitors' zone lookups finish too before the answer comes.
    await channel.webZones();
    expect(waiting).toHaveLength(1);
    waiting[0]!(timelineSaying('ĐỂ VỮNG BƯỚC, TIẾN LÊN'));
    expect((await Promise.all(visitors)).map(firstText)).toEqual(['ĐỂ VỮNG BƯỚC, TIẾN LÊN', 'ĐỂ VỮNG BƯỚC, TIẾN LÊN', 'ĐỂ VỮNG BƯỚC, TIẾN LÊN']);
    expect(await channel.timeline('sanh', NOW)).toBeUndefined();
    expect(waiting).toHaveLength(1);
  });

  it('does not keep a compilation started before invalidate, nor a failed one', async () => {
    const { channel, waiting, started } = heldCompiler();
    const stale = channel.timeline('cong-thong-tin', NOW);
    await started(1);
    channel.invalidate();
    waiting[0]!(timelineSaying('Nội dung cũ'));
    expect(firstText(await stale)).toBe('Nội dung cũ');

    const failed = channel.timeline('cong-thong-tin', NOW);
    await started(2);
    waiting[1]!(new Error('database gone'));
    await expect(failed).rejects.toThrow('database gone');

    const fresh = channel.timeline('cong-thong-tin', NOW);
    await started(3);
    waiting[2]!(timelineSaying('Chào mừng Quốc khánh — ỄỂẪẬ'));
    expect(firstText(await fresh)).toBe('Chào mừng Quốc khánh — ỄỂẪẬ');
    expect(firstText(await channel.timeline('cong-thong-tin', NOW))).toBe('Chào mừng Quốc khánh — ỄỂẪẬ');
    expect(waiting).toHaveLength(3);
    expect((await channel.revisionDates()).get(1)).toBe(iso(NOW));
  });
});
