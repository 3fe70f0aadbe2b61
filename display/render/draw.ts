import type { DrawingContext, FontFace, ImageLookup, TextMeasurer } from './types.js';
import type { DrawOp, Layout } from './layout-types.js';
import { fontCss } from './fonts.js';

/** Where a picture is missing or cannot be drawn: a flat mid grey, never an error. */
export const IMAGE_PLACEHOLDER_FILL = '#8C8C8C';

/**
 * The one draw loop. Leaves the caller's transform alone (print draws strips after
 * ctx.translate(0, -stripTop)) and paints every op in order, so strips join without seams.
 * `images` resolves image ops to decoded pictures (node-canvas Image, browser ImageBitmap).
 */
export function drawLayout(ctx: DrawingContext, layout: Layout, images?: ImageLookup): void {
  ctx.save();
  ctx.textAlign = 'left';
  ctx.textBaseline = 'alphabetic';
  for (const op of layout.ops) drawOp(ctx, op, images);
  ctx.restore();
}

function drawOp(ctx: DrawingContext, op: DrawOp, images: ImageLookup | undefined): void {
  switch (op.kind) {
    case 'image': {
      const image = images?.(op.imageId);
      if (op.clip) {
        ctx.save();
        ctx.beginPath();
        ctx.rect(op.clip.x, op.clip.y, op.clip.w, op.clip.h);
        ctx.clip();
      }
      if (!image || !tryDrawImage(ctx, image, op)) {
        ctx.fillStyle = IMAGE_PLACEHOLDER_FILL;
        ctx.fillRect(op.x, op.y, op.w, op.h);
      }
      if (op.clip) ctx.restore();
      return;
    }
    case 'rect':
      ctx.fillStyle = op.fill;
      ctx.fillRect(op.x, op.y, op.w, op.h);
      return;
    case 'text':
      if (op.clip) {
        ctx.save();
        ctx.beginPath();
        ctx.rect(op.clip.x, op.clip.y, op.clip.w, op.clip.h);
        ctx.clip();
      }
      ctx.font = fontCss(op.face, op.sizePx);
      ctx.fillStyle = op.fill;
      ctx.fillText(op.text, op.x, op.y);
      if (op.clip) ctx.restore();
      return;
    case 'star':
      ctx.fillStyle = op.fill;
      ctx.beginPath();
      for (let k = 0; k < 10; k++) {
        const r = k % 2 === 0 ? op.outerR : op.innerR;
        const a = -Math.PI / 2 + (k * Math.PI) / 5;
        const x = op.cx + r * Math.cos(a);
        const y = op.cy + r * Math.sin(a);
        if (k === 0) ctx.moveTo(x, y);
        else ctx.lineTo(x, y);
      }
      ctx.closePath();
      ctx.fill();
      return;
    case 'line':
      ctx.strokeStyle = op.stroke;
      ctx.lineWidth = op.width;
      ctx.beginPath();
      ctx.moveTo(op.x1, op.y1);
      ctx.lineTo(op.x2, op.y2);
      ctx.stroke();
      return;
  }
}

/**
 * A screen must keep showing the rest of the slide when one picture fails: a browser throws for
 * a closed ImageBitmap, node-canvas for an Image whose decoding failed.
 */
function tryDrawImage(ctx: DrawingContext, image: object, op: Extract<DrawOp, { kind: 'image' }>): boolean {
  try {
    ctx.drawImage(image, op.x, op.y, op.w, op.h);
    return true;
  } catch {
    return false;
  }
}

/** A TextMeasurer over any 2D context: ink from actualBoundingBoxAscent/Descent. */
export function contextMeasurer(ctx: DrawingContext): TextMeasurer {
  return {
    measure(text: string, face: FontFace, sizePx: number) {
      const font = fontCss(face, sizePx);
      if (ctx.font !== font) ctx.font = font;
      const m = ctx.measureText(text);
      return { width: m.width, ascent: m.actualBoundingBoxAscent, descent: m.actualBoundingBoxDescent, right: m.actualBoundingBoxRight };
    },
  };
}
