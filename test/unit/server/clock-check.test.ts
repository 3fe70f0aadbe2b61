import { describe, expect, it } from 'vitest';
import { clockCheck, outOfStep, OUT_OF_STEP_MS } from '../../../server/ws/clock-check.js';

describe("the server's check of a display's clock", () => {
  it('error is the display’s stamp against the midpoint of the check’s round trip, ± half of it', () => {
    // Sent at 1000, answered at 1010; the display thought it was 1005 + 40 when the check arrived.
    const check = clockCheck(1_000, 1_010, 1_045);
    expect(check).toEqual({ errorMs: 40, boundMs: 5, at: new Date(1_010) });
    expect(outOfStep(check)).toBe(true);
  });

  it('out of step only when the error exceeds the tolerance whatever the check’s own uncertainty', () => {
    // 40 ms behind, but the check itself took 40 ms: the display may be only 20 ms off.
    expect(outOfStep(clockCheck(0, 40, 20 - 40))).toBe(false);
    expect(outOfStep(clockCheck(0, 2, 1 + OUT_OF_STEP_MS + 2))).toBe(true);
    expect(outOfStep(clockCheck(0, 2, 1 - OUT_OF_STEP_MS - 2))).toBe(true);
    expect(outOfStep(null)).toBe(false);
  });
});
