/** Uploaded photos for photo panels: list, upload, and pictures decoded for the print preview. */
import { PhotoListSchema, PhotoSchema, type Photo } from '../../server/photos/protocol.js';
import { ApiError, request } from './http.js';
import { uploadRaw } from './media.js';

export async function fetchPhotos(): Promise<Photo[]> {
  return (await request('GET', '/api/photos', PhotoListSchema)).photos;
}

/** The file's bytes as the raw body, the caption in the query: the server reads the type from the bytes. */
export function uploadPhoto(file: Blob, caption: string): Promise<Photo> {
  const query = caption.trim() ? `?caption=${encodeURIComponent(caption)}` : '';
  return uploadRaw(`/api/photos${query}`, file, PhotoSchema);
}

/**
 * A photo decoded for canvas drawing, upright by its EXIF orientation as the print is (and as the
 * photo's recorded width and height are); the URL is content-addressed, so the browser caches it for good.
 */
export async function loadPhotoBitmap(photo: Photo): Promise<ImageBitmap> {
  const res = await fetch(photo.url, { credentials: 'same-origin' });
  if (!res.ok) throw new ApiError(res.status, `HTTP ${res.status}`);
  return createImageBitmap(await res.blob(), { imageOrientation: 'from-image' });
}
