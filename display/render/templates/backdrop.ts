/** Phông hội trường: Party slogan on top, the congress title in a hierarchy, date and place. */
import { fontFace } from '../fonts.js';
import type { DrawOp } from '../layout-types.js';
import { normalizeText, uppercaseVi } from '../text/normalize.js';
import { COLORS, bands, block, ground, safeRect, textOps, type TemplateContext, type TemplateResult } from './common.js';

export const DEFAULT_BACKDROP_TOP_LINE = 'ĐẢNG CỘNG SẢN VIỆT NAM QUANG VINH MUÔN NĂM';

/** Relative sizes: the lead-in ("ĐẠI HỘI ĐẠI BIỂU") and the term line are smaller than the name. */
function hierarchy(lines: readonly string[]): number[] {
  if (lines.length === 1) return [1];
  return lines.map((line, k) => {
    if (/^NHIỆM KỲ/u.test(line) || (k === lines.length - 1 && lines.length > 2)) return 0.72;
    return k === 0 ? 0.78 : 1;
  });
}

export function backdropTemplate(ctx: TemplateContext): TemplateResult {
  const { input } = ctx;
  const { fields } = input;
  const safe = safeRect(input, Math.min(input.width, input.height) * 0.06);
  const [topBox, , titleBox, , dateBox] = bands(safe, [0.12, 0.05, 0.65, 0.05, 0.13]);
  const top = block(ctx, {
    role: 'top-line',
    text: uppercaseVi(fields.topLine ?? DEFAULT_BACKDROP_TOP_LINE),
    face: fontFace(700),
    fill: COLORS.yellow,
    box: topBox!,
    minSizePx: 4,
  });
  const titleLines = (fields.titleLines ?? []).map((l) => uppercaseVi(normalizeText(l))).filter((l) => l.length > 0);
  const title = block(ctx, {
    role: 'title',
    text: uppercaseVi(input.text),
    face: fontFace(800),
    fill: COLORS.yellow,
    box: titleBox!,
    maxLines: input.options?.maxLines ?? 3,
    pitchEm: 1.3,
    ...(titleLines.length > 0 ? { fixedLines: titleLines, lineScales: hierarchy(titleLines) } : {}),
  });
  const datePlace = block(ctx, {
    role: 'date-place',
    text: fields.datePlace ?? '',
    face: fontFace(500),
    fill: COLORS.white,
    box: dateBox!,
    maxSizePx: Math.max(4, title.sizePx * 0.55),
    minSizePx: 4,
  });
  const ops: DrawOp[] = [ground(input, COLORS.flagRed)];
  if (top.lines.length > 0) {
    const y = topBox!.y + topBox!.h + (titleBox!.y - topBox!.y - topBox!.h) / 2;
    const width = Math.max(1, Math.round(safe.h * 0.005));
    ops.push({ kind: 'line', x1: safe.x + safe.w * 0.35, y1: y, x2: safe.x + safe.w * 0.65, y2: y, width, stroke: COLORS.yellow });
  }
  const blocks = [top, title, datePlace];
  return { safeArea: safe, ops: [...ops, ...textOps(blocks)], blocks };
}
