/**
 * The change feed under a burst: however many changes arrive, a node reloads one at a time,
 * pauses between reloads during the burst, and its last reload sees the last change. A single
 * change reloads at once.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ChangeFeed } from '../../server/cluster/change-feed.js';
import { ChangeGenerationRepository } from '../../server/db/change-generation-repository.js';
import type { Engine } from '../../server/db/engine.js';
import { createLogger } from '../../server/log.js';
import { openTestEngine } from '../support/engine.js';

interface Reload {
  generation: number;
  started: number;
  ended: number;
}

let dataDir: string;
let engine: Engine;
let feed: ChangeFeed | undefined;

beforeEach(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'pano-feed-'));
  engine = await openTestEngine(dataDir);
});

afterEach(async () => {
  await feed?.stop();
  await engine.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** A feed whose reload takes `reloadMs` and records when it ran and which generation it saw. */
async function startFeed(reloads: Reload[], reloadMs: number): Promise<ChangeFeed> {
  feed = new ChangeFeed({
    engine,
    log: createLogger('error'),
    onAdvance: async (generation) => {
      const started = performance.now();
      await new Promise((resolve) => setTimeout(resolve, reloadMs));
      reloads.push({ generation, started, ended: performance.now() });
    },
  });
  await feed.start();
  return feed;
}

describe('change feed', () => {
  it('reloads at once after a single change', async () => {
    const reloads: Reload[] = [];
    await startFeed(reloads, 5);
    const generation = await new ChangeGenerationRepository(engine.db).bump();
    await expect.poll(() => reloads.map((r) => r.generation)).toEqual([generation]);
  });

  it('a burst of changes costs a few paced reloads, never two at once, the last one seeing the last change', async () => {
    const reloads: Reload[] = [];
    await startFeed(reloads, 40);
    const generations = new ChangeGenerationRepository(engine.db);
    const burstStarted = performance.now();
    let last = 0;
    for (let i = 0; i < 60; i++) {
      last = await generations.bump();
      // Spread over about a second, so the burst outlasts several reloads.
      await new Promise((resolve) => setTimeout(resolve, 15));
    }
    const burstEnded = performance.now();
    await expect.poll(() => reloads.at(-1)?.generation, { timeout: 5000 }).toBe(last);

    for (let i = 1; i < reloads.length; i++) {
      const before = reloads[i - 1]!;
      const reload = reloads[i]!;
      expect(reload.generation).toBeGreaterThan(before.generation);
      // Not before the one before ended plus a pause of at least 250 ms.
      expect(reload.started - before.ended).toBeGreaterThanOrEqual(250);
    }
    // One at the start, then at most one per 250 ms of burst, and one after it.
    expect(reloads.length).toBeGreaterThan(1);
    expect(reloads.length).toBeLessThanOrEqual(2 + Math.ceil((burstEnded - burstStarted) / 250));
    expect(reloads.length).toBeLessThan(60);
  });
});
