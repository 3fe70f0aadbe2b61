/** Lobby screen card (16:9 or 9:16): slogan large, phase caption small, date and clock. */
import { fontFace } from '../fonts.js';
import type { DrawOp } from '../layout-types.js';
import { uppercaseVi } from '../text/normalize.js';
import { COLORS, bands, block, ground, safeRect, textOps, type TemplateContext, type TemplateResult } from './common.js';

export function lobbyCardTemplate(ctx: TemplateContext): TemplateResult {
  const { input } = ctx;
  const { fields } = input;
  const portrait = input.height > input.width;
  const safe = safeRect(input, Math.min(input.width, input.height) * 0.05);
  // caption | rule gap | slogan | gap | footer (date left, clock right)
  const [captionBox, , sloganBox, , footerBox] = portrait
    ? bands(safe, [0.07, 0.05, 0.77, 0.05, 0.06])
    : bands(safe, [0.09, 0.06, 0.69, 0.06, 0.1]);
  const minSizePx = 6;
  // Secondary text keeps one size across slides: capped by the screen, not by its band.
  const short = Math.min(safe.w, safe.h);
  const caption = block(ctx, {
    role: 'caption',
    text: uppercaseVi(fields.caption ?? ''),
    face: fontFace(700),
    fill: COLORS.cream,
    box: captionBox!,
    maxLines: 2,
    maxSizePx: short * 0.045,
    minSizePx,
  });
  const slogan = block(ctx, {
    role: 'slogan',
    text: input.text,
    face: fontFace(700),
    fill: COLORS.yellow,
    box: sloganBox!,
    maxLines: input.options?.maxLines ?? (portrait ? 8 : 4),
  });
  const half = { ...footerBox!, w: footerBox!.w / 2 };
  const date = block(ctx, {
    role: 'date',
    text: fields.date ?? '',
    face: fontFace(500),
    fill: COLORS.white,
    box: half,
    align: 'left',
    maxSizePx: short * 0.055,
    minSizePx,
  });
  const clock = block(ctx, {
    role: 'clock',
    text: fields.clock ?? '',
    face: fontFace(500),
    fill: COLORS.white,
    box: { ...half, x: half.x + half.w },
    align: 'right',
    maxSizePx: short * 0.055,
    minSizePx,
  });
  const ops: DrawOp[] = [ground(input, COLORS.screenRed)];
  if (caption.lines.length > 0) {
    // A thin rule under the caption, inside the safe area.
    const y = captionBox!.y + captionBox!.h + (sloganBox!.y - captionBox!.y - captionBox!.h) / 2;
    const width = Math.max(1, Math.round(safe.h * 0.004));
    ops.push({ kind: 'line', x1: safe.x + safe.w * 0.3, y1: y, x2: safe.x + safe.w * 0.7, y2: y, width, stroke: COLORS.yellow });
  }
  const blocks = [caption, slogan, date, clock];
  return { safeArea: safe, ops: [...ops, ...textOps(blocks)], blocks };
}
