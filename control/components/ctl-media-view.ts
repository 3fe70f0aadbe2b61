import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { RevisionMedia } from '../../server/protocol/media.js';
import { mediaUrl } from '../data/media.js';
import { defineMessages, formatLocalDate, type Locale } from '../i18n.js';
import { formatLength } from '../time.js';
import { sharedStyles } from './shared-styles.js';

const messages = defineMessages(
  {
    credit: 'Nguồn ảnh',
    clipCredit: 'Nguồn',
    takenOn: 'Chụp ngày',
    length: 'Thời lượng',
    focus: 'Khung viền đỏ: phần luôn được giữ khi màn hình cắt ảnh cho vừa khung.',
    whole: 'Giữ nguyên toàn bộ ảnh: màn hình không cắt ảnh.',
    size: '{w} × {h} điểm ảnh',
  },
  {
    credit: 'Photo credit',
    clipCredit: 'Credit',
    takenOn: 'Taken on',
    length: 'Length',
    focus: 'Red outline: the part that always stays when a screen crops the picture to fit.',
    whole: 'The whole picture stays: screens never crop it.',
    size: '{w} × {h} pixels',
  },
);

const isWhole = (f: { x: number; y: number; width: number; height: number }) => f.x === 0 && f.y === 0 && f.width === 1 && f.height === 1;

/**
 * A picture or clip revision as the approver judges it: the picture upright exactly as Chromium
 * draws the file (EXIF orientation applied, `image-orientation: from-image`), the focus box outlined
 * over it, and the caption, credit and date; a clip muted with its controls and its length.
 */
@customElement('ctl-media-view')
export class CtlMediaView extends LitElement {
  @property({ attribute: false }) locale: Locale = 'vi';
  @property({ attribute: false }) media!: RevisionMedia;
  @property() caption = '';
  /** Which revision this is, e.g. "Bản 2 đang chờ duyệt". */
  @property() label = '';
  /** Fields that differ from the revision beside it: marked so the approver sees what changed. */
  @property({ attribute: false }) changed: ReadonlySet<'file' | 'caption' | 'credit' | 'takenOn' | 'focus'> = new Set();

  override render() {
    const m = messages(this.locale);
    const media = this.media;
    const mark = (field: 'file' | 'caption' | 'credit' | 'takenOn' | 'focus') => (this.changed.has(field) ? 'changed' : '');
    return html`
      <figure data-testid="media-view" data-media=${media.kind} class=${mark('file')}>
        ${this.label ? html`<p class="label">${this.label}</p>` : ''}
        ${media.kind === 'picture'
          ? html`<div class="frame">
              <img src=${mediaUrl('picture', media.mediaId)} alt=${this.caption} />
              ${isWhole(media.focus)
                ? ''
                : html`<div
                    class="focus ${mark('focus')}"
                    data-testid="focus-box"
                    style="left:${media.focus.x * 100}%;top:${media.focus.y * 100}%;width:${media.focus.width * 100}%;height:${media.focus.height * 100}%"
                  ></div>`}
            </div>`
          : html`<video src=${mediaUrl('clip', media.mediaId)} muted controls preload="metadata" playsinline></video>`}
        <figcaption>
          <p class="caption ${mark('caption')}" data-testid="media-caption">${this.caption}</p>
          <p class="facts">
            ${media.credit ? html`<span class=${mark('credit')}>${media.kind === 'picture' ? m.credit : m.clipCredit}: ${media.credit}</span>` : ''}
            ${media.kind === 'picture' && media.takenOn ? html`<span class=${mark('takenOn')}>${m.takenOn} ${formatLocalDate(media.takenOn)}</span>` : ''}
            ${media.kind === 'clip' ? html`<span data-testid="clip-length">${m.length} ${formatLength(media.durationMs)}</span>` : ''}
            <span class="muted">${m.size.replace('{w}', String(media.width)).replace('{h}', String(media.height))}</span>
          </p>
          ${media.kind === 'picture' ? html`<p class="muted hint ${mark('focus')}">${isWhole(media.focus) ? m.whole : m.focus}</p>` : ''}
        </figcaption>
      </figure>
    `;
  }

  static override styles = [
    sharedStyles,
    css`
      figure { margin: 0; min-width: 0; padding: 8px; border-radius: var(--pano-radius); border: 1px solid var(--pano-line); background: var(--pano-surface); }
      figure.changed { border-color: #2e7d32; box-shadow: 0 0 0 2px #d4f2d4; }
      .label { margin: 0 0 6px; font-size: 0.85rem; color: var(--pano-muted); }
      /* The frame is exactly the picture's box, so the focus box's fractions land where they belong. */
      .frame { position: relative; display: inline-block; max-width: 100%; line-height: 0; overflow: hidden; }
      img { image-orientation: from-image; max-width: 100%; max-height: 420px; display: block; }
      video { width: 100%; max-height: 420px; background: #000; display: block; }
      .focus { position: absolute; box-sizing: border-box; border: 3px solid var(--pano-red); box-shadow: 0 0 0 9999px rgb(0 0 0 / 0.25); pointer-events: none; }
      figcaption p { margin: 6px 0 0; }
      .caption { font-weight: 500; white-space: pre-wrap; }
      .facts { display: flex; flex-wrap: wrap; gap: 4px 16px; font-size: 0.9rem; }
      .hint { font-size: 0.8rem; }
      .changed:not(figure) { background: #d4f2d4; border-radius: 3px; }
    `,
  ];
}

declare global {
  interface HTMLElementTagNameMap {
    'ctl-media-view': CtlMediaView;
  }
}
