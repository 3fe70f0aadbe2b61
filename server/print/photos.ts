/**
 * A photo panel's pictures for print. Each file is checked against its id (the SHA-256 of its
 * bytes) before it is decoded, so what prints is provably what was uploaded.
 * PDF: every original, decoded once (node-canvas embeds a JPEG's own bytes in the PDF).
 * PNG: a picture is decoded when the first strip crossing it is drawn, scaled once to its whole-
 * pixel rectangle and dropped when the strips have passed it; memory holds one grid row of
 * pictures, never the whole panel, and every strip copies the same scaled pixels, so strips join.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createCanvas, loadImage, type Canvas, type Image } from 'canvas';
import type { ImageLookup, ImageSource } from '../../display/render/index.js';
import type { PageArt, PanelPhotoFile } from './artwork.js';
import { PrintError } from './errors.js';

/** Reads and decodes one photo; refuses a file that is missing or not the bytes its id names. */
export async function readPhoto(photo: PanelPhotoFile): Promise<Image> {
  let bytes: Buffer;
  try {
    bytes = await readFile(photo.file);
  } catch {
    throw new PrintError('unknown-photo', `Không còn tệp ảnh ${photo.id.slice(0, 12)}… trên máy chủ`, `photo file ${photo.id} is missing`);
  }
  if (createHash('sha256').update(bytes).digest('hex') !== photo.id) {
    throw new PrintError('unknown-photo', `Tệp ảnh ${photo.id.slice(0, 12)}… đã bị thay đổi; không in`, `photo file ${photo.id} does not match its SHA-256`);
  }
  return loadImage(bytes);
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
      else if (p.top < bottom && !this.loaded.has(p.photo.id)) this.loaded.set(p.photo.id, scaled(await readPhoto(p.photo), p.w, p.h));
    }
  }
}

/** The picture at exactly its printed size: strips then copy pixels 1:1, never resample. */
function scaled(image: Image, w: number, h: number): Canvas {
  const canvas = createCanvas(w, h);
  const ctx = canvas.getContext('2d');
  // Cairo's best filter averages the source pixels when shrinking; the default one skips them.
  ctx.quality = 'best';
  ctx.drawImage(image, 0, 0, w, h);
  return canvas;
}
