/**
 * A photo panel's pictures for print. Each file is checked against its id (the SHA-256 of its
 * bytes) before it is decoded, so what prints is provably what was uploaded. Each is drawn upright
 * by its EXIF orientation, as the control panel's preview shows it (server/photos/exif.ts).
 * PDF: every original, decoded once at full resolution.
 * PNG: a picture is decoded when the first strip crossing it is drawn, turned and scaled once to
 * its whole-pixel rectangle and dropped when the strips have passed it; memory holds one grid row
 * of pictures, never the whole panel, and every strip copies the same scaled pixels, so strips join.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createCanvas, type Canvas, type Image } from 'canvas';
import type { ImageLookup, ImageSource } from '../../display/render/index.js';
import { displayedSize, readOrientation, type Orientation } from '../photos/exif.js';
import { decodeStored } from '../photos/validate.js';
import type { PageArt, PanelPhotoFile } from './artwork.js';
import { PrintError } from './errors.js';

interface Decoded {
  /** The pixels as stored. */
  image: Image;
  orientation: Orientation;
}

/** Reads and decodes one photo; refuses a file that is missing or not the bytes its id names. */
async function decodePhoto(photo: PanelPhotoFile): Promise<Decoded> {
  let bytes: Buffer;
  try {
    bytes = await readFile(photo.file);
  } catch {
    throw new PrintError('unknown-photo', `Không còn tệp ảnh ${photo.id.slice(0, 12)}… trên máy chủ`, `photo file ${photo.id} is missing`);
  }
  if (createHash('sha256').update(bytes).digest('hex') !== photo.id) {
    throw new PrintError('unknown-photo', `Tệp ảnh ${photo.id.slice(0, 12)}… đã bị thay đổi; không in`, `photo file ${photo.id} does not match its SHA-256`);
  }
  return { image: await decodeStored(bytes), orientation: readOrientation(bytes) };
}

/** One photo upright at its own resolution; an upright one stays the decoded Image, with no copy. */
export async function readPhoto(photo: PanelPhotoFile): Promise<Image | Canvas> {
  const { image, orientation } = await decodePhoto(photo);
  if (orientation === 1) return image;
  const { width, height } = displayedSize(image, orientation);
  return upright(image, orientation, width, height);
}

/** Every photo decoded, for a PDF page. */
export async function loadPhotos(photos: readonly PanelPhotoFile[]): Promise<ImageLookup> {
  const images = new Map<string, ImageSource>();
  for (const photo of photos) images.set(photo.id, await readPhoto(photo));
  return (id) => images.get(id);
}

interface Placed {
  photo: PanelPhotoFile;
  /** Page pixels. */
  top: number;
  bottom: number;
  w: number;
  h: number;
}

/** The pictures of one PNG page, loaded and released strip by strip. */
export class StripPhotos {
  private readonly placed: Placed[];
  private readonly loaded = new Map<string, Canvas>();
  readonly lookup: ImageLookup = (id) => this.loaded.get(id);

  constructor(art: Pick<PageArt, 'page' | 'layout'>, photos: readonly PanelPhotoFile[]) {
    const byId = new Map(photos.map((p) => [p.id, p]));
    this.placed = art.layout.ops.flatMap((op) => {
      const photo = op.kind === 'image' ? byId.get(op.imageId) : undefined;
      if (!photo || op.kind !== 'image') return [];
      const top = art.page.art.y + op.y;
      return [{ photo, top, bottom: top + op.h, w: op.w, h: op.h }];
    });
  }

  /** Before drawing rows [top, bottom): the pictures they cross are ready, those above are freed. */
  async prepare(top: number, bottom: number): Promise<void> {
    for (const p of this.placed) {
      if (p.bottom <= top) this.loaded.delete(p.photo.id);
      else if (p.top < bottom && !this.loaded.has(p.photo.id)) {
        const { image, orientation } = await decodePhoto(p.photo);
        this.loaded.set(p.photo.id, upright(image, orientation, p.w, p.h));
      }
    }
  }
}

/**
 * Per orientation, the transform [a, b, c, d, e, f] from stored pixels to upright ones, e and f in
 * units of the upright width and height (EXIF 2.3, tag 0x0112; 5–8 swap the axes).
 */
const UPRIGHT: Record<Orientation, readonly [number, number, number, number, number, number]> = {
  1: [1, 0, 0, 1, 0, 0],
  2: [-1, 0, 0, 1, 1, 0],
  3: [-1, 0, 0, -1, 1, 1],
  4: [1, 0, 0, -1, 0, 1],
  5: [0, 1, 1, 0, 0, 0],
  6: [0, 1, -1, 0, 1, 0],
  7: [0, -1, -1, 0, 1, 1],
  8: [0, -1, 1, 0, 0, 1],
};

/** The picture upright in exactly w × h pixels: turned and scaled in one draw; strips then copy it 1:1. */
function upright(image: Image, orientation: Orientation, w: number, h: number): Canvas {
  const canvas = createCanvas(w, h);
  const ctx = canvas.getContext('2d');
  // Cairo's best filter averages the source pixels when shrinking; the default one skips them.
  ctx.quality = 'best';
  const [a, b, c, d, e, f] = UPRIGHT[orientation];
  ctx.transform(a, b, c, d, e * w, f * h);
  const turned = orientation >= 5;
  ctx.drawImage(image, 0, 0, turned ? h : w, turned ? w : h);
  return canvas;
}
