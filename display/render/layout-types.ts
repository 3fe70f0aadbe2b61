import type { FontFace } from './types.js';

export const TEMPLATE_IDS = ['banner', 'backdrop', 'lobby-card', 'gate-ticker', 'mourning', 'photo-panel'] as const;
export type TemplateId = (typeof TEMPLATE_IDS)[number];

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** The serialisable display list; drawLayout is the only interpreter. */
export type DrawOp =
  | { kind: 'rect'; x: number; y: number; w: number; h: number; fill: string }
  /** Text run at an alphabetic baseline, left-aligned at x; `clip` limits ink (ticker). */
  | { kind: 'text'; text: string; x: number; y: number; face: FontFace; sizePx: number; fill: string; clip?: Rect }
  /** Five-pointed star, one point up. */
  | { kind: 'star'; cx: number; cy: number; outerR: number; innerR: number; fill: string }
  | { kind: 'line'; x1: number; y1: number; x2: number; y2: number; width: number; stroke: string }
  /**
   * A picture drawn to exactly this rectangle (the layout has already kept its aspect); with
   * `clip`, only the part inside it shows (a focus crop). drawLayout asks the platform's image
   * lookup for `imageId`.
   */
  | { kind: 'image'; imageId: string; x: number; y: number; w: number; h: number; clip?: Rect };

export interface LineLayout {
  text: string;
  /** Left end of the run. */
  x: number;
  /** Alphabetic baseline. */
  baseline: number;
  sizePx: number;
  /** Measured advance width. */
  width: number;
  /** Measured ink above and below the baseline. */
  ascent: number;
  descent: number;
}

export interface TextBlockLayout {
  role: string;
  face: FontFace;
  /** Size of the largest line (lines of a hierarchy carry their own sizePx). */
  sizePx: number;
  fill: string;
  /** The box the ink was fitted into. */
  box: Rect;
  lines: LineLayout[];
}

export interface Layout {
  width: number;
  height: number;
  template: TemplateId;
  /** No ink outside this rectangle. */
  safeArea: Rect;
  ops: DrawOp[];
  blocks: TextBlockLayout[];
}
