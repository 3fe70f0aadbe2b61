/**
 * Size rules for print output, checked before any surface is allocated: Cairo aborts or the
 * process runs out of memory on sizes these rules refuse.
 */
import { PrintError } from './errors.js';

export type BannerFormat = 'pdf' | 'png';

export const MM_PER_INCH = 25.4;
export const PT_PER_INCH = 72;
/** No banner is longer than 50 m; beyond that the input is a typo (mm for cm). */
export const MAX_SIDE_MM = 50_000;
/** Acrobat caps a page at 200 in; print shops take larger work at 1:10. */
export const MAX_PDF_SIDE_MM = 200 * MM_PER_INCH;
/** Cairo refuses larger surfaces. */
export const MAX_SURFACE_PX = 32_767;
/** 2^28 px = 1 GiB of ARGB: the most one surface may take before strips (issue 7) are needed. */
export const MAX_SURFACE_PIXELS = 2 ** 28;
export const MIN_DPI = 10;
export const MAX_DPI = 600;
/** Banners are viewed from metres away: 100–150 dpi is the print shops' practice. */
export const DEFAULT_DPI = 150;

export interface BannerSize {
  format: BannerFormat;
  widthMm: number;
  heightMm: number;
  /** PNG only; DEFAULT_DPI when absent. */
  dpi?: number;
}

/** A checked size: the surface to allocate, in pt (PDF) or px (PNG). */
export interface SurfacePlan {
  format: BannerFormat;
  widthMm: number;
  heightMm: number;
  /** Undefined for PDF, which is vector. */
  dpi: number | undefined;
  width: number;
  height: number;
}

export function mmToPt(mm: number): number {
  return (mm * PT_PER_INCH) / MM_PER_INCH;
}

export function mmToPx(mm: number, dpi: number): number {
  return (mm * dpi) / MM_PER_INCH;
}

/**
 * Checks a requested size and converts it to surface units. PDF pages are whole points (node-canvas
 * takes integer sizes), so a side is off by at most 0.5 pt = 0.18 mm.
 */
export function planSurface(size: BannerSize): SurfacePlan {
  const { format, widthMm, heightMm } = size;
  checkSide('Chiều rộng', 'width', widthMm);
  checkSide('Chiều cao', 'height', heightMm);
  if (format === 'pdf') {
    if (size.dpi !== undefined) {
      throw invalid('PDF là định dạng vector, không dùng dpi; bỏ dpi hoặc xuất PNG', 'PDF is vector: dpi does not apply');
    }
    const longest = Math.max(widthMm, heightMm);
    if (longest > MAX_PDF_SIDE_MM) {
      throw invalid(
        `Trang PDF tối đa ${MAX_PDF_SIDE_MM} mm mỗi cạnh (giới hạn 200 inch của Acrobat), yêu cầu ${fmt(longest)} mm; hãy in tỉ lệ 1:10 hoặc xuất PNG`,
        `a PDF page side is at most ${MAX_PDF_SIDE_MM} mm (Acrobat's 200 in limit), got ${fmt(longest)} mm`,
      );
    }
    return { format, widthMm, heightMm, dpi: undefined, width: Math.max(1, Math.round(mmToPt(widthMm))), height: Math.max(1, Math.round(mmToPt(heightMm))) };
  }
  const dpi = size.dpi ?? DEFAULT_DPI;
  if (!Number.isInteger(dpi) || dpi < MIN_DPI || dpi > MAX_DPI) {
    throw invalid(`Độ phân giải phải là số nguyên từ ${MIN_DPI} đến ${MAX_DPI} dpi, nhận ${dpi}`, `dpi must be an integer from ${MIN_DPI} to ${MAX_DPI}, got ${dpi}`);
  }
  const width = Math.round(mmToPx(widthMm, dpi));
  const height = Math.round(mmToPx(heightMm, dpi));
  if (width < 1 || height < 1) {
    throw invalid(`Ảnh ${width} × ${height} px quá nhỏ ở ${dpi} dpi`, `a ${width} × ${height} px image is too small at ${dpi} dpi`);
  }
  const longestMm = Math.max(widthMm, heightMm);
  const fitDpi = Math.floor((MAX_SURFACE_PX * MM_PER_INCH) / longestMm);
  if (Math.max(width, height) > MAX_SURFACE_PX) {
    throw invalid(
      `Ảnh PNG ${width} × ${height} px vượt giới hạn ${MAX_SURFACE_PX} px mỗi cạnh; xuất PNG theo dải cho khổ lớn hơn chưa được hỗ trợ. ` +
        (fitDpi >= MIN_DPI ? `Hãy dùng tối đa ${fitDpi} dpi hoặc xuất PDF` : 'Hãy xuất PDF'),
      `a ${width} × ${height} px PNG exceeds ${MAX_SURFACE_PX} px per side; striped PNG output is not supported yet`,
    );
  }
  if (width * height > MAX_SURFACE_PIXELS) {
    throw invalid(
      `Ảnh PNG ${width} × ${height} px cần hơn 1 GiB bộ nhớ; xuất PNG theo dải chưa được hỗ trợ. Hãy giảm dpi hoặc xuất PDF`,
      `a ${width} × ${height} px PNG needs over 1 GiB of memory; striped PNG output is not supported yet`,
    );
  }
  return { format, widthMm, heightMm, dpi, width, height };
}

function checkSide(nameVi: string, nameEn: string, mm: number): void {
  if (!Number.isFinite(mm) || mm <= 0 || mm > MAX_SIDE_MM) {
    throw invalid(
      `${nameVi} phải là số dương, tối đa ${MAX_SIDE_MM} mm, nhận ${fmt(mm)}`,
      `${nameEn} must be a positive number of mm up to ${MAX_SIDE_MM}, got ${fmt(mm)}`,
    );
  }
}

function invalid(vi: string, en: string): PrintError {
  return new PrintError('invalid-size', vi, en);
}

function fmt(n: number): string {
  return Number.isFinite(n) ? String(Math.round(n * 100) / 100) : String(n);
}
