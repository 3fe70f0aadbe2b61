/** Work on one media id takes turns in order; other ids run meanwhile; a failure does not stop the line. */
import { describe, expect, it } from 'vitest';
import { KeyedTurns } from '../../../server/media/turns.js';

describe('KeyedTurns', () => {
  it('runs work on one key one at a time, in order, past failures, and other keys alongside', async () => {
    const turns = new KeyedTurns();
    const log: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const first = turns.run('a', async () => {
      log.push('a1 start');
      await gate;
      log.push('a1 end');
      throw new Error('a1 failed');
    });
    const second = turns.run('a', async () => {
      log.push('a2');
      return 2;
    });
    const other = turns.run('b', async () => {
      log.push('b');
      return 'b';
    });
    expect(await other).toBe('b');
    expect(log).toEqual(['a1 start', 'b']);
    release();
    await expect(first).rejects.toThrow('a1 failed');
    expect(await second).toBe(2);
    expect(log).toEqual(['a1 start', 'b', 'a1 end', 'a2']);
  });
});
