import path from 'node:path';
import type { MediaFile, PlaylistMedia } from '../protocol/media.js';
import type { ClipRepository } from '../db/clip-repository.js';
import type { ClipFiles } from './clip-files.js';
import { RenditionError, type Renditions } from './renditions.js';

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
 * Pictures as the WebP rendition for the screen's size bucket (made once, off the event loop);
 * clips as uploaded (checked at upload: codec, length and frame size fit every screen), named by
 * their own hash.
 */
export function screenRenditions(
  pictures: Pick<Renditions, 'renditionFor'>,
  clips: Pick<ClipRepository, 'find'>,
  clipFiles: Pick<ClipFiles, 'pathFor'>,
): RenditionSource {
  return {
    renditionFor: async (media, screen) => {
      if (media.kind === 'clip') {
        const clip = clips.find(media.id);
        if (!clip) return undefined;
        return { sha256: clip.id, mime: clip.mime, bytes: clip.bytes, width: clip.width, height: clip.height, path: path.resolve(clipFiles.pathFor(clip.id, clip.container)) };
      }
      try {
        const r = await pictures.renditionFor(media.id, screen);
        return { sha256: r.sha256, mime: r.mime, bytes: r.bytes, width: r.width, height: r.height, path: path.resolve(r.path) };
      } catch (err) {
        // An unknown or damaged original: the screen plays the next item in its slot.
        if (err instanceof RenditionError) return undefined;
        throw err;
      }
    },
  };
}
