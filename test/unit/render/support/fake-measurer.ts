/**
 * A deterministic stand-in for a canvas: widths from the committed font table (kerning
 * ignored), ink from it too, optionally with a seeded relative jitter that imitates the last-digit
 * differences between Chromium and node-canvas.
 */
import { estimateEm, type TextMeasurer } from '../../../../display/render/index.js';

export function fakeMeasurer(jitter = 0, seed = 1): TextMeasurer & { calls: number } {
  let state = seed;
  const noise = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return (state / 2147483648 - 0.5) * 2 * jitter;
  };
  const m = {
    calls: 0,
    measure(text: string, face: { weight: 400 | 500 | 700 | 800 }, sizePx: number) {
      m.calls++;
      const e = estimateEm(text, face.weight);
      return { width: e.width * sizePx * (1 + noise()), ascent: e.ascent * sizePx, descent: e.descent * sizePx };
    },
  };
  return m;
}
