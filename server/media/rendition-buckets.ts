/**
 * Which rendition of a picture a screen gets: pure. A bucket is a long side in pixels; a screen
 * gets the smallest bucket that covers its own long side (a 1080p screen 1920, a 4K one 3840), so
 * whichever way round the screen and the picture are, the picture fills the screen at full
 * sharpness and never more. A picture smaller than its bucket keeps its own size: never upscaled.
 */
export const RENDITION_BUCKETS = [1280, 1920, 2560, 3840] as const;
export type RenditionBucket = (typeof RENDITION_BUCKETS)[number];

export interface PixelSize {
  width: number;
  height: number;
}

export function bucketFor(screen: PixelSize): RenditionBucket {
  const long = Math.max(screen.width, screen.height);
  return RENDITION_BUCKETS.find((b) => b >= long) ?? RENDITION_BUCKETS[RENDITION_BUCKETS.length - 1]!;
}

/** The rendition's size: the upright picture scaled so its long side is at most the bucket, its proportions kept. */
export function renditionSize(upright: PixelSize, bucket: RenditionBucket): PixelSize {
  const scale = Math.min(1, bucket / Math.max(upright.width, upright.height));
  if (scale === 1) return { width: upright.width, height: upright.height };
  return { width: Math.max(1, Math.round(upright.width * scale)), height: Math.max(1, Math.round(upright.height * scale)) };
}
