/** The print service: banners, congress backdrops and photo panels for the print shop. The CLI, the HTTP API and jobs call only this. */
export { PrintError, type PrintErrorCode } from './errors.js';
export { MAX_PNG_PIXELS, MAX_SURFACE_PX, mmToPt, mmToPx, planPage, type PageGeometry } from './size.js';
export { atomicFile, checkDestination, removeOrphanedPartials, removePartialFiles, removeStalePartials, STAGING_PREFIX, trackPartial } from './output.js';
export { findPrintableSlogan, printableItem } from './slogans.js';
export { renderArtworkFile, renderBanner, type ArtworkFileOptions, type BannerOptions, type BannerResult } from './banner.js';
export { checkSpec, renderJob, sizeLabel, type RenderItem, type RenderProgress, type RenderSpec, type SloganItem } from './engine.js';
export { backdropHasOwnLines, backdropItem, backdropRecord, findCongress, findPhotos, panelItem, panelRecord, recheckBackdrop } from './artworks.js';
export { ghostscriptVersion } from './cmyk.js';
