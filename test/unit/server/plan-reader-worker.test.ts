/**
 * The reader's worker thread is bounded: a document that takes too long, or too much heap, ends
 * its worker with a clear refusal instead of holding the server. Real worker threads.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PlanReadError } from '../../../server/plan-documents/errors.js';
import { READER_LIMITS, readPlanDocument } from '../../../server/plan-documents/reader-client.js';

const HEAP_MB = 64;
const seed = readFileSync(path.join(import.meta.dirname, '../../fixtures/plans/ke-hoach-38-KH-DU.txt'));

async function refusal(p: Promise<unknown>): Promise<PlanReadError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(PlanReadError);
  return err as PlanReadError;
}

describe('the plan reader worker', () => {
  it('reads the seed plan within its bounds', async () => {
    const result = await readPlanDocument(seed, 2026);
    expect(result.reading.slogans).toHaveLength(15);
  });

  it('is ended when it takes longer than its time bound', async () => {
    const err = await refusal(readPlanDocument(seed, 2026, { ...READER_LIMITS, timeoutMs: 1 }));
    expect([err.status, err.code]).toEqual([413, 'too-slow']);
  });

  it('is ended when it needs more heap than its bound', async () => {
    const small = { ...READER_LIMITS, maxOldGenerationSizeMb: HEAP_MB };
    // The bound leaves room for a real plan…
    expect((await readPlanDocument(seed, 2026, small)).reading.slogans).toHaveLength(15);
    // …but not for 12 MB of slogan lines, whose strings outgrow it (the default bound reads them).
    const huge = Buffer.from(`KẾ HOẠCH\nIII. KHẨU HIỆU\n${`- ${'Nhiệt liệt chào mừng Đại hội '.repeat(300)}!\n`.repeat(1000)}`);
    const err = await refusal(readPlanDocument(huge, 2026, small));
    expect([err.status, err.code]).toEqual([413, 'too-large']);
  });
});
