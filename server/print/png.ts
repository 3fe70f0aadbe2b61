/**
 * PNG of any size in bounded memory: the page is drawn in horizontal bands (and, past Cairo's
 * 32767 px, in tiles across), each translated by whole pixels so the bands meet without seams,
 * and the scanlines are filtered and deflated into one PNG as they come. Memory is one band
 * (about 16 MB of pixels) plus zlib's window, whatever the image size.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { createCanvas, type Canvas } from 'canvas';
import type { DrawingContext } from '../../display/render/index.js';
import { drawPage, type PageArt } from './artwork.js';
import { MAX_SURFACE_PX } from './size.js';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** Pixels of one band surface (4 bytes each): big enough to amortise drawing, small enough to bound memory. */
const BAND_PIXELS = 4 * 1024 * 1024;
const FILTER_SUB = 1;
const FILTER_UP = 2;

export interface StripPlan {
  /** Band height in rows; the last band may be shorter. */
  rows: number;
  /** Tile width; the last tile may be narrower. */
  tileWidth: number;
  bands: number;
}

/** Splits a page into bands of whole rows, and tiles when it is wider than one Cairo surface. */
export function planStrips(width: number, height: number): StripPlan {
  const tiles = Math.ceil(width / MAX_SURFACE_PX);
  const tileWidth = Math.ceil(width / tiles);
  const rows = Math.max(1, Math.min(height, Math.floor(BAND_PIXELS / tileWidth)));
  return { rows, tileWidth, bands: Math.ceil(height / rows) };
}

export interface PngWriteOptions {
  /** Called after each band is handed to the compressor. */
  onStrip?: (done: number, total: number) => void;
  /** Before each band is drawn, with its rows [top, bottom): a photo panel loads its pictures here. */
  beforeBand?: (top: number, bottom: number) => Promise<void>;
  signal?: AbortSignal;
}

/** Draws `art` band by band into a PNG at `file` (a temp file; the caller renames it). */
export async function writeStripedPng(art: PageArt, file: string, options: PngWriteOptions = {}): Promise<void> {
  const { page } = art;
  const dpi = page.dpi!;
  const strips = planStrips(page.width, page.height);
  const out = createWriteStream(file, { flags: 'wx', mode: 0o644 });
  out.write(Buffer.concat([PNG_SIGNATURE, chunk('IHDR', ihdr(page.width, page.height)), chunk('pHYs', phys(dpi))]));
  // After Sub/Up filtering a banner is mostly runs of zeros: run-length matching (Z_RLE) compresses
  // them as well as the default strategy at twice the speed, since it never searches the window.
  const deflate = zlib.createDeflate({ level: 6, memLevel: 9, strategy: zlib.constants.Z_RLE, chunkSize: 256 * 1024 });
  const written = pipeline(deflate, idatChunks(), out);
  // A failure downstream (disk full) must stop the render loop, not leave it waiting for 'drain'.
  let failed: unknown;
  written.catch((err: unknown) => (failed = err ?? new Error('PNG write failed')));
  try {
    const tiles = makeTiles(page.width, strips);
    const rowBytes = 1 + page.width * 3;
    let previous: Buffer | undefined;
    for (let band = 0; band < strips.bands; band++) {
      options.signal?.throwIfAborted();
      if (failed) throw failed;
      const y0 = band * strips.rows;
      const rows = Math.min(strips.rows, page.height - y0);
      await options.beforeBand?.(y0, y0 + rows);
      const raws = tiles.map((t) => renderTile(t, art, y0));
      const filtered = Buffer.allocUnsafe(rows * rowBytes);
      previous = filterBand(raws, tiles, rows, page.width, filtered, previous);
      if (!deflate.write(filtered)) await Promise.race([once(deflate, 'drain'), written]);
      options.onStrip?.(band + 1, strips.bands);
    }
    deflate.end();
    await written;
  } catch (err) {
    deflate.destroy();
    out.destroy();
    await written.catch(() => undefined);
    throw err;
  }
}

interface Tile {
  x: number;
  width: number;
  canvas: Canvas;
  ctx: DrawingContext;
}

function makeTiles(width: number, strips: StripPlan): Tile[] {
  const tiles: Tile[] = [];
  for (let x = 0; x < width; x += strips.tileWidth) {
    const w = Math.min(strips.tileWidth, width - x);
    const canvas = createCanvas(w, strips.rows);
    // Opaque RGB: print RIPs expect no alpha, and Cairo's RGB24 needs no un-premultiplying.
    const ctx = canvas.getContext('2d', { alpha: false }) as unknown as DrawingContext;
    tiles.push({ x, width: w, canvas, ctx });
  }
  return tiles;
}

/** Whole-pixel offsets only: a fractional translate would resample every edge and show seams. */
function renderTile(tile: Tile, art: PageArt, y0: number): Buffer {
  const ctx = tile.canvas.getContext('2d');
  ctx.setTransform(1, 0, 0, 1, -tile.x, -y0);
  drawPage(tile.ctx, art);
  // Cairo RGB24, little-endian: B, G, R, unused.
  return tile.canvas.toBuffer('raw');
}

/**
 * Converts the band's BGRX rows to filtered RGB scanlines. A row equal to the one above becomes
 * an Up row of zeros (the flat ground above and below the text); others use Sub, which turns
 * runs of one colour into zeros. Returns the band's last row, raw, for the next band's Up test.
 */
function filterBand(raws: Buffer[], tiles: Tile[], rows: number, width: number, out: Buffer, previous: Buffer | undefined): Buffer {
  const rowBytes = 1 + width * 3;
  // Cairo RGB24 pixels as little-endian words: 0xXXRRGGBB.
  const words = raws.map((raw) => (raw.byteOffset % 4 === 0 ? new Uint32Array(raw.buffer, raw.byteOffset, raw.length / 4) : new Uint32Array(new Uint8Array(raw).buffer)));
  for (let r = 0; r < rows; r++) {
    const o = r * rowBytes;
    if (sameAsAbove(raws, tiles, r, previous)) {
      out[o] = FILTER_UP;
      out.fill(0, o + 1, o + rowBytes);
      continue;
    }
    out[o] = FILTER_SUB;
    // Zero-filled natively, then only pixels that differ from their left neighbour are written:
    // on a banner that is a few per cent of them.
    out.fill(0, o + 1, o + rowBytes);
    let prev = 0;
    let j = o + 1;
    for (let t = 0; t < tiles.length; t++) {
      const pixels = words[t]!;
      const end = (r + 1) * tiles[t]!.width;
      for (let i = r * tiles[t]!.width; i < end; i++, j += 3) {
        const px = pixels[i]! & 0xffffff;
        if (px === prev) continue;
        out[j] = (px >>> 16) - (prev >>> 16);
        out[j + 1] = ((px >>> 8) & 0xff) - ((prev >>> 8) & 0xff);
        out[j + 2] = (px & 0xff) - (prev & 0xff);
        prev = px;
      }
    }
  }
  return lastRow(raws, tiles, rows);
}

function sameAsAbove(raws: Buffer[], tiles: Tile[], r: number, previous: Buffer | undefined): boolean {
  if (r === 0) {
    if (!previous) return false;
    let at = 0;
    for (let t = 0; t < tiles.length; t++) {
      const len = tiles[t]!.width * 4;
      if (previous.compare(raws[t]!, 0, len, at, at + len) !== 0) return false;
      at += len;
    }
    return true;
  }
  for (let t = 0; t < tiles.length; t++) {
    const len = tiles[t]!.width * 4;
    if (raws[t]!.compare(raws[t]!, r * len, (r + 1) * len, (r - 1) * len, r * len) !== 0) return false;
  }
  return true;
}

function lastRow(raws: Buffer[], tiles: Tile[], rows: number): Buffer {
  return Buffer.concat(tiles.map((t, i) => raws[i]!.subarray((rows - 1) * t.width * 4, rows * t.width * 4)));
}

/** Wraps each piece of the zlib stream in an IDAT chunk and ends the file with IEND. */
function idatChunks(): Transform {
  return new Transform({
    transform(data: Buffer, _encoding, done) {
      done(null, chunk('IDAT', data));
    },
    flush(done) {
      done(null, chunk('IEND', Buffer.alloc(0)));
    },
  });
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(data, zlib.crc32(head.subarray(4))), 0);
  return Buffer.concat([head, data, crc]);
}

/** 8-bit RGB, no interlace. */
function ihdr(width: number, height: number): Buffer {
  const b = Buffer.alloc(13);
  b.writeUInt32BE(width, 0);
  b.writeUInt32BE(height, 4);
  b[8] = 8;
  b[9] = 2;
  return b;
}

/** Pixels per metre on both axes: without it print software assumes 72 dpi. */
function phys(dpi: number): Buffer {
  const b = Buffer.alloc(9);
  const ppm = Math.round(dpi / 0.0254);
  b.writeUInt32BE(ppm, 0);
  b.writeUInt32BE(ppm, 4);
  b[8] = 1;
  return b;
}
