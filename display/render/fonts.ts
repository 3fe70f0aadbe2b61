import type { FontFace, FontWeight } from './types.js';

export const FONT_FAMILY = 'Be Vietnam Pro';

export const FONT_WEIGHTS: readonly FontWeight[] = [400, 500, 700, 800];

export function fontFace(weight: FontWeight): FontFace {
  return { family: FONT_FAMILY, weight };
}

/** The CSS font shorthand for ctx.font; node-canvas and Chromium both parse this form. */
export function fontCss(face: FontFace, sizePx: number): string {
  return `${face.weight} ${sizePx}px "${face.family}"`;
}
