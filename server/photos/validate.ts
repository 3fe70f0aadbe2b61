/**
 * Upload validation. The type comes from the bytes (magic numbers), never from the client's
 * Content-Type or file name; the pixel size comes from the header (PNG IHDR, JPEG SOFn, WebP
 * VP8X/VP8/VP8L), so decompression bombs are refused before anything is decoded. Only then is the
 * image decoded, to prove it is one. Everything but the decode is pure. The size recorded is the
 * size as shown, after the EXIF orientation a phone camera writes instead of turning the pixels.
 * Animated PNGs and WebPs are refused, since the preview would show another picture than the print
 * and the screens. A PNG or WebP must end where its structure ends: bytes after it are another
 * file riding along (a polyglot). A JPEG may carry more after its end (a camera's multi-picture
 * preview, an Ultra HDR gain map), as today.
 */
import { loadImage, type Image } from 'canvas';
import sharp from 'sharp';
import { displayedSize, readOrientation, withExifHidden, type Orientation } from './exif.js';
import { jpegSegments, u16 } from './jpeg.js';
import type { PhotoMime } from './protocol.js';
import { hasPngSignature, pngChunks, u32 } from './png.js';
import { hasWebpSignature, webpLayout } from './webp.js';

export const PHOTO_LIMITS = {
  /** 15 MiB: a camera JPEG is 3–12 MB; the raw body parser stops reading at this size too. */
  maxBytes: 15 * 1024 * 1024,
  /** Per side, in pixels. */
  maxSide: 12_000,
  /** 50 megapixels: decoded, that is 200 MB of RGBA, the most one upload may cost. */
  maxPixels: 50_000_000,
} as const;

export interface ImageSize {
  width: number;
  height: number;
}

/** Width and height as shown, the orientation applied. */
export interface PhotoHeader extends ImageSize {
  mime: PhotoMime;
  orientation: Orientation;
}

/** Why an upload is refused: an HTTP status and Vietnamese title and detail for problem+json. */
export interface PhotoRefusal {
  status: 400 | 413;
  title: string;
  detail: string;
}

export type PhotoCheck = { ok: true; header: PhotoHeader } | { ok: false; refusal: PhotoRefusal };

/** The image type the bytes themselves declare, or undefined for anything but JPEG, PNG and WebP. */
export function sniffImageType(b: Uint8Array): PhotoMime | undefined {
  if (hasPngSignature(b)) return 'image/png';
  if (hasWebpSignature(b)) return 'image/webp';
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  return undefined;
}

/** Width and height from the IHDR chunk, which the PNG standard puts first. */
export function readPngSize(b: Uint8Array): ImageSize | undefined {
  const first = pngChunks(b).next();
  if (first.done || first.value.type !== 'IHDR' || first.value.end - first.value.start !== 13) return undefined;
  const width = u32(b, first.value.start);
  const height = u32(b, first.value.start + 4);
  return width > 0 && height > 0 ? { width, height } : undefined;
}

/** A PNG whose chunks run, by their lengths, to an IEND that ends the bytes (truncation and trailing files show here). */
export function pngIsComplete(b: Uint8Array): boolean {
  let last: { type: string; end: number } | undefined;
  for (const chunk of pngChunks(b)) last = chunk;
  return last?.type === 'IEND' && last.end + 4 === b.length;
}

/**
 * Whether the PNG has any APNG chunk. Chromium (the preview) shows an animated PNG's first frame,
 * node-canvas (the print) the default image, and the two need not be the same picture.
 */
function pngIsAnimated(b: Uint8Array): boolean {
  for (const chunk of pngChunks(b)) if (chunk.type === 'acTL' || chunk.type === 'fcTL' || chunk.type === 'fdAT') return true;
  return false;
}

/** JPEG markers that carry a frame header: SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC). */
const isFrameMarker = (m: number) => m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc;

interface JpegLayout {
  size: ImageSize | undefined;
  /** Offset of the first scan (SOS), or -1 if the segments end before one. */
  scan: number;
}

/** The frame header and where the first scan starts. */
function jpegLayout(b: Uint8Array): JpegLayout {
  let size: ImageSize | undefined;
  for (const s of jpegSegments(b)) {
    if (s.marker === 0xda) return { size, scan: s.at };
    // The first frame header is the one decoders use (SOF0 baseline, SOF2 progressive, ...).
    if (isFrameMarker(s.marker) && !size && s.at + 9 <= b.length) {
      const height = u16(b, s.at + 5);
      const width = u16(b, s.at + 7);
      // Height 0 defers it to a DNL marker after the scan: too rare to be worth trusting.
      if (width === 0 || height === 0) break;
      size = { width, height };
    }
  }
  return { size, scan: -1 };
}

export function readJpegSize(b: Uint8Array): ImageSize | undefined {
  if (sniffImageType(b) !== 'image/jpeg') return undefined;
  return jpegLayout(b).size;
}

/**
 * A JPEG with a frame header, a scan, and an end-of-image marker after it. In entropy-coded data
 * 0xFF is always stuffed (FF 00) or a restart marker, so FF D9 there can only be the real end.
 */
export function jpegIsComplete(b: Uint8Array): boolean {
  const { size, scan } = jpegLayout(b);
  if (!size || scan < 0) return false;
  for (let i = scan + 2; i + 1 < b.length; i++) if (b[i] === 0xff && b[i + 1] === 0xd9) return true;
  return false;
}

const tooLarge = (detail: string): PhotoRefusal => ({ status: 413, title: 'Ảnh quá lớn', detail });
const notAnImage = (detail: string): PhotoRefusal => ({ status: 400, title: 'Không phải ảnh JPEG/PNG/WebP', detail });
const broken = (detail: string): PhotoRefusal => ({ status: 400, title: 'Ảnh bị hỏng hoặc không đầy đủ', detail });
const animated = (kind: string): PhotoRefusal => ({
  status: 400,
  title: 'Ảnh động không được nhận',
  detail: `Ảnh ${kind} động không được nhận: bản xem trước, màn hình và bản in sẽ hiện những hình khác nhau. Hãy lưu ảnh thành ảnh tĩnh (PNG, JPEG hoặc WebP) rồi tải lên lại. (Animated images are refused; save a still picture and upload it again.)`,
});
const turnedWebp = (orientation: Orientation): PhotoRefusal => ({
  status: 400,
  title: 'Ảnh WebP mang thẻ xoay EXIF',
  detail: `Ảnh WebP này ghi thẻ xoay EXIF (orientation ${orientation}), mà các trình duyệt và thư viện ảnh không hiểu giống nhau. Hãy xoay thẳng ảnh và lưu lại, hoặc gửi bản JPEG gốc từ điện thoại. (A WebP with an EXIF orientation is refused: browsers disagree about it.)`,
});

/** Everything that can be decided without decoding: byte size, type by content, pixel size, structure, no animation. */
export function checkPhotoHeader(b: Uint8Array, limits = PHOTO_LIMITS): PhotoCheck {
  const refuse = (refusal: PhotoRefusal): PhotoCheck => ({ ok: false, refusal });
  if (b.length === 0) return refuse(notAnImage('Không nhận được dữ liệu nào; hãy gửi nội dung tệp ảnh.'));
  if (b.length > limits.maxBytes) {
    return refuse(tooLarge(`Tệp ${megabytes(b.length)} vượt giới hạn ${megabytes(limits.maxBytes)}.`));
  }
  const mime = sniffImageType(b);
  if (!mime) return refuse(notAnImage('Nội dung tệp không phải ảnh JPEG, PNG hay WebP (kiểu tệp được xác định theo nội dung, không theo tên hay Content-Type).'));
  const webp = mime === 'image/webp' ? webpLayout(b) : undefined;
  // Animation first: an animated WebP's frames are not one still bitstream, so it has no single size.
  if (webp?.animated) return refuse(animated('WebP'));
  const size = webp ? webp.size : mime === 'image/png' ? readPngSize(b) : readJpegSize(b);
  if (!size) return refuse(broken('Không đọc được kích thước ảnh trong phần đầu tệp.'));
  if (webp && webp.orientation !== 1) return refuse(turnedWebp(webp.orientation));
  // As shown, so a refusal names the size the operator sees on the phone.
  const orientation = webp ? 1 : readOrientation(b);
  const { width, height } = displayedSize(size, orientation);
  if (width > limits.maxSide || height > limits.maxSide) {
    return refuse(tooLarge(`Ảnh ${width} × ${height} điểm ảnh; mỗi chiều tối đa ${limits.maxSide} điểm ảnh.`));
  }
  if (width * height > limits.maxPixels) {
    return refuse(tooLarge(`Ảnh ${width} × ${height} = ${(width * height / 1e6).toFixed(1)} megapixel, vượt giới hạn ${limits.maxPixels / 1e6} megapixel.`));
  }
  const complete = webp ? webp.complete : mime === 'image/png' ? pngIsComplete(b) : jpegIsComplete(b);
  if (!complete) return refuse(broken('Tệp bị cắt cụt, sai cấu trúc, hoặc có dữ liệu khác nối sau ảnh.'));
  if (mime === 'image/png' && pngIsAnimated(b)) return refuse(animated('PNG (APNG)'));
  return { ok: true, header: { mime, width, height, orientation } };
}

/**
 * The pixels as stored, EXIF orientation not applied (see withExifHidden); rejects if the bytes are
 * not an image. node-canvas reads no WebP: sharp (libwebp) decodes it to a PNG first, which costs
 * a second copy of the pixels for a moment, within the 50-megapixel bound.
 */
export async function decodeStored(bytes: Buffer): Promise<Image> {
  if (hasWebpSignature(bytes)) {
    const png = await sharp(bytes, { limitInputPixels: PHOTO_LIMITS.maxPixels, failOn: 'error' }).png({ compressionLevel: 0 }).toBuffer();
    return loadImage(png);
  }
  return loadImage(withExifHidden(bytes));
}

/** Decodes the whole image as stored; rejects if it is not one. The server passes a worker-thread decoder (upload-gate.ts); tests count decodes. */
export type Decoder = (bytes: Buffer) => Promise<ImageSize>;

export const decodeWithCanvas: Decoder = async (bytes) => {
  const image = await decodeStored(bytes);
  return { width: image.width, height: image.height };
};

/** The header checks, then a full decode that must agree with the header. */
export async function validatePhoto(bytes: Buffer, decode: Decoder = decodeWithCanvas): Promise<PhotoCheck> {
  const checked = checkPhotoHeader(bytes);
  if (!checked.ok) return checked;
  let decoded: ImageSize;
  try {
    decoded = await decode(bytes);
  } catch {
    return { ok: false, refusal: broken('Không giải mã được ảnh.') };
  }
  const shown = displayedSize(decoded, checked.header.orientation);
  if (shown.width !== checked.header.width || shown.height !== checked.header.height) {
    return { ok: false, refusal: broken('Kích thước giải mã khác kích thước ghi trong phần đầu tệp.') };
  }
  return checked;
}

function megabytes(n: number): string {
  return `${(n / (1024 * 1024)).toLocaleString('vi-VN', { maximumFractionDigits: 1 })} MB`;
}
