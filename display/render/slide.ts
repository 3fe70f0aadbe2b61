import type { TemplateId } from './layout-types.js';
import type { FocusBox } from './media/focus-crop.js';

/** One picture of a photo panel: its stored id, caption and pixel size (for its aspect). */
export interface PanelPhoto {
  id: string;
  caption: string;
  width: number;
  height: number;
}

/** A picture or a clip: what the renderer needs to frame it (a playlist entry's media fits as is). */
export interface SlideMedia {
  kind: 'picture' | 'clip';
  /** The platform's image lookup resolves it (a picture, or a clip's current video frame). */
  id: string;
  /** Upright size of the original, for its aspect (a rendition has the same aspect). */
  width: number;
  height: number;
  /** Picture: what must stay visible, as fractions; absent = the whole picture. A clip is shown whole. */
  focus?: FocusBox;
  credit?: string;
}

/** What templates need besides the main text; every string is normalised to NFC on entry. */
export interface SlideFields {
  /** Lobby card / mourning: the phase or event label shown small. */
  caption?: string;
  /** Lobby card: date as the caller formats it (dd/mm/yyyy). */
  date?: string;
  /** Lobby card: clock as the caller formats it (HH:mm). */
  clock?: string;
  /** Backdrop: the line above the title; defaults to the Party slogan, '' leaves it out. */
  topLine?: string;
  /** Backdrop: title lines, each kept whole, in a hierarchy of sizes; default: `text`, broken. */
  titleLines?: string[];
  /** Backdrop: date and place line under the title. */
  datePlace?: string;
  /** Banner: a yellow five-pointed star at the left. */
  star?: boolean;
  /** Gate ticker: scroll position in px; grows without bound, the ticker wraps it. */
  tickerOffsetPx?: number;
  /** Photo panel: the pictures in reading order; the main text is the panel's title. */
  photos?: PanelPhoto[];
  /**
   * Lobby card, banner and mourning: the item is a picture or a clip, `text` its caption (see
   * templates/picture.ts). Other templates leave it aside.
   */
  media?: SlideMedia;
}

export interface SlideOptions {
  /** Margin from every edge that stays free of ink (hems, eyelets, bezels), in px. */
  safeInsetPx?: number;
  /** Upper bound on the main text's line count. */
  maxLines?: number;
  /** Extra phrases never to break, as the operator types them (case-insensitive). */
  protectedPhrases?: string[];
}

export interface SlideInput {
  template: TemplateId;
  /** Device pixels of the surface. */
  width: number;
  height: number;
  text: string;
  fields?: SlideFields;
  options?: SlideOptions;
}
