import { LitElement, css, html, type PropertyValues } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import { contextMeasurer, drawLayout, FONT_FAMILY, FONT_WEIGHTS, fontCss, fontFace, layoutSlide, type DrawingContext, type ImageSource } from '../../display/render/index.js';
import { mediaFrame } from '../data/media.js';
import type { DisplayStatus } from '../../server/protocol/messages.js';

const WIDTH = 192;
/** The display's four faces; the panel's stylesheet declares only the weights its own UI uses. */
const FONT_FILES: Record<number, string> = {
  400: 'BeVietnamPro_400Regular.ttf',
  500: 'BeVietnamPro_500Medium.ttf',
  700: 'BeVietnamPro_700Bold.ttf',
  800: 'BeVietnamPro_800ExtraBold.ttf',
};
let fontsLoaded: Promise<unknown> | undefined;

function loadFonts(): Promise<unknown> {
  fontsLoaded ??= Promise.all(
    FONT_WEIGHTS.map((w) => {
      const declared = [...document.fonts].some((f) => f.family.replace(/"/g, '') === FONT_FAMILY && f.weight === String(w));
      if (!declared) document.fonts.add(new FontFace(FONT_FAMILY, `url(/fonts/${FONT_FILES[w]})`, { weight: String(w) }));
      return document.fonts.load(fontCss(fontFace(w), 48), 'Ểễậ');
    }),
  );
  return fontsLoaded;
}

/**
 * "Now showing": the item a display reported, drawn by the same renderer the display uses, at the
 * display's aspect ratio. The text comes from the timeline the server sent that display.
 */
@customElement('ctl-display-thumbnail')
export class CtlDisplayThumbnail extends LitElement {
  @property({ attribute: false }) showing: NonNullable<DisplayStatus['showing']> | null = null;
  @property({ attribute: false }) screen: DisplayStatus['screen'] = null;
  @query('canvas') private _canvas!: HTMLCanvasElement;

  override render() {
    return this.showing ? html`<canvas title=${this.showing.text} data-showing=${this.showing.text}></canvas>` : html`<span>—</span>`;
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (!this.showing || !(changed.has('showing') || changed.has('screen'))) return;
    void this.draw(this.showing);
  }

  private async draw(showing: NonNullable<DisplayStatus['showing']>): Promise<void> {
    const aspect = this.screen ? this.screen.height / this.screen.width : 9 / 16;
    const canvas = this._canvas;
    canvas.width = Math.round(WIDTH * devicePixelRatio);
    canvas.height = Math.round(WIDTH * aspect * devicePixelRatio);
    // The renderer measures text: the bundled font must be there first, as on the display; a
    // picture or clip is drawn from its original (a clip's first frame), fetched with the panel's session.
    const media = showing.media;
    const [, frame] = await Promise.all([loadFonts(), media ? mediaFrame(media).catch(() => undefined) : undefined]);
    // A newer report arrived while this one loaded: it draws instead.
    if (showing !== this.showing) return;
    const ctx = canvas.getContext('2d')!;
    const layout = layoutSlide(
      { template: showing.template, width: canvas.width, height: canvas.height, text: showing.text, fields: { ...showing.fields, ...(media ? { media } : {}) } },
      contextMeasurer(ctx as unknown as DrawingContext),
    );
    drawLayout(ctx as unknown as DrawingContext, layout, (id): ImageSource | undefined => (id === media?.id ? frame : undefined));
  }

  static override styles = css`
    :host { display: inline-block; }
    canvas { width: ${WIDTH}px; display: block; border-radius: 4px; box-shadow: 0 0 0 1px var(--pano-line); }
  `;
}

declare global {
  interface HTMLElementTagNameMap {
    'ctl-display-thumbnail': CtlDisplayThumbnail;
  }
}
