import { describe, expect, it } from 'vitest';
import { TurnBatch } from '../../../server/turn-batch.js';

describe('TurnBatch', () => {
  it('runs what is asked in one turn as one batch, in the order asked', async () => {
    const runs: string[][] = [];
    const batch = new TurnBatch(async (items: readonly string[]) => {
      runs.push([...items]);
      return new Map(items.map((i) => [i, i.toUpperCase()]));
    });
    const answers = await Promise.all(['Ễ', 'Ể', 'Ẫ'].map(async (i) => (await batch.add(i)).get(i)));
    expect(answers).toEqual(['Ễ', 'Ể', 'Ẫ'].map((i) => i.toUpperCase()));
    expect(runs).toEqual([['Ễ', 'Ể', 'Ẫ']]);
  });

  it('gathers what is asked while a batch runs into the next one, started once the first ended', async () => {
    const runs: number[][] = [];
    let release: () => void = () => {};
    const batch = new TurnBatch(async (items: readonly number[]) => {
      runs.push([...items]);
      if (items[0] === 1) await new Promise<void>((resolve) => (release = resolve));
    });
    const first = batch.add(1);
    await new Promise((resolve) => setImmediate(resolve));
    expect(runs).toEqual([[1]]);
    // Three turns while the first batch runs: one batch, and not before the first ends.
    const later: Promise<void>[] = [];
    for (const n of [2, 3, 4]) {
      later.push(batch.add(n));
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(runs).toEqual([[1]]);
    release();
    await Promise.all([first, ...later]);
    expect(runs).toEqual([[1], [2, 3, 4]]);
  });

  it('gives a failure to every caller of its batch, and the next batch still runs', async () => {
    let fail = true;
    const batch = new TurnBatch(async (items: readonly number[]) => {
      if (fail) throw new Error('database gone');
      return items.length;
    });
    const failed = [batch.add(1), batch.add(2)];
    for (const f of failed) await expect(f).rejects.toThrow('database gone');
    fail = false;
    expect(await batch.add(3)).toBe(1);
  });
});
