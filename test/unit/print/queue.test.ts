import { describe, expect, it } from 'vitest';
import { PrintSettingsSchema } from '../../../server/protocol/print.js';
import { jobPixels, nextFairJob, QUEUE_LIMITS, queueRefusal } from '../../../server/print/queue.js';

const settings = (s: object) => PrintSettingsSchema.parse(s);

describe('fair order between users', () => {
  it('serves users in turn, each user’s jobs oldest first', () => {
    // User 1 queued 1–3 before user 2 queued 4; user 3 queued 5.
    let queued = [
      { id: 1, owner: 1 },
      { id: 2, owner: 1 },
      { id: 3, owner: 1 },
      { id: 4, owner: 2 },
      { id: 5, owner: 3 },
    ];
    const served = new Map<number | null, number>();
    const order: number[] = [];
    for (let turn = 1; queued.length > 0; turn++) {
      const next = nextFairJob(queued, served)!;
      order.push(next.id);
      served.set(next.owner, turn);
      queued = queued.filter((j) => j.id !== next.id);
    }
    expect(order).toEqual([1, 4, 5, 2, 3]);
  });

  it('a user who just had a turn waits behind one who has not, whatever the job ids', () => {
    const served = new Map<number | null, number>([[1, 7], [2, 3]]);
    expect(nextFairJob([{ id: 10, owner: 1 }, { id: 20, owner: 2 }], served)?.id).toBe(20);
    expect(nextFairJob([], served)).toBeUndefined();
  });
});

describe('per-user limits', () => {
  it('counts a PNG by its pixels, pages times the page with bleed', () => {
    const one = jobPixels(settings({ preset: 'bang-ron-5x0.8', format: 'png', dpi: 150 }), 1);
    expect(one).toBeGreaterThan(29_528 * 4_724);
    expect(jobPixels(settings({ preset: 'bang-ron-5x0.8', format: 'png', dpi: 150 }), 3)).toBe(3 * one);
    // A PDF as if rasterised at 150 dpi: about the same as the PNG at 150 dpi.
    const pdf = jobPixels(settings({ preset: 'bang-ron-5x0.8', format: 'pdf' }), 1);
    expect(pdf / one).toBeGreaterThan(0.9);
    expect(pdf / one).toBeLessThan(1.1);
  });

  it('refuses the job past the count, and past the pixels only when something is already waiting', () => {
    expect(queueRefusal({ jobs: QUEUE_LIMITS.jobsPerUser, pixels: 0 }, 1)?.reason).toBe('jobs');
    expect(queueRefusal({ jobs: QUEUE_LIMITS.jobsPerUser - 1, pixels: 0 }, 1)).toBeUndefined();
    expect(queueRefusal({ jobs: 1, pixels: QUEUE_LIMITS.pixelsPerUser - 10 }, 11)?.reason).toBe('pixels');
    expect(queueRefusal({ jobs: 1, pixels: QUEUE_LIMITS.pixelsPerUser - 10 }, 10)).toBeUndefined();
    // Nothing waiting: one job of any size the print service accepts may queue.
    expect(queueRefusal({ jobs: 0, pixels: 0 }, 3 * QUEUE_LIMITS.pixelsPerUser)).toBeUndefined();
    const refusal = queueRefusal({ jobs: 1, pixels: 9e9 }, 2e9)!;
    expect(refusal.vi).toContain('tỉ điểm ảnh');
    expect(refusal.en).toContain('billion pixels');
  });
});
