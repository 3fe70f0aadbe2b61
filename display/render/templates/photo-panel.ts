/**
 * Pa nô ảnh (the plan's Đợt 3 exhibition): the title on top, then the photos in a balanced grid,
 * each aspect-fitted on a light mat with its caption under it, all captions at one size.
 */
import { fontFace } from '../fonts.js';
import type { DrawOp, Rect, TextBlockLayout } from '../layout-types.js';
import type { PanelPhoto } from '../slide.js';
import { uppercaseVi } from '../text/normalize.js';
import { COLORS, block, ground, safeRect, textOps, type TemplateContext, type TemplateResult } from './common.js';

export interface PhotoGrid {
  columns: number;
  rows: number;
}

/** Share of a cell's height kept for its caption (two lines), when any photo has one. */
const CAPTION_SHARE = 0.2;
/** Captions stay secondary: at most this share of the safe area's short side. */
const CAPTION_MAX_SHORT = 0.035;
/** Grid gutters and the mat round each photo, as shares of the safe area's short side. */
const GAP_SHORT = 0.03;
const MAT_SHORT = 0.006;

export function photoPanelTemplate(ctx: TemplateContext): TemplateResult {
  const { input } = ctx;
  const photos = input.fields.photos ?? [];
  const safe = safeRect(input, Math.min(input.width, input.height) * 0.05);
  const short = Math.min(safe.w, safe.h);
  const gap = short * GAP_SHORT;
  const hasTitle = input.text.length > 0;
  // Without photos the title is all there is: it takes the whole safe area.
  const titleShare = photos.length === 0 ? 1 : input.height > input.width ? 0.1 : 0.14;
  const titleBox: Rect = { ...safe, h: hasTitle ? safe.h * titleShare : 0 };
  const title = block(ctx, {
    role: 'title',
    text: uppercaseVi(input.text),
    face: fontFace(800),
    fill: COLORS.yellow,
    box: titleBox,
    maxLines: input.options?.maxLines ?? (photos.length === 0 ? 3 : 2),
    pitchEm: 1.25,
  });
  const top = hasTitle ? titleBox.y + titleBox.h + gap : safe.y;
  const area: Rect = { x: safe.x, y: top, w: safe.w, h: safe.y + safe.h - top };
  const captionShare = photos.some((p) => p.caption.length > 0) ? CAPTION_SHARE : 0;
  const aspects = photos.map(aspectOf);
  const grid = chooseGrid(aspects, area, gap, captionShare);
  const cells = gridCells(photos.length, grid, area, gap);
  const mat = Math.max(1, Math.round(short * MAT_SHORT));

  const pictureOps: DrawOp[] = [];
  const captionBoxes: Rect[] = [];
  cells.forEach((cell, k) => {
    const captionH = cell.h * captionShare;
    const picture = fitPicture(aspects[k]!, { ...cell, h: cell.h - captionH }, mat);
    if (picture) {
      pictureOps.push(
        { kind: 'rect', x: picture.x - mat, y: picture.y - mat, w: picture.w + 2 * mat, h: picture.h + 2 * mat, fill: COLORS.cream },
        { kind: 'image', imageId: photos[k]!.id, ...picture },
      );
    }
    // A little air between the mat and the caption's ink.
    const air = captionH * 0.08;
    captionBoxes.push({ x: cell.x, y: cell.y + cell.h - captionH + air, w: cell.w, h: captionH - air });
  });
  const captions = uniformCaptions(ctx, photos, captionBoxes, short * CAPTION_MAX_SHORT);
  const blocks = [title, ...captions];
  return { safeArea: safe, ops: [ground(input, COLORS.screenRed), ...pictureOps, ...textOps(blocks)], blocks };
}

/** Width over height; a photo without a usable size counts as square rather than breaking the grid. */
function aspectOf(p: PanelPhoto): number {
  return p.width > 0 && p.height > 0 && Number.isFinite(p.width / p.height) ? p.width / p.height : 1;
}

/**
 * The column count that shows the most photo area once every photo is aspect-fitted in its
 * cell (so the grid follows both the surface and the photos' shapes); on a near tie, the one
 * with fewer empty cells.
 */
export function chooseGrid(aspects: readonly number[], area: Rect, gap: number, captionShare = 0): PhotoGrid {
  const n = aspects.length;
  let best: PhotoGrid = { columns: Math.max(1, n), rows: n > 0 ? 1 : 0 };
  let bestScore = -1;
  let bestEmpty = Infinity;
  for (let columns = 1; columns <= n; columns++) {
    const rows = Math.ceil(n / columns);
    const w = (area.w - (columns - 1) * gap) / columns;
    const h = ((area.h - (rows - 1) * gap) / rows) * (1 - captionShare);
    if (w <= 0 || h <= 0) continue;
    const score = aspects.reduce((sum, a) => sum + Math.min(w / a, h) ** 2 * a, 0);
    const empty = rows * columns - n;
    if (score > bestScore * 1.001 || (score >= bestScore * 0.999 && empty < bestEmpty)) {
      best = { columns, rows };
      bestScore = score;
      bestEmpty = empty;
    }
  }
  return best;
}

/** Cells in reading order; a short last row is centred. */
function gridCells(n: number, grid: PhotoGrid, area: Rect, gap: number): Rect[] {
  const w = (area.w - (grid.columns - 1) * gap) / grid.columns;
  const h = (area.h - (grid.rows - 1) * gap) / Math.max(1, grid.rows);
  return Array.from({ length: n }, (_, k) => {
    const row = Math.floor(k / grid.columns);
    const inRow = Math.min(grid.columns, n - row * grid.columns);
    const left = area.x + (area.w - (inRow * w + (inRow - 1) * gap)) / 2;
    return { x: left + (k % grid.columns) * (w + gap), y: area.y + row * (h + gap), w, h };
  });
}

/**
 * The largest rectangle of the photo's aspect inside `box` less the mat, centred across and
 * standing on the box's bottom (so captions of a row line up), snapped inwards to whole pixels
 * so the picture's edges stay crisp. Undefined when nothing visible is left.
 */
function fitPicture(aspect: number, box: Rect, mat: number): Rect | undefined {
  const w = box.w - 2 * mat;
  const h = box.h - 2 * mat;
  if (w < 1 || h < 1) return undefined;
  const scale = Math.min(w / aspect, h);
  const fx = box.x + (box.w - scale * aspect) / 2;
  const fy = box.y + box.h - mat - scale;
  const x = Math.ceil(fx);
  const y = Math.ceil(fy);
  const right = Math.floor(fx + scale * aspect);
  const bottom = Math.floor(fy + scale);
  if (right - x < 1 || bottom - y < 1) return undefined;
  return { x, y, w: right - x, h: bottom - y };
}

/** Fits every caption, then fits them again capped at the smallest size so all read alike. */
function uniformCaptions(ctx: TemplateContext, photos: readonly PanelPhoto[], boxes: readonly Rect[], maxSizePx: number): TextBlockLayout[] {
  const fit = (k: number, cap: number) =>
    block(ctx, {
      role: `caption-${k + 1}`,
      text: photos[k]!.caption,
      face: fontFace(500),
      fill: COLORS.cream,
      box: boxes[k]!,
      maxLines: 2,
      vAlign: 'top',
      maxSizePx: cap,
      minSizePx: 6,
    });
  const first = boxes.map((_, k) => fit(k, maxSizePx));
  const sizes = first.filter((b) => b.lines.length > 0).map((b) => b.sizePx);
  if (sizes.length === 0) return first;
  const common = Math.min(...sizes);
  return first.map((b, k) => (b.lines.length === 0 || b.sizePx === common ? b : fit(k, common)));
}
