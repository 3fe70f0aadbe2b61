import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { WHOLE_PICTURE, type FocusBox, type MediaKind, type RevisionMedia, type RevisionMediaInput } from '../../server/protocol/media.js';
import { PHOTO_MIMES, type Photo } from '../../server/photos/protocol.js';
import { fetchPhotos, uploadPhoto } from '../data/photos.js';
import { fetchClips, mediaUrl, uploadClip } from '../data/media.js';
import { CLIP_MIMES, type Clip } from '../../server/media/clip-protocol.js';
import { describeError } from '../data/content.js';
import { defineMessages, formatInstant, type Locale } from '../i18n.js';
import { formatLength, formatLocalDate, parseDayMonthYear } from '../time.js';
import { sharedStyles } from './shared-styles.js';
import './ctl-focus-box.js';

const messages = defineMessages(
  {
    photo: 'Ảnh',
    clip: 'Đoạn phim',
    choose: 'Chọn ảnh đã tải lên',
    chooseClip: 'Chọn đoạn phim đã tải lên',
    upload: 'Hoặc tải ảnh mới lên (JPEG, PNG, WebP)',
    uploadClip: 'Hoặc tải đoạn phim mới lên (WebM, MP4; tối đa 60 giây)',
    uploading: 'Đang tải lên…',
    none: 'Chưa có tệp nào.',
    chosen: 'Đã chọn',
    credit: 'Nguồn ảnh / tác giả',
    clipCredit: 'Nguồn / tác giả',
    takenOn: 'Ngày chụp (dd/mm/yyyy)',
    badDate: 'Ngày chụp theo dạng dd/mm/yyyy, ví dụ 10/08/2020',
    needFile: 'Hãy chọn hoặc tải lên một tệp',
  },
  {
    photo: 'Picture',
    clip: 'Clip',
    choose: 'Choose an uploaded photo',
    chooseClip: 'Choose an uploaded clip',
    upload: 'Or upload a new photo (JPEG, PNG, WebP)',
    uploadClip: 'Or upload a new clip (WebM, MP4; at most 60 seconds)',
    uploading: 'Uploading…',
    none: 'No files yet.',
    chosen: 'Chosen',
    credit: 'Photo credit / author',
    clipCredit: 'Credit / author',
    takenOn: 'Date taken (dd/mm/yyyy)',
    badDate: 'Date taken as dd/mm/yyyy, e.g. 10/08/2020',
    needFile: 'Choose or upload a file',
  },
);

interface Chosen {
  id: string;
  width: number;
  height: number;
  durationMs?: number;
}

/**
 * A picture's or clip's file and its facts, for a proposal or a new revision: choose an uploaded
 * file or upload one, the credit, a picture's date taken and focus box. The caption is the form's
 * own text field. Emits `media-change` whenever the preview should follow.
 */
@customElement('ctl-media-fields')
export class CtlMediaFields extends LitElement {
  @property({ attribute: false }) locale: Locale = 'vi';
  @property() kind: MediaKind = 'picture';
  /** The revision being revised: its file, credit, date and box are the starting values. */
  @property({ attribute: false }) initial: RevisionMedia | undefined;
  @state() private _photos: Photo[] = [];
  @state() private _clips: Clip[] = [];
  @state() private _chosen: Chosen | undefined;
  @state() private _focus: FocusBox = WHOLE_PICTURE;
  @state() private _credit = '';
  @state() private _takenOn = '';
  @state() private _error: string | undefined;
  @state() private _busy = false;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.loadFiles();
  }

  override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('initial') && this.initial) {
      const m = this.initial;
      this._chosen = { id: m.mediaId, width: m.width, height: m.height, ...(m.kind === 'clip' ? { durationMs: m.durationMs } : {}) };
      this._credit = m.credit;
      this._focus = m.kind === 'picture' ? m.focus : WHOLE_PICTURE;
      this._takenOn = m.kind === 'picture' && m.takenOn ? formatLocalDate(m.takenOn) : '';
    }
    if (changed.has('kind') && changed.get('kind') !== undefined) {
      this._chosen = undefined;
      void this.loadFiles();
    }
  }

  private async loadFiles(): Promise<void> {
    try {
      if (this.kind === 'picture') this._photos = await fetchPhotos();
      else this._clips = await fetchClips();
    } catch (err) {
      this._error = describeError(err);
    }
  }

  /** The file's revision as it would be stored (upright size copied), for the preview; undefined until a file is chosen. */
  get preview(): RevisionMedia | undefined {
    const c = this._chosen;
    if (!c) return undefined;
    const takenOn = parseDayMonthYear(this._takenOn);
    return this.kind === 'picture'
      ? { kind: 'picture', mediaId: c.id, credit: this._credit.trim(), takenOn, focus: this._focus, width: c.width, height: c.height }
      : { kind: 'clip', mediaId: c.id, credit: this._credit.trim(), width: c.width, height: c.height, durationMs: c.durationMs ?? 0 };
  }

  /** The request's `media`, or the sentence that keeps the form from being sent. */
  read(): { media: RevisionMediaInput } | { error: string } {
    const m = messages(this.locale);
    const c = this._chosen;
    if (!c) return { error: m.needFile };
    const credit = this._credit.trim();
    if (this.kind === 'clip') return { media: { kind: 'clip', mediaId: c.id, ...(credit ? { credit } : {}) } };
    const takenOn = this._takenOn.trim() ? parseDayMonthYear(this._takenOn) : undefined;
    if (takenOn === null) return { error: m.badDate };
    return { media: { kind: 'picture', mediaId: c.id, ...(credit ? { credit } : {}), ...(takenOn ? { takenOn } : {}), focus: this._focus } };
  }

  private changed(): void {
    this.dispatchEvent(new CustomEvent('media-change', { bubbles: true, composed: true }));
  }

  private choose(c: Chosen): void {
    // Another picture has its own composition: the box starts again from the whole picture.
    if (c.id !== this._chosen?.id) this._focus = WHOLE_PICTURE;
    this._chosen = c;
    this.changed();
  }

  private async upload(e: Event): Promise<void> {
    const input = e.target as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;
    this._busy = true;
    try {
      if (this.kind === 'picture') {
        const photo = await uploadPhoto(file, '');
        this._photos = [photo, ...this._photos.filter((p) => p.id !== photo.id)];
        this.choose(photo);
      } else {
        const clip = await uploadClip(file);
        this._clips = [clip, ...this._clips.filter((c) => c.id !== clip.id)];
        this.choose(clip);
      }
      this._error = undefined;
    } catch (err) {
      this._error = describeError(err);
    } finally {
      this._busy = false;
      input.value = '';
    }
  }

  override render() {
    const m = messages(this.locale);
    const picture = this.kind === 'picture';
    const chosenId = this._chosen?.id;
    const tile = (c: Chosen, image: unknown, title: string) =>
      html`<button type="button" class="tile ${c.id === chosenId ? 'chosen' : ''}" aria-pressed=${c.id === chosenId ? 'true' : 'false'} title=${title} @click=${() => this.choose(c)}>
        ${image}<span>${title}</span>
      </button>`;
    const files = picture
      ? this._photos.map((p) => tile(p, html`<img src=${p.url} alt="" loading="lazy" />`, p.caption || formatInstant(p.uploadedAt)))
      : this._clips.map((c) =>
          tile(c, html`<video src=${mediaUrl('clip', c.id)} muted preload="metadata"></video>`, `${formatLength(c.durationMs)} · ${Math.ceil(c.bytes / 1_000_000)} MB`),
        );
    return html`
      <fieldset>
        <legend>${picture ? m.photo : m.clip}</legend>
        ${this._error ? html`<p class="error" role="alert">${this._error}</p>` : ''}
        <span class="muted">${picture ? m.choose : m.chooseClip}</span>
        ${files.length ? html`<div class="tiles">${files}</div>` : html`<p class="muted">${m.none}</p>`}
        <label
          >${picture ? m.upload : m.uploadClip}
          <input type="file" name="media-file" accept=${picture ? PHOTO_MIMES.join(',') : CLIP_MIMES.join(',')} ?disabled=${this._busy} @change=${this.upload} />
        </label>
        ${this._busy ? html`<p class="muted" role="status">${m.uploading}</p>` : ''}
        <label>${picture ? m.credit : m.clipCredit}<input name="credit" maxlength="200" .value=${this._credit} @input=${(e: Event) => ((this._credit = (e.target as HTMLInputElement).value), this.changed())} /></label>
        ${picture
          ? html`<label
              >${m.takenOn}<input name="taken-on" placeholder="10/08/2020" inputmode="numeric" .value=${this._takenOn} @input=${(e: Event) => ((this._takenOn = (e.target as HTMLInputElement).value), this.changed())}
            /></label>`
          : ''}
        ${picture && chosenId
          ? html`<ctl-focus-box .locale=${this.locale} .src=${mediaUrl('picture', chosenId)} .value=${this._focus} @focus-change=${(e: CustomEvent<FocusBox>) => ((this._focus = e.detail), this.changed())}></ctl-focus-box>`
          : ''}
      </fieldset>
    `;
  }

  static override styles = [
    sharedStyles,
    css`
      fieldset { border: 1px solid var(--pano-line); border-radius: var(--pano-radius); display: grid; gap: 8px; min-width: 0; }
      .tiles { display: grid; grid-template-columns: repeat(auto-fill, minmax(96px, 1fr)); gap: 8px; max-height: 260px; overflow: auto; }
      .tile { display: grid; gap: 4px; padding: 4px; text-align: left; font-size: 0.75rem; min-width: 0; }
      .tile span { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
      .tile img, .tile video { width: 100%; height: 64px; object-fit: cover; image-orientation: from-image; border-radius: 4px; background: var(--pano-ground); }
      .tile.chosen { border-color: var(--pano-red); box-shadow: 0 0 0 2px var(--pano-red); }
    `,
  ];
}

declare global {
  interface HTMLElementTagNameMap {
    'ctl-media-fields': CtlMediaFields;
  }
}
