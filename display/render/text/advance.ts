/**
 * Platform-independent text estimates from the committed font table. Line-break and line-count
 * decisions use only these, so Chromium and node-canvas (whose measureText differ in the last
 * fraction of a pixel) always choose the same lines; real measurement then sets the size.
 */
import type { FontWeight } from '../types.js';
import { ADVANCE_CHARS, ADVANCE_TABLE } from './advance-table.js';

const INDEX = new Map<string, number>([...ADVANCE_CHARS].map((c, i) => [c, i]));
/** Unknown characters count as a wide letter with the tallest marks, so estimates err large. */
const FALLBACK = { width: 700, ascent: 1160, descent: 250 };

export interface EmEstimate {
  width: number;
  ascent: number;
  descent: number;
}

/** Advance width and ink extent of `text` in em (kerning ignored). */
export function estimateEm(text: string, weight: FontWeight): EmEstimate {
  const row = ADVANCE_TABLE[weight];
  let width = 0;
  let ascent = 0;
  let descent = 0;
  for (const c of text) {
    const i = INDEX.get(c);
    const w = i === undefined ? FALLBACK.width : row.width[i]!;
    const a = i === undefined ? FALLBACK.ascent : row.ascent[i]!;
    const d = i === undefined ? FALLBACK.descent : row.descent[i]!;
    width += w;
    if (a > ascent) ascent = a;
    if (d > descent) descent = d;
  }
  return { width: width / 1000, ascent: ascent / 1000, descent: descent / 1000 };
}
