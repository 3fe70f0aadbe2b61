/**
 * Page geometry for print output, checked before anything is allocated: Cairo aborts, or the
 * process runs out of memory, on the sizes these rules refuse.
 */
import {
  LARGE_WORK_SCALE,
  MAX_BLEED_MM,
  MAX_DPI,
  MAX_PDF_SIDE_MM,
  MAX_SAFE_MM,
  MAX_SCALE,
  MAX_SIDE_MM,
  MIN_DPI,
  DEFAULT_DPI,
  MM_PER_INCH,
  PT_PER_INCH,
  type PrintFormat,
  type ResolvedSettings,
} from '../protocol/print.js';
import { PrintError } from './errors.js';

/** One Cairo surface may not exceed this per side; PNG strips stay under it. */
export const MAX_SURFACE_PX = 32_767;
/** 4 Gpx: a 12 × 5 m backdrop at 150 dpi still fits; beyond that the request is a mistake. */
export const MAX_PNG_PIXELS = 2 ** 32;
/** Around the trim + bleed when marks or a slug are asked for; physical size, whatever the scale. */
export const MARK_MARGIN_MM = 15;

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** A checked page: all positions in output units (pt for PDF, px for PNG), whole numbers. */
export interface PageGeometry {
  format: PrintFormat;
  /** PNG only. */
  dpi: number | undefined;
  /** 1:scale. */
  scale: number;
  widthMm: number;
  heightMm: number;
  bleedMm: number;
  safeMm: number;
  marks: boolean;
  slug: boolean;
  /** Output units per millimetre of the real banner (already divided by the scale). */
  unitsPerMm: number;
  /** Output units per millimetre of paper: marks and slug keep their size at any scale. */
  unitsPerPaperMm: number;
  width: number;
  height: number;
  /** Trim + bleed: the artwork, ground colour to its edges. */
  art: Rect;
  /** The finished banner's edges, inside the art by the bleed. */
  trim: Rect;
  /** From the art's edge to the area that text must stay in: bleed + safe margin. */
  safeInset: number;
}

export function mmToPt(mm: number): number {
  return (mm * PT_PER_INCH) / MM_PER_INCH;
}

export function mmToPx(mm: number, dpi: number): number {
  return (mm * dpi) / MM_PER_INCH;
}

export function planPage(s: ResolvedSettings): PageGeometry {
  checkSide('Chiều rộng', 'width', s.widthMm);
  checkSide('Chiều cao', 'height', s.heightMm);
  checkRange('Lề xuất huyết (bleed)', 'bleed', s.bleedMm, MAX_BLEED_MM);
  checkRange('Lề an toàn', 'safe margin', s.safeMm, MAX_SAFE_MM);
  if (2 * s.safeMm >= Math.min(s.widthMm, s.heightMm)) {
    throw invalid(
      `Lề an toàn ${fmt(s.safeMm)} mm mỗi bên không chừa chỗ cho chữ trên khổ ${fmt(s.widthMm)} × ${fmt(s.heightMm)} mm`,
      `a ${fmt(s.safeMm)} mm safe margin leaves no room for text on ${fmt(s.widthMm)} × ${fmt(s.heightMm)} mm`,
    );
  }
  if (s.scale !== undefined && (!Number.isInteger(s.scale) || s.scale < 1 || s.scale > MAX_SCALE)) {
    throw invalid(`Tỉ lệ phải là số nguyên từ 1 đến ${MAX_SCALE} (1:n), nhận ${s.scale}`, `scale must be an integer 1–${MAX_SCALE}, got ${s.scale}`);
  }
  const artWmm = s.widthMm + 2 * s.bleedMm;
  const artHmm = s.heightMm + 2 * s.bleedMm;
  // The slug is on by default for scaled prints, so the paper always says it is not full size.
  const slugAt = (scale: number) => s.slug ?? scale > 1;
  const marginAt = (scale: number) => (s.marks || slugAt(scale) ? MARK_MARGIN_MM : 0);
  if (s.format === 'pdf') {
    if (s.dpi !== undefined) throw invalid('PDF là định dạng vector, không dùng dpi; bỏ dpi hoặc xuất PNG', 'PDF is vector: dpi does not apply');
    const pageMm = (scale: number) => Math.max(artWmm, artHmm) / scale + 2 * marginAt(scale);
    const scale = s.scale ?? (pageMm(1) > MAX_PDF_SIDE_MM ? LARGE_WORK_SCALE : 1);
    if (pageMm(scale) > MAX_PDF_SIDE_MM) {
      throw invalid(
        `Trang PDF tối đa ${MAX_PDF_SIDE_MM} mm mỗi cạnh (giới hạn 200 inch của Acrobat), ở tỉ lệ 1:${scale} trang dài ${fmt(pageMm(scale))} mm; hãy chọn tỉ lệ nhỏ hơn (ví dụ 1:${LARGE_WORK_SCALE}) hoặc xuất PNG`,
        `a PDF page side is at most ${MAX_PDF_SIDE_MM} mm (Acrobat's 200 in limit); at 1:${scale} it would be ${fmt(pageMm(scale))} mm`,
      );
    }
    return layoutPage(s, undefined, scale, mmToPt(1), marginAt(scale), slugAt(scale));
  }
  const dpi = s.dpi ?? DEFAULT_DPI;
  if (!Number.isInteger(dpi) || dpi < MIN_DPI || dpi > MAX_DPI) {
    throw invalid(`Độ phân giải phải là số nguyên từ ${MIN_DPI} đến ${MAX_DPI} dpi, nhận ${dpi}`, `dpi must be an integer from ${MIN_DPI} to ${MAX_DPI}, got ${dpi}`);
  }
  const scale = s.scale ?? 1;
  const page = layoutPage(s, dpi, scale, mmToPx(1, dpi), marginAt(scale), slugAt(scale));
  if (page.art.w < 1 || page.art.h < 1) {
    throw invalid(`Ảnh ${page.width} × ${page.height} px quá nhỏ ở ${dpi} dpi`, `a ${page.width} × ${page.height} px image is too small at ${dpi} dpi`);
  }
  if (page.width * page.height > MAX_PNG_PIXELS) {
    throw invalid(
      `Ảnh PNG ${page.width} × ${page.height} px (${fmt((page.width * page.height) / 1e9)} tỉ điểm ảnh) vượt giới hạn ${fmt(MAX_PNG_PIXELS / 1e9)} tỉ; hãy giảm dpi hoặc in theo tỉ lệ`,
      `a ${page.width} × ${page.height} px PNG exceeds ${MAX_PNG_PIXELS} pixels`,
    );
  }
  return page;
}

/** Whole output units everywhere, so that PNG strips meet on pixel boundaries. */
function layoutPage(s: ResolvedSettings, dpi: number | undefined, scale: number, perPaperMm: number, marginMm: number, slug: boolean): PageGeometry {
  const unitsPerMm = perPaperMm / scale;
  const margin = Math.round(marginMm * perPaperMm);
  // The page is rounded once, from its full size, so it is within half a unit of trim + 2 × bleed.
  const bleed = Math.round(s.bleedMm * unitsPerMm);
  const art = { x: margin, y: margin, w: Math.round((s.widthMm + 2 * s.bleedMm) * unitsPerMm), h: Math.round((s.heightMm + 2 * s.bleedMm) * unitsPerMm) };
  const trimW = Math.max(1, art.w - 2 * bleed);
  const trimH = Math.max(1, art.h - 2 * bleed);
  return {
    format: s.format,
    dpi,
    scale,
    widthMm: s.widthMm,
    heightMm: s.heightMm,
    bleedMm: s.bleedMm,
    safeMm: s.safeMm,
    marks: s.marks,
    slug,
    unitsPerMm,
    unitsPerPaperMm: perPaperMm,
    width: art.w + 2 * margin,
    height: art.h + 2 * margin,
    art,
    trim: { x: art.x + bleed, y: art.y + bleed, w: trimW, h: trimH },
    safeInset: bleed + Math.round(s.safeMm * unitsPerMm),
  };
}

function checkSide(nameVi: string, nameEn: string, mm: number): void {
  if (!Number.isFinite(mm) || mm <= 0 || mm > MAX_SIDE_MM) {
    throw invalid(
      `${nameVi} phải là số dương, tối đa ${MAX_SIDE_MM} mm, nhận ${fmt(mm)}`,
      `${nameEn} must be a positive number of mm up to ${MAX_SIDE_MM}, got ${fmt(mm)}`,
    );
  }
}

function checkRange(nameVi: string, nameEn: string, mm: number, max: number): void {
  if (!Number.isFinite(mm) || mm < 0 || mm > max) {
    throw invalid(`${nameVi} phải từ 0 đến ${max} mm, nhận ${fmt(mm)}`, `${nameEn} must be 0–${max} mm, got ${fmt(mm)}`);
  }
}

function invalid(vi: string, en: string): PrintError {
  return new PrintError('invalid-size', vi, en);
}

export function fmt(n: number): string {
  return Number.isFinite(n) ? String(Math.round(n * 100) / 100) : String(n);
}
