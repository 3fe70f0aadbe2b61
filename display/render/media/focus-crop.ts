/**
 * Which part of a picture a frame shows. Pictures are never stretched (one scale for both axes)
 * and may be cropped to fill their frame, but only outside the focus box the approver saw: every
 * point of the box stays visible. When the box cannot stay whole at the scale that fills the
 * frame (a tall box in a wide frame), the box is fitted instead and the frame keeps a border of
 * the layout's ground beside the picture.
 */
import type { Rect } from '../layout-types.js';

/** The part of a picture that must stay visible, as fractions of its upright width and height. */
export interface FocusBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const WHOLE_PICTURE: FocusBox = { x: 0, y: 0, width: 1, height: 1 };

export interface FocusCrop {
  /** The part of the picture shown, as fractions of its width and height. */
  source: Rect;
  /** Where that part lands in the frame, at one scale for both axes; within the frame. */
  dest: Rect;
}

/** Start of a window of length `win` on an axis of length `len` that keeps [fStart, fStart+fLen] inside it, centred on it where it can. */
function windowStart(len: number, win: number, fStart: number, fLen: number): number {
  const lo = Math.max(0, fStart + fLen - win);
  const hi = Math.min(len - win, fStart);
  return Math.min(hi, Math.max(lo, fStart + fLen / 2 - win / 2));
}

/**
 * The crop of a picture of `width` × `height` px that fills `frame` (cover) as far as the focus
 * box allows. Empty (zero-size) when the picture or the frame has no area.
 */
export function focusCrop(picture: { width: number; height: number }, focus: FocusBox, frame: Rect): FocusCrop {
  const pw = picture.width;
  const ph = picture.height;
  if (!(pw > 0 && ph > 0 && frame.w > 0 && frame.h > 0)) return { source: { x: 0, y: 0, w: 0, h: 0 }, dest: { ...frame, w: 0, h: 0 } };
  const box = clampFocus(focus);
  const fx = box.x * pw;
  const fy = box.y * ph;
  const fw = box.width * pw;
  const fh = box.height * ph;
  const cover = Math.max(frame.w / pw, frame.h / ph);
  const fitBox = Math.min(frame.w / fw, frame.h / fh);
  const scale = Math.min(cover, fitBox);
  const axis = (len: number, frameStart: number, frameLen: number, fStart: number, fLen: number) => {
    const win = frameLen / scale;
    if (win >= len) {
      // The whole axis shows: centre the picture in the frame.
      // Rounding can leave a sliver of 1e-13 px where the picture exactly fills the frame.
      const destLen = frameLen - len * scale < 1e-6 ? frameLen : len * scale;
      return { s: 0, sLen: len, d: frameStart + (frameLen - destLen) / 2, dLen: destLen };
    }
    return { s: windowStart(len, win, fStart, fLen), sLen: win, d: frameStart, dLen: frameLen };
  };
  const ax = axis(pw, frame.x, frame.w, fx, fw);
  const ay = axis(ph, frame.y, frame.h, fy, fh);
  return {
    source: { x: ax.s / pw, y: ay.s / ph, w: ax.sLen / pw, h: ay.sLen / ph },
    dest: { x: ax.d, y: ay.d, w: ax.dLen, h: ay.dLen },
  };
}

/** Where the whole picture lies (partly outside the frame) when its `source` part lands on `dest`. */
export function placement(crop: FocusCrop): Rect {
  const { source, dest } = crop;
  if (source.w <= 0 || source.h <= 0) return { ...dest, w: 0, h: 0 };
  const w = dest.w / source.w;
  const h = dest.h / source.h;
  return { x: dest.x - source.x * w, y: dest.y - source.y * h, w, h };
}

/** A box from the wire kept inside the picture, never empty (a stored box is validated; this guards the maths). */
function clampFocus(f: FocusBox): FocusBox {
  const x = Math.min(1, Math.max(0, f.x));
  const y = Math.min(1, Math.max(0, f.y));
  const width = Math.min(1 - x, Math.max(f.width, 1e-6));
  const height = Math.min(1 - y, Math.max(f.height, 1e-6));
  return width > 0 && height > 0 ? { x, y, width, height } : WHOLE_PICTURE;
}
