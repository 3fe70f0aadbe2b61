/**
 * Renditions: a stored picture scaled for one screen size bucket (rendition-buckets.ts), upright,
 * as WebP, made once and then served from DATA_DIR/renditions/<sha256 of the rendition>.webp, its
 * row in photo_renditions saying which one a photo has for a bucket.
 *
 * sharp (libvips) does the work on libuv's threadpool, off the event loop; one rendition is made
 * at a time, two requests for the same one share the work, and libvips' cache is off so a 50 MP
 * original leaves nothing behind. The original is checked against its id (its SHA-256) first.
 * The picture is turned by Pano's own reading of the EXIF orientation (server/photos/exif.ts, the
 * rule of Chromium's decoders, which print and the panel's preview follow), not libvips': sharp
 * is told the turn and the mirror explicitly and the output carries no EXIF, so a screen shows
 * exactly what the approver saw.
 */
import { webcrypto } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import sharp, { type OutputInfo, type Sharp } from 'sharp';
import type { Queryable } from '../db/engine.js';
import type { PhotoRepository } from '../db/photo-repository.js';
import { RenditionRepository } from '../db/rendition-repository.js';
import { displayedSize, readOrientation, type Orientation } from '../photos/exif.js';
import { PhotoFiles } from '../photos/files.js';
import { PHOTO_LIMITS } from '../photos/validate.js';
import { bucketFor, renditionSize, type PixelSize, type RenditionBucket } from './rendition-buckets.js';

export interface Rendition {
  /** SHA-256 of the rendition's bytes: what a screen verifies and proof of play records. */
  sha256: string;
  width: number;
  height: number;
  bytes: number;
  bucket: RenditionBucket;
  /** The file, DATA_DIR/renditions/<sha256>.webp. */
  path: string;
  mime: 'image/webp';
}

/** No rendition can be made: the photo is unknown, or its file is missing or not the bytes its id names. */
export class RenditionError extends Error {
  constructor(readonly reason: 'unknown-photo' | 'missing-file' | 'changed-file' | 'undecodable') {
    super(`no rendition: ${reason}`);
  }
}

/** WebP quality: photographs at screen size, where 82 shows no artefacts from across a hall. */
const WEBP_QUALITY = 82;

/** The EXIF orientation as sharp operations on the stored pixels; sharp mirrors (flop) before it rotates. */
export function orient(image: Sharp, orientation: Orientation): Sharp {
  const mirrored = orientation === 2 || orientation === 4 || orientation === 5 || orientation === 7;
  const degrees = { 1: 0, 2: 0, 3: 180, 4: 180, 5: 270, 6: 90, 7: 90, 8: 270 }[orientation];
  return (mirrored ? image.flop() : image).rotate(degrees);
}

export class Renditions {
  private readonly records: RenditionRepository;
  private readonly files: PhotoFiles;
  private readonly pending = new Map<string, Promise<Rendition>>();
  private busy = false;
  private readonly waiting: (() => void)[] = [];

  constructor(
    q: Queryable,
    private readonly photos: Pick<PhotoRepository, 'find'>,
    private readonly originals: Pick<PhotoFiles, 'pathFor'>,
    dir: string,
  ) {
    this.records = new RenditionRepository(q);
    // Content-addressed and written whole, like the originals.
    this.files = new PhotoFiles(dir);
    sharp.cache(false);
  }

  /** The rendition of photo `photoId` for a screen of this size, made now if it does not exist yet. */
  async renditionFor(photoId: string, screen: PixelSize): Promise<Rendition> {
    const bucket = bucketFor(screen);
    const known = await this.records.find(photoId, bucket);
    if (known && this.files.exists(known.sha256, 'image/webp')) return this.toRendition(known.sha256, known, bucket);
    const key = `${photoId}/${bucket}`;
    let made = this.pending.get(key);
    if (!made) {
      made = this.oneAtATime(() => this.make(photoId, bucket)).finally(() => this.pending.delete(key));
      this.pending.set(key, made);
    }
    return made;
  }

  /**
   * Removes rendition files no photo uses any more (after a photo is deleted); returns how many.
   * In turn with making renditions: a file written but whose row is not stored yet is never taken
   * for an unused one.
   */
  removeUnused(): Promise<number> {
    return this.oneAtATime(async () => {
      const used = await this.records.hashesInUse();
      let removed = 0;
      for (const name of this.files.list()) {
        const sha = name.replace(/\.webp$/, '');
        if (!used.has(sha)) {
          this.files.remove(sha, 'image/webp');
          removed++;
        }
      }
      return removed;
    });
  }

  private async make(photoId: string, bucket: RenditionBucket): Promise<Rendition> {
    const photo = await this.photos.find(photoId);
    if (!photo) throw new RenditionError('unknown-photo');
    let original: Buffer;
    try {
      original = await readFile(this.originals.pathFor(photo.id, photo.mime));
    } catch {
      throw new RenditionError('missing-file');
    }
    if ((await sha256Hex(original)) !== photo.id) throw new RenditionError('changed-file');
    // A WebP's orientation is 1: one carrying another is refused at upload (photos/validate.ts).
    const orientation = photo.mime === 'image/webp' ? 1 : readOrientation(original);
    let data: Buffer;
    let info: OutputInfo;
    try {
      const input = sharp(original, { limitInputPixels: PHOTO_LIMITS.maxPixels, failOn: 'error' });
      const stored = await input.metadata();
      const size = renditionSize(displayedSize({ width: stored.width, height: stored.height }, orientation), bucket);
      // Scaled as stored, then turned: turning the smaller picture took a third less memory and time
      // for a 50 MP phone photo (test/bench/renditions.bench.ts). Stored sides are the shown ones swapped for 5–8.
      const scaled = displayedSize(size, orientation);
      ({ data, info } = await orient(input.resize(scaled.width, scaled.height, { fit: 'fill' }), orientation)
        .webp({ quality: WEBP_QUALITY })
        .toBuffer({ resolveWithObject: true }));
    } catch {
      // Checked at upload, so this is a file damaged since: answered as a missing picture, not a server fault.
      throw new RenditionError('undecodable');
    }
    const sha256 = await sha256Hex(data);
    const record = { photoId, bucket, sha256, width: info.width, height: info.height, bytes: data.length };
    // The file first, then its row; removeUnused waits its turn behind this, so it never sees one
    // without the other. A row whose file went missing anyway is made again (renditionFor checks).
    if (!this.files.exists(sha256, 'image/webp')) this.files.write(sha256, 'image/webp', data);
    await this.records.save(record, new Date());
    return this.toRendition(sha256, record, bucket);
  }

  private toRendition(sha256: string, size: { width: number; height: number; bytes: number }, bucket: RenditionBucket): Rendition {
    return { sha256, width: size.width, height: size.height, bytes: size.bytes, bucket, path: this.files.pathFor(sha256, 'image/webp'), mime: 'image/webp' };
  }

  private async oneAtATime<T>(work: () => Promise<T>): Promise<T> {
    // A finished rendition hands its turn straight to the next in line.
    if (this.busy) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.busy = true;
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.busy = false;
    }
  }
}

/** SHA-256 on the threadpool (WebCrypto's digest is asynchronous): a 15 MB original does not stall the event loop. */
async function sha256Hex(bytes: Uint8Array): Promise<string> {
  return Buffer.from(await webcrypto.subtle.digest('SHA-256', bytes)).toString('hex');
}
