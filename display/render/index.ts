/** The renderer's public surface: pure layout, one draw loop, one measurer adapter. */
export type { DrawingContext, FontFace, FontWeight, ImageLookup, ImageSource, InkMetrics, TextMeasurer } from './types.js';
export { FONT_FAMILY, FONT_WEIGHTS, fontCss, fontFace } from './fonts.js';
export { TEMPLATE_IDS } from './layout-types.js';
export type { DrawOp, Layout, LineLayout, Rect, TemplateId, TextBlockLayout } from './layout-types.js';
export type { PanelPhoto, SlideFields, SlideInput, SlideMedia, SlideOptions } from './slide.js';
export { WHOLE_PICTURE, focusCrop, placement, type FocusBox, type FocusCrop } from './media/focus-crop.js';
export { SIDE_BY_SIDE_ASPECT } from './templates/picture.js';
export { layoutSlide } from './layout.js';
export { IMAGE_PLACEHOLDER_FILL, contextMeasurer, drawLayout } from './draw.js';
export { normalizeText, uppercaseVi } from './text/normalize.js';
export { DEFAULT_PROTECTED_PHRASES, literalPhrase, protectedSpans } from './text/phrases.js';
export { segmentUnits, type Unit } from './text/segment.js';
export { balancedBreaks, greedyBreaks, lineWidths, DEFAULT_BALANCE, type BreakItem, type Breaks } from './text/breaking.js';
export { estimateEm } from './text/advance.js';
export { DEFAULT_BACKDROP_TOP_LINE } from './templates/backdrop.js';
export { tickerCycleWidth } from './templates/gate-ticker.js';
export { chooseGrid, type PhotoGrid } from './templates/photo-panel.js';
