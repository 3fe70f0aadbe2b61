/**
 * A picture or a clip on a screen, for the templates that rotate items (lobby card, banner, mourning):
 * - most screens (lobby 16:9 and 9:16, hall side screens of ordinary shape): the picture full-bleed
 *   above a caption band that carries the item's caption (and the credit, small);
 * - wide strips (more than twice as wide as high, e.g. a hall's LED side banner): the picture at the
 *   left edge, full height, and the caption set beside it as the slogan, large.
 * The picture fills its frame, cropped only outside its focus box (see focusCrop); a clip has no
 * focus box and is shown whole. The backdrop (the hall's phông), the gate ticker and the photo
 * panel draw their own text and leave media aside: the compiler gives a gate no files at all.
 */
import { fontFace } from '../fonts.js';
import type { DrawOp, Rect } from '../layout-types.js';
import type { SlideMedia } from '../slide.js';
import { focusCrop, placement, WHOLE_PICTURE } from '../media/focus-crop.js';
import { COLORS, block, ground, textOps, type TemplateContext, type TemplateResult } from './common.js';

export interface PicturePalette {
  ground: string;
  /** Behind the picture where the focus box forbids filling the frame. */
  mat: string;
  caption: string;
  credit: string;
}

export const PICTURE_PALETTES = {
  'lobby-card': { ground: COLORS.screenRed, mat: COLORS.black, caption: COLORS.yellow, credit: COLORS.cream },
  banner: { ground: COLORS.flagRed, mat: COLORS.black, caption: COLORS.yellow, credit: COLORS.cream },
  mourning: { ground: COLORS.mourningGround, mat: COLORS.black, caption: COLORS.mourningText, credit: COLORS.mourningGrey },
} as const satisfies Record<string, PicturePalette>;

/** Width over height beyond which the caption goes beside the picture rather than under it. */
export const SIDE_BY_SIDE_ASPECT = 2;
/** The caption band's share of the screen height. */
const BAND_SHARE = { landscape: 0.2, portrait: 0.15 };
/** At most this share of a wide strip goes to the picture. */
const SIDE_PICTURE_SHARE = 0.45;

export function pictureTemplate(ctx: TemplateContext, media: SlideMedia, palette: PicturePalette): TemplateResult {
  const { input } = ctx;
  const W = input.width;
  const H = input.height;
  const whole: Rect = { x: 0, y: 0, w: W, h: H };
  const short = Math.min(W, H);
  const inset = Math.max(1, Math.round(input.options?.safeInsetPx ?? short * 0.05));
  const credit = media.credit ?? '';
  const ops: DrawOp[] = [ground(input, palette.ground)];

  if (W > H * SIDE_BY_SIDE_ASPECT) {
    const aspect = media.width / media.height;
    const frame: Rect = { x: 0, y: 0, w: Math.round(Math.min(W * SIDE_PICTURE_SHARE, H * aspect)), h: H };
    ops.push(...pictureOps(media, frame, palette));
    const textBox: Rect = { x: frame.w + inset, y: inset, w: W - frame.w - 2 * inset, h: H - 2 * inset };
    const [captionBox, creditBox] = credit ? split(textBox, 0.8) : [textBox, undefined];
    const caption = block(ctx, { role: 'caption', text: input.text, face: fontFace(700), fill: palette.caption, box: captionBox, maxLines: input.options?.maxLines ?? 3 });
    const blocks = [caption, ...creditBlock(ctx, credit, creditBox, palette, caption.sizePx)];
    return { safeArea: whole, ops: [...ops, ...textOps(blocks)], blocks };
  }

  const portrait = H > W;
  const bandH = Math.round(H * (portrait ? BAND_SHARE.portrait : BAND_SHARE.landscape));
  const frame: Rect = { x: 0, y: 0, w: W, h: H - bandH };
  ops.push(...pictureOps(media, frame, palette));
  const pad = Math.round(bandH * 0.1);
  const textBox: Rect = { x: inset, y: frame.h + pad, w: W - 2 * inset, h: bandH - 2 * pad };
  const [captionBox, creditBox] = credit ? split(textBox, 0.72) : [textBox, undefined];
  const caption = block(ctx, { role: 'caption', text: input.text, face: fontFace(700), fill: palette.caption, box: captionBox, maxLines: input.options?.maxLines ?? (portrait ? 3 : 2) });
  const blocks = [caption, ...creditBlock(ctx, credit, creditBox, palette, caption.sizePx)];
  return { safeArea: whole, ops: [...ops, ...textOps(blocks)], blocks };
}

/** The frame's mat, then the picture clipped to the part the focus crop shows. */
function pictureOps(media: SlideMedia, frame: Rect, palette: PicturePalette): DrawOp[] {
  const focus = media.kind === 'picture' ? (media.focus ?? WHOLE_PICTURE) : WHOLE_PICTURE;
  const crop = focusCrop(media, focus, frame);
  if (crop.dest.w <= 0 || crop.dest.h <= 0) return [{ kind: 'rect', ...frame, fill: palette.mat }];
  return [
    { kind: 'rect', ...frame, fill: palette.mat },
    { kind: 'image', imageId: media.id, ...placement(crop), clip: crop.dest },
  ];
}

function split(r: Rect, share: number): [Rect, Rect] {
  const h = r.h * share;
  return [
    { ...r, h },
    { ...r, y: r.y + h, h: r.h - h },
  ];
}

/** The credit, small and never larger than half the caption. */
function creditBlock(ctx: TemplateContext, credit: string, box: Rect | undefined, palette: PicturePalette, captionPx: number) {
  if (!box || !credit) return [];
  return [
    block(ctx, { role: 'credit', text: credit, face: fontFace(500), fill: palette.credit, box, align: 'right', maxSizePx: Math.max(6, captionPx * 0.5), minSizePx: 6 }),
  ];
}
