/** Băng rôn: flag-red ground, yellow capitals, optional yellow star at the left. */
import { fontFace } from '../fonts.js';
import type { DrawOp } from '../layout-types.js';
import { uppercaseVi } from '../text/normalize.js';
import { COLORS, block, ground, safeRect, textOps, type TemplateContext, type TemplateResult } from './common.js';

/** A five-pointed star's height is R(1 + cos 36°); its width 2R·sin 72°. */
const STAR_HEIGHT_PER_R = 1 + Math.cos(Math.PI / 5);
const STAR_HALF_WIDTH_PER_R = Math.sin((2 * Math.PI) / 5);

export function bannerTemplate(ctx: TemplateContext): TemplateResult {
  const { input } = ctx;
  // Hems and eyelets: keep a tenth of the short side clear (80 mm on a 0.8 m banner).
  const safe = safeRect(input, Math.min(input.width, input.height) * 0.1);
  const ops: DrawOp[] = [ground(input, COLORS.flagRed)];
  let textBox = safe;
  if (input.fields.star && safe.w > 0 && safe.h > 0) {
    const r = Math.min((safe.h * 0.9) / STAR_HEIGHT_PER_R, safe.w / 10);
    const cx = safe.x + r * STAR_HALF_WIDTH_PER_R;
    // Centre the star's bounding box, not its circumcircle, on the safe band.
    const cy = safe.y + safe.h / 2 + (r - r * Math.cos(Math.PI / 5)) / 2;
    ops.push({ kind: 'star', cx, cy, outerR: r, innerR: r * 0.382, fill: COLORS.yellow });
    const left = cx + r * STAR_HALF_WIDTH_PER_R + r * 0.6;
    textBox = { ...safe, x: left, w: safe.x + safe.w - left };
  }
  const aspect = input.width / Math.max(1, input.height);
  const slogan = block(ctx, {
    role: 'slogan',
    text: uppercaseVi(input.text),
    face: fontFace(700),
    fill: COLORS.yellow,
    box: textBox,
    maxLines: input.options?.maxLines ?? (aspect >= 2 ? 2 : 3),
    pitchEm: 1.25,
  });
  return { safeArea: safe, ops: [...ops, ...textOps([slogan])], blocks: [slogan] };
}
