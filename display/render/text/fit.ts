/**
 * Fits one text block into a box: chooses the lines and the size from the font's own tables
 * (identical on every platform, so a screen and a print choose the same size), then checks the
 * MEASURED ink, stepping down only if a platform's measurement says the ink would leave the box.
 */
import type { FontFace, TextMeasurer } from '../types.js';
import type { LineLayout, Rect, TextBlockLayout } from '../layout-types.js';
import { estimateEm } from './advance.js';
import { balancedBreaks, lineWidths, type BreakItem } from './breaking.js';
import { segmentUnits } from './segment.js';

export interface BlockSpec {
  role: string;
  /** Normalised text; ignored when fixedLines is given. */
  text: string;
  /** Lines set by the template (a backdrop's title lines): never re-broken. */
  fixedLines?: readonly string[];
  /** Size of each fixed line relative to the largest (a hierarchy). */
  lineScales?: readonly number[];
  face: FontFace;
  fill: string;
  box: Rect;
  align: 'left' | 'center' | 'right';
  vAlign: 'top' | 'middle' | 'bottom';
  maxLines: number;
  maxSizePx?: number;
  /** Below this size the block is dropped (secondary information on a tiny surface). */
  minSizePx?: number;
  /** Minimum baseline-to-baseline distance, in em. */
  pitchEm: number;
  /** Minimum clear space between the ink of successive lines, in em. */
  gapEm: number;
  /** Snap sizes and positions to whole pixels (tiny LED boards). */
  wholePixels: boolean;
  phrases: readonly string[];
}

/** Clearance for antialiasing and side bearings beyond the advance, in em and px. */
const SIDE_PAD_EM = 0.02;
const EDGE_PAD_PX = 1;
/** Share of the table-decided size given up so every platform's measured ink fits it. */
const DECIDED_MARGIN = 0.02;
/** A further line must promise this much more size to be worth it. */
const MORE_LINES_GAIN = 1.02;

interface Metric {
  width: number;
  ascent: number;
  descent: number;
  right?: number;
}

/** Horizontal room a run's ink needs: its advance, or more where a glyph overhangs it. */
function inkWidth(m: Metric): number {
  return Math.max(m.width, m.right ?? 0);
}

export function chooseLines(spec: BlockSpec, box: Rect): string[] {
  const units = segmentUnits(spec.text, spec.phrases);
  if (units.length === 0) return [];
  const w = spec.face.weight;
  const items: BreakItem[] = units.map((u) => ({ ...u, width: estimateEm(u.text, w).width }));
  const space = estimateEm(' ', w).width;
  let best: string[] = [units.map((u) => u.text).join(' ')];
  let bestSize = -1;
  for (let n = 1; n <= Math.min(spec.maxLines, units.length); n++) {
    const breaks = balancedBreaks(items, space, n);
    if (!breaks) continue;
    const widths = lineWidths(items, space, breaks);
    const lines = breaks.map((start, k) => units.slice(start, breaks[k + 1] ?? units.length).map((u) => u.text).join(' '));
    const metrics = lines.map((line, k) => ({ ...estimateEm(line, w), width: widths[k]! }));
    const size = Math.min(
      box.w / (Math.max(...metrics.map((m) => m.width)) + 2 * SIDE_PAD_EM),
      box.h / stackHeight(metrics, lines.map(() => 1), spec),
    );
    if (bestSize < 0 || size > bestSize * MORE_LINES_GAIN) {
      best = lines;
      bestSize = size;
    }
  }
  return best;
}

export function fitBlock(spec: BlockSpec, measurer: TextMeasurer): TextBlockLayout {
  const box = insetRect(spec.box, EDGE_PAD_PX);
  const lines = spec.fixedLines ? [...spec.fixedLines] : chooseLines(spec, box);
  const scales = lines.map((_, k) => (spec.fixedLines ? spec.lineScales?.[k] ?? 1 : 1));
  const empty: TextBlockLayout = { role: spec.role, face: spec.face, sizePx: 0, fill: spec.fill, box: spec.box, lines: [] };
  if (lines.length === 0 || box.w <= 0 || box.h <= 0) return empty;

  const quantum = spec.wholePixels ? 1 : 0.25;
  const sizesAt = (s: number) => scales.map((r) => (spec.wholePixels ? Math.max(1, Math.floor(s * r)) : s * r));
  const measureAt = (s: number) => {
    const sizes = sizesAt(s);
    return { sizes, metrics: lines.map((line, k) => measurer.measure(line, spec.face, sizes[k]!)) };
  };
  const fits = (s: number) => {
    const { sizes, metrics } = measureAt(s);
    const wide = metrics.some((m, k) => inkWidth(m) + 2 * SIDE_PAD_EM * sizes[k]! > box.w);
    return !wide && stackHeight(metrics, sizes, spec) <= box.h;
  };

  // The size the advance tables give: the same number in Chromium and node-canvas. Kerning is
  // left out of the tables, so their widths err wide and the measured ink nearly always fits.
  const est = lines.map((l) => estimateEm(l, spec.face.weight));
  const estSize = Math.min(
    ...est.map((m, k) => box.w / ((m.width + 2 * SIDE_PAD_EM) * scales[k]!)),
    box.h / stackHeight(est, scales, spec),
  );
  const cap = Math.max(1, Math.floor((spec.maxSizePx ?? box.h * 2) / quantum));
  // A percent below the tables' limit: platforms measure ink a hair apart, and a size decided at
  // the very edge would fit on one and not the other.
  const decided = Math.min(cap, Math.floor((estSize * (1 - DECIDED_MARGIN)) / quantum));
  if (decided >= 1 && decided * quantum >= (spec.minSizePx ?? 0) && fits(decided * quantum)) {
    const { sizes, metrics } = measureAt(decided * quantum);
    return { ...empty, sizePx: Math.max(...sizes), lines: placeLines(lines, sizes, metrics, spec, box) };
  }
  // A glyph whose ink overhangs its advance, or a fallback font: search the measured sizes instead.
  const probe = Math.max(quantum, Math.min(cap * quantum, estSize));
  const probed = measureAt(probe);
  const ratio = Math.min(
    ...probed.metrics.map((m, k) => box.w / (inkWidth(m) + 2 * SIDE_PAD_EM * probed.sizes[k]!)),
    box.h / stackHeight(probed.metrics, probed.sizes, spec),
  );
  const start = Math.min(cap, Math.max(1, Math.floor((probe * ratio) / quantum)));
  let lo = 0;
  let hi = cap + 1;
  if (fits(start * quantum)) {
    lo = start;
    for (let step = 1; lo < cap; step *= 2) {
      const next = Math.min(cap, lo + step);
      if (!fits(next * quantum)) {
        hi = next;
        break;
      }
      lo = next;
    }
  } else {
    hi = start;
    for (let step = 1; hi > 1; step *= 2) {
      const next = Math.max(1, hi - step);
      if (fits(next * quantum)) {
        lo = next;
        break;
      }
      hi = next;
    }
  }
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (fits(mid * quantum)) lo = mid;
    else hi = mid;
  }
  // Ink must never leave its box: a block that cannot fit legibly is left out.
  if (lo === 0 || lo * quantum < (spec.minSizePx ?? 0)) return empty;
  const { sizes, metrics } = measureAt(lo * quantum);
  return { ...empty, sizePx: Math.max(...sizes), lines: placeLines(lines, sizes, metrics, spec, box) };
}

function placeLines(lines: string[], sizes: number[], metrics: Metric[], spec: BlockSpec, box: Rect): LineLayout[] {
  const height = stackHeight(metrics, sizes, spec);
  const top = spec.vAlign === 'top' ? box.y : spec.vAlign === 'bottom' ? box.y + box.h - height : box.y + (box.h - height) / 2;
  const snap = (v: number) => (spec.wholePixels ? Math.round(v) : v);
  let baseline = top + metrics[0]!.ascent;
  return lines.map((text, k) => {
    const m = metrics[k]!;
    if (k > 0) baseline += pitch(metrics[k - 1]!, m, sizes[k]!, spec);
    const pad = SIDE_PAD_EM * sizes[k]!;
    const ink = inkWidth(m);
    const x = spec.align === 'left' ? box.x + pad : spec.align === 'right' ? box.x + box.w - pad - ink : box.x + (box.w - ink) / 2;
    return { text, x: snap(x), baseline: snap(baseline), sizePx: sizes[k]!, width: m.width, ascent: m.ascent, descent: m.descent };
  });
}

/** Ink height of stacked lines: first ascent, pitches, last descent. */
function stackHeight(metrics: readonly Metric[], sizes: readonly number[], spec: BlockSpec): number {
  let h = metrics[0]!.ascent + metrics[metrics.length - 1]!.descent;
  for (let k = 1; k < metrics.length; k++) h += pitch(metrics[k - 1]!, metrics[k]!, sizes[k]!, spec);
  return h;
}

function pitch(above: Metric, below: Metric, size: number, spec: BlockSpec): number {
  return Math.max(spec.pitchEm * size, above.descent + spec.gapEm * size + below.ascent);
}

export function insetRect(r: Rect, d: number): Rect {
  return { x: r.x + d, y: r.y + d, w: Math.max(0, r.w - 2 * d), h: Math.max(0, r.h - 2 * d) };
}
