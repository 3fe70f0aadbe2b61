import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { ImageLookup } from '../../display/render/index.js';
import type { Photo } from '../../server/photos/protocol.js';
import { MAX_PANEL_PHOTOS } from '../../server/protocol/print.js';
import { fetchPhotos, loadPhotoBitmap, uploadPhoto } from '../data/photos.js';
import { defineMessages, type Locale } from '../i18n.js';
import { sharedStyles } from './shared-styles.js';

const messages = defineMessages(
  {
    title: 'Tiêu đề pa nô',
    chosen: 'Ảnh trên pa nô, theo thứ tự',
    library: 'Ảnh đã tải lên (bấm để thêm)',
    none: 'Chưa có ảnh nào.',
    up: 'Lên',
    down: 'Xuống',
    remove: 'Bỏ',
    upload: 'Tải ảnh lên',
    caption: 'Chú thích ảnh tải lên',
    uploading: 'Đang tải lên…',
    full: `Tối đa ${MAX_PANEL_PHOTOS} ảnh`,
    noCaption: '(không chú thích)',
  },
  {
    title: 'Panel title',
    chosen: 'Photos on the panel, in order',
    library: 'Uploaded photos (click to add)',
    none: 'No photos yet.',
    up: 'Up',
    down: 'Down',
    remove: 'Remove',
    upload: 'Upload a photo',
    caption: 'Caption of the upload',
    uploading: 'Uploading…',
    full: `At most ${MAX_PANEL_PHOTOS} photos`,
    noCaption: '(no caption)',
  },
);

/** What the operator chose for a photo panel, and the chosen photos decoded for the preview. */
export interface PanelChoice {
  title: string;
  photos: Photo[];
  images: ImageLookup;
}

/**
 * The photo panel part of the print page: a title, photos picked from the uploads (thumbnails),
 * put in order, and an upload button. Fires `panel-change`.
 */
@customElement('ctl-print-panel')
export class CtlPrintPanel extends LitElement {
  @property({ attribute: false }) locale: Locale = 'vi';
  @state() private _library: Photo[] = [];
  @state() private _chosen: Photo[] = [];
  @state() private _title = '';
  @state() private _caption = '';
  @state() private _busy = false;
  @state() private _error: string | undefined;
  private readonly bitmaps = new Map<string, ImageBitmap>();

  override connectedCallback(): void {
    super.connectedCallback();
    void fetchPhotos().then(
      (photos) => (this._library = photos),
      (err: Error) => (this._error = err.message),
    );
  }

  private emit(): void {
    const bitmaps = new Map(this.bitmaps);
    const detail: PanelChoice = { title: this._title, photos: this._chosen, images: (id) => bitmaps.get(id) };
    this.dispatchEvent(new CustomEvent<PanelChoice>('panel-change', { detail, bubbles: true, composed: true }));
  }

  private setChosen(photos: Photo[]): void {
    this._chosen = photos;
    this.emit();
    // Each picture is decoded once; the preview redraws as each one arrives.
    for (const photo of photos) {
      if (this.bitmaps.has(photo.id)) continue;
      void loadPhotoBitmap(photo).then(
        (bitmap) => {
          this.bitmaps.set(photo.id, bitmap);
          this.emit();
        },
        (err: Error) => (this._error = err.message),
      );
    }
  }

  private add(photo: Photo): void {
    if (this._chosen.some((p) => p.id === photo.id) || this._chosen.length >= MAX_PANEL_PHOTOS) return;
    this.setChosen([...this._chosen, photo]);
  }

  private move(index: number, by: -1 | 1): void {
    const next = [...this._chosen];
    const [photo] = next.splice(index, 1);
    next.splice(index + by, 0, photo!);
    this.setChosen(next);
  }

  private async upload(e: Event): Promise<void> {
    const input = e.target as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;
    this._busy = true;
    try {
      const photo = await uploadPhoto(file, this._caption);
      this._library = [photo, ...this._library.filter((p) => p.id !== photo.id)];
      this._caption = '';
      this._error = undefined;
      this.add(photo);
    } catch (err) {
      this._error = (err as Error).message;
    } finally {
      this._busy = false;
      input.value = '';
    }
  }

  override render() {
    const m = messages(this.locale);
    const chosen = new Set(this._chosen.map((p) => p.id));
    return html`
      ${this._error ? html`<p class="error" role="alert">${this._error}</p>` : ''}
      <label>${m.title}<input name="panel-title" required .value=${this._title}
        @input=${(e: Event) => ((this._title = (e.target as HTMLInputElement).value), this.emit())} /></label>
      <h4>${m.chosen} <span class="muted">(${this._chosen.length}/${MAX_PANEL_PHOTOS})</span></h4>
      <ol class="chosen">
        ${this._chosen.map(
          (p, i) => html`<li data-photo-id=${p.id}>
            <img src=${p.url} alt="" loading="lazy" />
            <span>${p.caption || m.noCaption}</span>
            <button type="button" ?disabled=${i === 0} @click=${() => this.move(i, -1)} aria-label=${m.up}>↑</button>
            <button type="button" ?disabled=${i === this._chosen.length - 1} @click=${() => this.move(i, 1)} aria-label=${m.down}>↓</button>
            <button type="button" @click=${() => this.setChosen(this._chosen.filter((x) => x.id !== p.id))} aria-label=${m.remove}>×</button>
          </li>`,
        )}
      </ol>
      <h4>${m.library}</h4>
      ${this._library.length === 0 ? html`<p class="muted">${m.none}</p>` : ''}
      <div class="library">
        ${this._library.map(
          (p) => html`<button type="button" class="thumb" data-photo-id=${p.id} title=${p.caption}
            ?disabled=${chosen.has(p.id) || this._chosen.length >= MAX_PANEL_PHOTOS} @click=${() => this.add(p)}>
            <img src=${p.url} alt=${p.caption} loading="lazy" />
          </button>`,
        )}
      </div>
      <div class="upload">
        <label>${m.caption}<input name="upload-caption" .value=${this._caption} @input=${(e: Event) => (this._caption = (e.target as HTMLInputElement).value)} /></label>
        <label class="button">${this._busy ? m.uploading : m.upload}
          <input type="file" name="upload" accept="image/jpeg,image/png,image/webp" ?disabled=${this._busy} @change=${this.upload} />
        </label>
      </div>
      ${this._chosen.length >= MAX_PANEL_PHOTOS ? html`<p class="muted">${m.full}</p>` : ''}
    `;
  }

  static override styles = [
    sharedStyles,
    css`
      :host { display: grid; gap: 8px; }
      h4 { margin: 4px 0 0; font-size: 0.9rem; }
      .chosen { margin: 0; padding-left: 20px; display: grid; gap: 4px; }
      .chosen li { display: flex; gap: 6px; align-items: center; }
      .chosen img { width: 48px; height: 36px; object-fit: cover; }
      .chosen span { flex: 1; min-width: 0; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
      .library { display: flex; flex-wrap: wrap; gap: 6px; max-height: 180px; overflow: auto; }
      .thumb { padding: 0; border: 2px solid transparent; background: none; }
      .thumb:disabled { opacity: 0.4; }
      .thumb img { display: block; width: 72px; height: 54px; object-fit: cover; }
      .upload { display: grid; grid-template-columns: 1fr auto; gap: 8px; align-items: end; }
      label.button { cursor: pointer; }
      label.button input { display: block; font-size: 0.8rem; }
    `,
  ];
}

declare global {
  interface HTMLElementTagNameMap {
    'ctl-print-panel': CtlPrintPanel;
  }
  interface HTMLElementEventMap {
    'panel-change': CustomEvent<PanelChoice>;
  }
}
