/**
 * The media files of one Pano data directory, opened once per server: photos' originals
 * (DATA_DIR/photos), clips (DATA_DIR/clips) with their upload places and probing thread, and
 * pictures' renditions for screens (DATA_DIR/renditions). `screenFile` is what a screen is sent
 * for a picture or clip: a picture's rendition for its size, a clip as uploaded (never transcoded).
 */
import path from 'node:path';
import type { Queryable } from '../db/engine.js';
import { ClipRepository } from '../db/clip-repository.js';
import { PhotoRepository } from '../db/photo-repository.js';
import { PhotoFiles } from '../photos/files.js';
import { UploadGate, type UploadLimits } from '../photos/upload-gate.js';
import type { MediaKind } from '../protocol/media.js';
import { ClipFiles } from './clip-files.js';
import { ClipProber } from './clip-probe.js';
import type { PixelSize } from './rendition-buckets.js';
import { Renditions } from './renditions.js';

/** Clip uploads in flight: each holds up to 100 MB of disk and a probe, so fewer than photos. */
export const CLIP_UPLOAD_LIMITS: UploadLimits = { perUser: 1, overall: 2, decodeConcurrency: 1, retryAfterSeconds: 10 };

/** What a clip upload needs beside the database: its files, the upload places and the probing thread. */
export interface ClipUploads {
  files: ClipFiles;
  gate: UploadGate;
  prober: ClipProber;
}

/** A file as a screen gets it, named by the SHA-256 of its bytes, which the screen verifies. */
export interface ScreenFile {
  sha256: string;
  mime: 'image/webp' | 'video/webm' | 'video/mp4';
  bytes: number;
  width: number;
  height: number;
  /** Where the bytes are on the server's disk. */
  path: string;
}

export interface MediaLibrary {
  photos: PhotoRepository;
  photoFiles: PhotoFiles;
  clips: ClipRepository;
  clipUploads: ClipUploads;
  renditions: Renditions;
  /** The file a screen of this size shows for the picture or clip `id`; undefined for an unknown one. */
  screenFile(kind: MediaKind, id: string, screen: PixelSize): Promise<ScreenFile | undefined>;
}

/** `q`: the engine's root (`engine.db`); `dataDir`: DATA_DIR, where the files live whichever engine holds the rows. */
export function openMediaLibrary(q: Queryable, dataDir: string): MediaLibrary {
  const photos = new PhotoRepository(q);
  const photoFiles = new PhotoFiles(path.join(dataDir, 'photos'));
  const clips = new ClipRepository(q);
  const clipFiles = new ClipFiles(path.join(dataDir, 'clips'));
  const renditions = new Renditions(q, photos, photoFiles, path.join(dataDir, 'renditions'));
  return {
    photos,
    photoFiles,
    clips,
    clipUploads: { files: clipFiles, gate: new UploadGate(CLIP_UPLOAD_LIMITS), prober: new ClipProber() },
    renditions,
    async screenFile(kind, id, screen) {
      if (kind === 'picture') {
        if (!(await photos.find(id))) return undefined;
        const { sha256, mime, bytes, width, height, path: file } = await renditions.renditionFor(id, screen);
        return { sha256, mime, bytes, width, height, path: file };
      }
      const clip = await clips.find(id);
      return clip && { sha256: clip.id, mime: clip.mime, bytes: clip.bytes, width: clip.width, height: clip.height, path: clipFiles.pathFor(clip.id, clip.container) };
    },
  };
}
