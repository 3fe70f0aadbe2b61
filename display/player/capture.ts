import { CAPTURE_MAX_JPEG_BYTES, CAPTURE_MAX_SIDE } from '../../server/protocol/messages.js';

/** Tried in turn until the JPEG fits the limit: a busy 4K slide needs less quality than a plain one. */
const QUALITIES = [0.7, 0.5, 0.35];

/**
 * A small JPEG (base64) of what the visible canvas shows now, scaled down to at most
 * CAPTURE_MAX_SIDE px a side and under CAPTURE_MAX_JPEG_BYTES; undefined if no quality fits.
 */
export function captureCanvas(source: HTMLCanvasElement): string | undefined {
  const scale = Math.min(1, CAPTURE_MAX_SIDE / Math.max(source.width, source.height));
  const small = document.createElement('canvas');
  small.width = Math.max(1, Math.round(source.width * scale));
  small.height = Math.max(1, Math.round(source.height * scale));
  small.getContext('2d')!.drawImage(source, 0, 0, small.width, small.height);
  for (const quality of QUALITIES) {
    const base64 = small.toDataURL('image/jpeg', quality).slice('data:image/jpeg;base64,'.length);
    if ((base64.length * 3) / 4 <= CAPTURE_MAX_JPEG_BYTES) return base64;
  }
  return undefined;
}
