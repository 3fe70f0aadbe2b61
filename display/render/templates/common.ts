import type { TextMeasurer } from '../types.js';
import type { DrawOp, Rect, TextBlockLayout } from '../layout-types.js';
import type { SlideFields, SlideInput } from '../slide.js';
import { fitBlock, type BlockSpec } from '../text/fit.js';

export const COLORS = {
  flagRed: '#DA251D',
  yellow: '#FFFF00',
  white: '#FFFFFF',
  screenRed: '#9E1B16',
  cream: '#FFF3C4',
  black: '#000000',
  mourningGround: '#141414',
  mourningText: '#EDEDED',
  mourningGrey: '#9A9A9A',
} as const;

/** What every template receives: normalised input plus the measurer and phrase list. */
export interface TemplateContext {
  input: SlideInput & { fields: SlideFields };
  measurer: TextMeasurer;
  phrases: readonly string[];
}

export interface TemplateResult {
  safeArea: Rect;
  ops: DrawOp[];
  blocks: TextBlockLayout[];
}

export function safeRect(input: SlideInput, defaultInset: number): Rect {
  const inset = Math.max(0, Math.round(input.options?.safeInsetPx ?? defaultInset));
  return { x: inset, y: inset, w: Math.max(0, input.width - 2 * inset), h: Math.max(0, input.height - 2 * inset) };
}

export function ground(input: SlideInput, fill: string): DrawOp {
  return { kind: 'rect', x: 0, y: 0, w: input.width, h: input.height, fill };
}

/** Slices a rectangle vertically into bands of the given fractions of its height. */
export function bands(r: Rect, fractions: readonly number[]): Rect[] {
  let y = r.y;
  return fractions.map((f) => {
    const band = { x: r.x, y, w: r.w, h: r.h * f };
    y += band.h;
    return band;
  });
}

type BlockDefaults = 'align' | 'vAlign' | 'maxLines' | 'pitchEm' | 'gapEm' | 'wholePixels' | 'phrases';

export function block(
  ctx: TemplateContext,
  spec: Omit<BlockSpec, BlockDefaults> & Partial<Pick<BlockSpec, BlockDefaults>>,
): TextBlockLayout {
  return fitBlock(
    { align: 'center', vAlign: 'middle', maxLines: 1, pitchEm: 1.22, gapEm: 0.14, wholePixels: false, phrases: ctx.phrases, ...spec },
    ctx.measurer,
  );
}

export function textOps(blocks: readonly TextBlockLayout[], clip?: Rect): DrawOp[] {
  return blocks.flatMap((b) =>
    b.lines.map(
      (l): DrawOp => ({ kind: 'text', text: l.text, x: l.x, y: l.baseline, face: b.face, sizePx: l.sizePx, fill: b.fill, ...(clip ? { clip } : {}) }),
    ),
  );
}
