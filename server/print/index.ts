/** The print service: banner artwork for the print shop. The CLI and (later) HTTP jobs call only this. */
export { PrintError, type PrintErrorCode } from './errors.js';
export {
  DEFAULT_DPI,
  MAX_DPI,
  MAX_PDF_SIDE_MM,
  MAX_SIDE_MM,
  MAX_SURFACE_PX,
  MIN_DPI,
  mmToPt,
  mmToPx,
  planSurface,
  type BannerFormat,
  type BannerSize,
  type SurfacePlan,
} from './size.js';
export { checkDestination, removePartialFiles } from './output.js';
export { findPrintableSlogan } from './slogans.js';
export { renderBanner, type BannerOptions, type BannerResult } from './banner.js';
