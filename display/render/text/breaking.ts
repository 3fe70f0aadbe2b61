/**
 * Balanced line breaking by dynamic programming (minimum raggedness), over units that may not
 * be split. Widths are abstract numbers; the layout feeds it font-table widths so the result is
 * identical on every platform.
 */

export interface BreakItem {
  width: number;
  words: number;
  /** Breaking after this item is preferred (it ends with a comma or a dash). */
  clauseEnd: boolean;
  /** Breaking after this item splits a compound word: allowed, but costs. */
  keepWithNext: boolean;
}

/**
 * Costs are in units of the narrowest achievable longest line N, squared: a line of width w
 * costs ((N - w) / N)^2, so a line 10% short costs 0.01.
 */
export interface BalanceOptions {
  /** How much longer than N a line may get, as a fraction (it shrinks the font as much). */
  maxOver: number;
  /** Weight of the squared overshoot beyond N. */
  overWeight: number;
  /** Credit for a break after a clause end (comma, dash). */
  clauseBonus: number;
  /** Cost of a break inside a compound word. */
  compoundPenalty: number;
}

export const DEFAULT_BALANCE: BalanceOptions = { maxOver: 0.08, overWeight: 20, clauseBonus: 0.005, compoundPenalty: 0.15 };

/** Line start indices (first is always 0). */
export type Breaks = number[];

export function lineWidths(items: readonly BreakItem[], space: number, breaks: Breaks): number[] {
  const prefix = prefixWidths(items);
  return breaks.map((start, k) => span(prefix, space, start, breaks[k + 1] ?? items.length));
}

/**
 * Exactly `lines` lines, balanced: first the narrowest achievable longest line N, then the
 * arrangement with least cost (squared shortfall of every line, the last included, plus costs
 * for overshooting N and for splitting compounds, minus credits for clause breaks). The last line of a multi-line result holds
 * at least two syllables. Null when no such arrangement exists.
 */
export function balancedBreaks(
  items: readonly BreakItem[],
  space: number,
  lines: number,
  options: BalanceOptions = DEFAULT_BALANCE,
): Breaks | null {
  const n = items.length;
  if (lines < 1 || lines > n) return null;
  const prefix = prefixWidths(items);
  const words = prefixWords(items);
  const lastOk = (i: number) => lines === 1 || words[n]! - words[i]! >= 2;
  const width = (i: number, j: number) => span(prefix, space, i, j);

  // Pass 1: the smallest achievable longest line.
  const minMax = table(lines + 1, n + 1, Infinity);
  minMax[0]![0] = 0;
  for (let k = 1; k <= lines; k++) {
    for (let j = k; j <= n; j++) {
      for (let i = k - 1; i < j; i++) {
        if (j === n && k === lines && !lastOk(i)) continue;
        const v = Math.max(minMax[k - 1]![i]!, width(i, j));
        if (v < minMax[k]![j]!) minMax[k]![j] = v;
      }
    }
  }
  const narrowest = minMax[lines]![n]!;
  if (!Number.isFinite(narrowest)) return null;
  const limit = narrowest * (1 + options.maxOver);
  const lineCost = (w: number) => {
    const r = (w - narrowest) / narrowest;
    return r > 0 ? options.overWeight * r * r : r * r;
  };
  const gapCost = (j: number) => {
    if (j >= n) return 0;
    const item = items[j - 1]!;
    return (item.keepWithNext ? options.compoundPenalty : 0) - (item.clauseEnd ? options.clauseBonus : 0);
  };

  // Pass 2: least cost within that limit.
  const cost = table(lines + 1, n + 1, Infinity);
  const from = table(lines + 1, n + 1, -1);
  cost[0]![0] = 0;
  for (let k = 1; k <= lines; k++) {
    for (let j = k; j <= n; j++) {
      for (let i = k - 1; i < j; i++) {
        if (!Number.isFinite(cost[k - 1]![i]!)) continue;
        if (j === n && k === lines && !lastOk(i)) continue;
        const w = width(i, j);
        if (w > limit) continue;
        const c = cost[k - 1]![i]! + lineCost(w) + gapCost(j);
        if (c < cost[k]![j]!) {
          cost[k]![j] = c;
          from[k]![j] = i;
        }
      }
    }
  }
  const breaks: Breaks = [];
  for (let k = lines, j = n; k > 0; k--) {
    const i = from[k]![j]!;
    breaks.unshift(i);
    j = i;
  }
  return breaks;
}

/** First-fit breaking: the baseline balanced breaking is measured against. */
export function greedyBreaks(items: readonly BreakItem[], space: number, maxWidth: number): Breaks {
  const breaks: Breaks = [0];
  let w = 0;
  items.forEach((item, i) => {
    if (i > breaks[breaks.length - 1]! && w + space + item.width > maxWidth) {
      breaks.push(i);
      w = item.width;
    } else {
      w = i === breaks[breaks.length - 1]! ? item.width : w + space + item.width;
    }
  });
  return breaks;
}

function prefixWidths(items: readonly BreakItem[]): number[] {
  const p = [0];
  for (const it of items) p.push(p[p.length - 1]! + it.width);
  return p;
}

function prefixWords(items: readonly BreakItem[]): number[] {
  const p = [0];
  for (const it of items) p.push(p[p.length - 1]! + it.words);
  return p;
}

function span(prefix: readonly number[], space: number, i: number, j: number): number {
  return prefix[j]! - prefix[i]! + space * (j - i - 1);
}

function table(rows: number, cols: number, fill: number): number[][] {
  return Array.from({ length: rows }, () => new Array<number>(cols).fill(fill));
}
