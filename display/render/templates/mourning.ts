/** Quốc tang: sober dark ground, white and grey text, no red, no yellow, no star. */
import { fontFace } from '../fonts.js';
import { uppercaseVi } from '../text/normalize.js';
import { COLORS, bands, block, ground, safeRect, textOps, type TemplateContext, type TemplateResult } from './common.js';
import { isStrip, tickerLayout } from './gate-ticker.js';

export function mourningTemplate(ctx: TemplateContext): TemplateResult {
  const { input } = ctx;
  // On a gate board: the caption and the message as one line at the ticker's height, scrolling.
  if (isStrip(input)) return tickerLayout(ctx, [input.fields.caption, input.text].filter(Boolean).join(' · '), COLORS.mourningText, COLORS.mourningGround);
  const portrait = input.height > input.width;
  const safe = safeRect(input, Math.min(input.width, input.height) * 0.08);
  const [captionBox, , messageBox] = bands(safe, [0.1, 0.08, 0.82]);
  const hasCaption = (input.fields.caption ?? '').length > 0;
  const caption = block(ctx, {
    role: 'caption',
    text: uppercaseVi(input.fields.caption ?? ''),
    face: fontFace(500),
    fill: COLORS.mourningGrey,
    box: captionBox!,
    minSizePx: 6,
  });
  const message = block(ctx, {
    role: 'message',
    text: input.text,
    face: fontFace(500),
    fill: COLORS.mourningText,
    // Without a caption the message takes the whole safe area.
    box: hasCaption ? { ...messageBox!, h: messageBox!.h - captionBox!.h } : safe,
    maxLines: input.options?.maxLines ?? (portrait ? 7 : 4),
  });
  const blocks = [caption, message];
  return { safeArea: safe, ops: [ground(input, COLORS.mourningGround), ...textOps(blocks)], blocks };
}
