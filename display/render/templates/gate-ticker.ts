/** Gate LED board: one line of capitals scrolling right to left, whole pixels at tiny sizes. */
import { fontFace } from '../fonts.js';
import type { Layout } from '../layout-types.js';
import { uppercaseVi } from '../text/normalize.js';
import { COLORS, block, ground, safeRect, textOps, type TemplateContext, type TemplateResult } from './common.js';

/** Below this height glyph edges must sit on pixels or the LED matrix shows mush. */
const WHOLE_PIXEL_HEIGHT = 256;

export function gateTickerTemplate(ctx: TemplateContext): TemplateResult {
  return tickerLayout(ctx, uppercaseVi(ctx.input.text), COLORS.yellow, COLORS.black);
}

/** A strip too low for stacked lines: a gate LED board (192 × 32) and its kin. */
export function isStrip(input: { width: number; height: number }): boolean {
  return input.height <= 64 || input.width >= input.height * 4;
}

/**
 * One line at the board's full height, scrolling right to left: the gate ticker, and mourning on
 * the same board (two 9 px lines are unreadable on a real LED matrix).
 */
export function tickerLayout(ctx: TemplateContext, text: string, fill: string, groundColour: string): TemplateResult {
  const { input } = ctx;
  const safe = safeRect(input, Math.max(1, input.height * 0.06));
  const wholePixels = input.height <= WHOLE_PIXEL_HEIGHT;
  // Fit to the height only: the line is as long as it needs to be and scrolls.
  const line = block(ctx, {
    role: 'ticker',
    text,
    fixedLines: text.length > 0 ? [text] : [],
    face: fontFace(700),
    fill,
    box: { ...safe, w: Number.MAX_SAFE_INTEGER / 4 },
    wholePixels,
  });
  const run = line.lines[0];
  if (run) {
    // Offset 0 shows the start of the line at the left edge; the line scrolls left, and once
    // its end has gone it re-enters from the right edge. A line that fits stands still, centred.
    const cycle = safe.w + run.width;
    const phase = (((input.fields.tickerOffsetPx ?? 0) % cycle) + cycle) % cycle;
    const x = run.width <= safe.w ? safe.x + (safe.w - run.width) / 2 : safe.x - phase + (phase > run.width ? cycle : 0);
    run.x = wholePixels ? Math.round(x) : x;
  }
  const shown = { ...line, box: safe };
  return { safeArea: safe, ops: [ground(input, groundColour), ...textOps([shown], safe)], blocks: [shown] };
}

/** Scroll distance after which a gate ticker repeats (0 when its line stands still). */
export function tickerCycleWidth(layout: Layout): number {
  const run = layout.blocks[0]?.lines[0];
  const scrolls = layout.template === 'gate-ticker' || (layout.template === 'mourning' && layout.blocks[0]?.role === 'ticker');
  if (!scrolls || !run || run.width <= layout.safeArea.w) return 0;
  return layout.safeArea.w + run.width;
}
