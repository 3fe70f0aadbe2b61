/**
 * The files picture and clip items show: photos (the photo store the print pages use) and clips
 * (POST /api/clips with the raw bytes; the server reads type, size and length from the container).
 * Also the panel's previews: pictures and clips fetched with the signed-in session from the
 * originals and decoded upright by EXIF as screens and the print show them; a few stay decoded, so
 * scrubbing back and forth does not fetch again.
 */
import type { z } from 'zod';
import type { MediaKind, PlaylistMedia } from '../../server/protocol/media.js';
import { ClipListSchema, ClipSchema, type Clip } from '../../server/media/clip-protocol.js';
import { ApiError, failure, request } from './http.js';

export async function fetchClips(): Promise<Clip[]> {
  return (await request('GET', '/api/clips', ClipListSchema)).clips;
}

export function uploadClip(file: Blob): Promise<Clip> {
  return uploadRaw('/api/clips', file, ClipSchema);
}

/** Where the panel reads a file's bytes: the original, for the approver's preview. */
export function mediaUrl(kind: MediaKind, id: string): string {
  return kind === 'picture' ? `/api/photos/${id}` : `/api/clips/${id}`;
}

/** The file's bytes as the raw body: the server reads the type from the bytes, never from the name. */
export async function uploadRaw<S extends z.ZodType>(path: string, file: Blob, schema: S): Promise<z.infer<S>> {
  const res = await fetch(path, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { Accept: 'application/json', 'Content-Type': 'application/octet-stream' },
    body: file,
  });
  const json: unknown = await res.json().catch(() => undefined);
  if (!res.ok) throw failure(res, json, path);
  return schema.parse(json);
}

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
