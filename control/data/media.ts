/**
 * Pictures and clips for the panel's previews, fetched with the signed-in session from the
 * originals (GET /api/photos/:id, /api/clips/:id) and decoded upright by EXIF as screens and the
 * print show them. A few stay decoded, so scrubbing back and forth does not fetch again.
 */
import type { PlaylistMedia } from '../../server/protocol/media.js';
import { ApiError } from './http.js';

/** Decoded frames kept (a 4K picture is ~33 MB decoded): enough for a preview grid and a scrubber. */
const KEPT = 12;
const frames = new Map<string, Promise<ImageBitmap>>();

/**
 * A still of the picture, or of the clip's first frame (what a screen shows as the clip's slot
 * begins), ready to draw with display/render.
 */
export function mediaFrame(media: Pick<PlaylistMedia, 'kind' | 'id'>): Promise<ImageBitmap> {
  const key = `${media.kind}:${media.id}`;
  let frame = frames.get(key);
  if (frame) {
    // Most recently used last: the Map's order is the eviction order.
    frames.delete(key);
    frames.set(key, frame);
    return frame;
  }
  frame = media.kind === 'picture' ? pictureFrame(media.id) : clipFrame(media.id);
  frames.set(key, frame);
  frame.catch(() => frames.delete(key));
  while (frames.size > KEPT) {
    const [oldest, evicted] = frames.entries().next().value!;
    frames.delete(oldest);
    void evicted.then((b) => b.close()).catch(() => undefined);
  }
  return frame;
}

async function pictureFrame(id: string): Promise<ImageBitmap> {
  const res = await fetch(`/api/photos/${encodeURIComponent(id)}`, { credentials: 'same-origin' });
  if (!res.ok) throw new ApiError(res.status, `HTTP ${res.status}`);
  return createImageBitmap(await res.blob(), { imageOrientation: 'from-image' });
}

/** The clip's first frame, from a muted <video> that is let go as soon as the frame is taken. */
function clipFrame(id: string): Promise<ImageBitmap> {
  const video = document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  video.preload = 'auto';
  const release = () => {
    video.removeAttribute('src');
    video.load();
  };
  return new Promise<ImageBitmap>((resolve, reject) => {
    video.addEventListener('loadeddata', () => createImageBitmap(video).then(resolve, reject), { once: true });
    video.addEventListener('error', () => reject(new ApiError(0, 'Không mở được đoạn phim · The clip could not be opened')), { once: true });
    video.src = `/api/clips/${encodeURIComponent(id)}`;
  }).finally(release);
}
