/**
 * The renderer's contract. display/render is pure: no DOM globals, no node: imports.
 * The platform passes in a TextMeasurer and a DrawingContext (a browser canvas or node-canvas).
 */

export type FontWeight = 400 | 500 | 700 | 800;

export interface FontFace {
  family: string;
  weight: FontWeight;
}

/** Ink metrics of a run of text, in px, relative to the alphabetic baseline. */
export interface InkMetrics {
  /** Advance width (TextMetrics.width). */
  width: number;
  /** Ink above the baseline (actualBoundingBoxAscent); Ể reaches 1.16 em. */
  ascent: number;
  /** Ink below the baseline (actualBoundingBoxDescent). */
  descent: number;
  /**
   * Right edge of the ink from the start of the run (actualBoundingBoxRight); it can pass the
   * advance (the horn of ư/ự sticks out 0.04 em). Absent means "within the advance".
   */
  right?: number;
}

export interface TextMeasurer {
  measure(text: string, face: FontFace, sizePx: number): InkMetrics;
}

/**
 * A decoded picture the platform can draw (node-canvas Image or Canvas, a browser ImageBitmap).
 * Opaque to the renderer, which only hands it back to DrawingContext.drawImage.
 */
export type ImageSource = object;

/** The platform's pictures by id; undefined for one it does not have (yet). */
export type ImageLookup = (id: string) => ImageSource | undefined;

/** What the draw loop needs of a 2D context; both the DOM and node-canvas contexts satisfy it. */
export interface DrawingContext {
  fillStyle: unknown;
  strokeStyle: unknown;
  lineWidth: number;
  font: string;
  textAlign: string;
  textBaseline: string;
  save(): void;
  restore(): void;
  translate(x: number, y: number): void;
  scale(x: number, y: number): void;
  fillRect(x: number, y: number, w: number, h: number): void;
  fillText(text: string, x: number, y: number): void;
  drawImage(image: ImageSource, dx: number, dy: number, dw: number, dh: number): void;
  beginPath(): void;
  moveTo(x: number, y: number): void;
  lineTo(x: number, y: number): void;
  closePath(): void;
  rect(x: number, y: number, w: number, h: number): void;
  clip(): void;
  fill(): void;
  stroke(): void;
  measureText(text: string): {
    width: number;
    actualBoundingBoxAscent: number;
    actualBoundingBoxDescent: number;
    actualBoundingBoxRight: number;
  };
}
