import path from 'node:path';
import type { MediaFile, PlaylistMedia } from '../protocol/media.js';
import type { PhotoRepository } from '../db/photo-repository.js';
import type { PhotoFiles } from '../photos/files.js';

/** A file a screen may be sent: bytes on the server's disk, named by their SHA-256. */
export interface Rendition {
  sha256: string;
  mime: MediaFile['mime'];
  bytes: number;
  width: number;
  height: number;
  path: string;
}

/** Where renditions come from: the rendition of an original for a screen of a given size. */
export interface RenditionSource {
  /** Undefined when the original is not on the server (a screen then skips its slot). */
  renditionFor(media: PlaylistMedia, screen: { width: number; height: number }): Promise<Rendition | undefined>;
}

/**
 * The stored photo itself, whatever the screen: content-addressed (its id is the SHA-256 of its
 * bytes), so it names itself as a rendition. Used until renditions per screen size are built.
 */
export function storedPhotos(photos: Pick<PhotoRepository, 'find'>, files: Pick<PhotoFiles, 'pathFor'>): RenditionSource {
  return {
    renditionFor: async (media) => {
      if (media.kind !== 'picture') return undefined;
      const photo = photos.find(media.id);
      if (!photo) return undefined;
      return { sha256: photo.id, mime: photo.mime, bytes: photo.bytes, width: photo.width, height: photo.height, path: path.resolve(files.pathFor(photo.id, photo.mime)) };
    },
  };
}
