import { LitElement, css, html } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { User } from '../../server/protocol/auth.js';
import type { LayoutContent } from '../../server/print/artwork.js';
import {
  DEFAULT_ARTWORK_PRESETS,
  DEFAULT_BLEED_MM,
  DEFAULT_DPI,
  DEFAULT_SAFE_MM,
  PRESETS,
  findPreset,
  type Artwork,
  type PresetId,
  type PrintableItem,
  type PrintFormat,
  type PrintJobRequestInput,
  type PrintSettingsInput,
} from '../../server/protocol/print.js';
import { createPrintJob, fetchPrintableItems, fetchPrintCapabilities } from '../data/print.js';
import { defineMessages, tagNames, type Locale } from '../i18n.js';
import { fetchEvents } from '../data/schedule.js';
import type { ItemTag } from '../../server/protocol/plan.js';
import type { BackdropChoice } from './ctl-print-backdrop.js';
import type { CtlPrintJobs } from './ctl-print-jobs.js';
import type { PanelChoice } from './ctl-print-panel.js';
import './ctl-print-backdrop.js';
import './ctl-print-jobs.js';
import './ctl-print-panel.js';
import './ctl-print-preview.js';
import { sharedStyles } from './shared-styles.js';

const messages = defineMessages(
  {
    heading: 'In băng rôn, phông, pa nô',
    artwork: 'Loại',
    banner: 'Băng rôn',
    backdrop: 'Phông hội trường',
    'photo-panel': 'Pa nô ảnh',
    items: 'Khẩu hiệu đã duyệt',
    tag: 'Thẻ',
    event: 'Sự kiện',
    phase: 'Đợt / mục',
    all: 'Tất cả',
    size: 'Khổ',
    custom: 'Khổ tự chọn',
    width: 'Rộng (mm)',
    height: 'Cao (mm)',
    format: 'Định dạng',
    dpi: 'Độ phân giải (dpi)',
    bleed: 'Xuất huyết (mm)',
    safe: 'Lề an toàn (mm)',
    marks: 'Dấu xén',
    slug: 'Dòng ghi chú (slug)',
    zip: 'Thêm tệp ZIP, mỗi khẩu hiệu một tệp',
    cmyk: 'Thêm PDF CMYK (Ghostscript)',
    noGs: 'máy chủ chưa cài Ghostscript',
    outlines: 'Chữ thành đường nét',
    start: 'In',
    chosen: 'đã chọn',
    preview: 'Xem trước đúng tỉ lệ (băng rôn: khẩu hiệu chọn đầu tiên)',
    previewBackdrop: 'Xem trước đúng tỉ lệ (phông hội trường với các dòng đã chọn)',
    previewPanel: 'Xem trước đúng tỉ lệ (pa nô ảnh với tiêu đề và ảnh đã chọn)',
    loading: 'Đang tải…',
  },
  {
    heading: 'Print banners, backdrops, panels',
    artwork: 'Artwork',
    banner: 'Banner',
    backdrop: 'Hall backdrop',
    'photo-panel': 'Photo panel',
    items: 'Approved slogans',
    tag: 'Tag',
    event: 'Event',
    phase: 'Phase / section',
    all: 'All',
    size: 'Size',
    custom: 'Custom size',
    width: 'Width (mm)',
    height: 'Height (mm)',
    format: 'Format',
    dpi: 'Resolution (dpi)',
    bleed: 'Bleed (mm)',
    safe: 'Safe margin (mm)',
    marks: 'Crop marks',
    slug: 'Slug line',
    zip: 'Also a ZIP, one file per slogan',
    cmyk: 'Also a CMYK PDF (Ghostscript)',
    noGs: 'Ghostscript is not installed on the server',
    outlines: 'Text as outlines',
    start: 'Print',
    chosen: 'selected',
    preview: 'Preview in true proportion (banner: first selected slogan)',
    previewBackdrop: 'Preview in true proportion (hall backdrop with the chosen lines)',
    previewPanel: 'Preview in true proportion (photo panel with its title and photos)',
    loading: 'Loading…',
  },
);

type Filter = 'tag' | 'event' | 'section';

/**
 * The print page: choose the artwork (banners of approved slogans, a congress backdrop, a photo
 * panel) and a size, preview it, start a job, follow it below.
 */
@customElement('ctl-print-page')
export class CtlPrintPage extends LitElement {
  @property({ attribute: false }) locale: Locale = 'vi';
  @property({ attribute: false }) me!: User;
  @state() private _artwork: Artwork = 'banner';
  @state() private _backdrop: BackdropChoice | undefined;
  @state() private _panel: PanelChoice | undefined;
  @state() private _items: PrintableItem[] | undefined;
  @state() private _selected: number[] = [];
  @state() private _filter: Record<Filter, string> = { tag: '', event: '', section: '' };
  @state() private _preset: PresetId | 'custom' = 'bang-ron-5x0.8';
  @state() private _custom = { widthMm: 5000, heightMm: 800 };
  @state() private _format: PrintFormat = 'pdf';
  @state() private _dpi = DEFAULT_DPI;
  @state() private _bleed = DEFAULT_BLEED_MM;
  @state() private _safe = DEFAULT_SAFE_MM;
  @state() private _flags = { marks: true, slug: true, zip: false, cmyk: false, outlines: false };
  @state() private _ghostscript: string | null = null;
  @state() private _busy = false;
  @state() private _error: string | undefined;
  @query('ctl-print-jobs') private jobs!: CtlPrintJobs;

  /** Approvers come here to approve jobs with free text; making jobs is for operators and admins. */
  private get operates(): boolean {
    return this.me.roles.some((r) => r === 'operator' || r === 'admin');
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (!this.operates) return;
    void Promise.all([fetchPrintableItems(), fetchPrintCapabilities(), fetchEvents()]).then(
      ([items, caps, events]) => ((this._items = items), (this._ghostscript = caps.ghostscript), (this._eventNames = new Map(events.map((e) => [e.id, e.name])))),
      (err: Error) => (this._error = err.message),
    );
  }

  private get size(): { widthMm: number; heightMm: number } {
    return this._preset === 'custom' ? this._custom : findPreset(this._preset);
  }

  private chooseArtwork(artwork: Artwork): void {
    this._artwork = artwork;
    this.choosePreset(artwork === 'banner' ? 'bang-ron-5x0.8' : DEFAULT_ARTWORK_PRESETS[artwork]);
  }

  /** What the chosen artwork prints, for the request; undefined until it is complete. */
  private request(settings: PrintSettingsInput): PrintJobRequestInput | undefined {
    switch (this._artwork) {
      case 'banner':
        return this._selected.length > 0 ? { ...settings, artwork: 'banner', items: this._selected } : undefined;
      case 'backdrop': {
        const b = this._backdrop;
        return b ? { ...settings, artwork: 'backdrop', eventId: b.eventId, topLine: b.topLine.trim(), datePlace: b.datePlace.trim() } : undefined;
      }
      case 'photo-panel': {
        const p = this._panel;
        return p && p.title.trim() && p.photos.length > 0 ? { ...settings, artwork: 'photo-panel', title: p.title.trim(), photoIds: p.photos.map((x) => x.id) } : undefined;
      }
    }
  }

  private previewContent(): LayoutContent {
    if (this._artwork === 'backdrop' && this._backdrop) return { template: 'backdrop', ...this._backdrop };
    if (this._artwork === 'photo-panel') return { template: 'photo-panel', title: this._panel?.title ?? '', photos: this._panel?.photos ?? [] };
    const first = this._items?.find((i) => i.id === this._selected[0]) ?? this.visible()[0];
    return { template: 'banner', text: first?.text ?? '' };
  }

  private choosePreset(value: string): void {
    this._preset = value as PresetId | 'custom';
    if (this._preset !== 'custom') {
      const preset = findPreset(this._preset);
      this._bleed = preset.bleedMm;
      this._safe = preset.safeMm;
    }
  }

  /** Event names by id, for the filter: people see names, never ids. */
  @state() private _eventNames = new Map<string, string>();

  private visible(): PrintableItem[] {
    const f = this._filter;
    return (this._items ?? []).filter(
      (i) => (!f.tag || i.tags.includes(f.tag)) && (!f.event || i.events.includes(f.event)) && (!f.section || i.section === f.section),
    );
  }

  private toggle(id: number, on: boolean): void {
    this._selected = on ? [...this._selected, id] : this._selected.filter((x) => x !== id);
  }

  private settings(): PrintSettingsInput {
    const pdf = this._format === 'pdf';
    return {
      format: this._format,
      ...(this._preset === 'custom' ? this._custom : { preset: this._preset }),
      ...(pdf ? {} : { dpi: this._dpi }),
      bleedMm: this._bleed,
      safeMm: this._safe,
      marks: this._flags.marks,
      slug: this._flags.slug,
      zip: this._artwork === 'banner' && this._flags.zip,
      cmyk: pdf && this._flags.cmyk,
      outlines: pdf && this._flags.outlines,
    };
  }

  private async start(e: Event): Promise<void> {
    e.preventDefault();
    const job = this.request(this.settings());
    if (!job) return;
    this._busy = true;
    try {
      await createPrintJob(job);
      this._error = undefined;
      await this.jobs.reload();
    } catch (err) {
      this._error = (err as Error).message;
    } finally {
      this._busy = false;
    }
  }

  override render() {
    const m = messages(this.locale);
    if (!this.operates) return html`<h2>${m.heading}</h2><ctl-print-jobs .locale=${this.locale} .me=${this.me}></ctl-print-jobs>`;
    if (!this._items) return html`<h2>${m.heading}</h2><p>${this._error ?? m.loading}</p>`;
    const num = (set: (v: number) => void) => (e: Event) => set(Number((e.target as HTMLInputElement).value));
    const ready = this.request(this.settings()) !== undefined;
    return html`
      <h2>${m.heading}</h2>
      ${this._error ? html`<p class="error" role="alert">${this._error}</p>` : ''}
      <div class="artworks" role="radiogroup" aria-label=${m.artwork}>
        ${(['banner', 'backdrop', 'photo-panel'] as const).map(
          (a) => html`<label class="check"><input type="radio" name="artwork" value=${a} data-testid=${`artwork-${a}`} .checked=${this._artwork === a}
            @change=${() => this.chooseArtwork(a)} />${m[a]}</label>`,
        )}
      </div>
      <div class="layout">
        <section>${this.content()}</section>
        <form @submit=${this.start}>
          <label>${m.size}
            <select name="preset" @change=${(e: Event) => this.choosePreset((e.target as HTMLSelectElement).value)}>
              ${PRESETS.map((p) => html`<option value=${p.id} ?selected=${p.id === this._preset}>${p.name[this.locale]}</option>`)}
              <option value="custom" ?selected=${this._preset === 'custom'}>${m.custom}</option>
            </select>
          </label>
          ${this._preset === 'custom'
            ? html`<div class="pair">
                <label>${m.width}<input type="number" name="width" min="1" max="50000" required .value=${String(this._custom.widthMm)} @input=${num((v) => (this._custom = { ...this._custom, widthMm: v }))} /></label>
                <label>${m.height}<input type="number" name="height" min="1" max="50000" required .value=${String(this._custom.heightMm)} @input=${num((v) => (this._custom = { ...this._custom, heightMm: v }))} /></label>
              </div>`
            : ''}
          <div class="pair">
            <label>${m.format}
              <select name="format" @change=${(e: Event) => (this._format = (e.target as HTMLSelectElement).value as PrintFormat)}>
                <option value="pdf" ?selected=${this._format === 'pdf'}>PDF</option><option value="png" ?selected=${this._format === 'png'}>PNG</option>
              </select>
            </label>
            ${this._format === 'png' ? html`<label>${m.dpi}<input type="number" name="dpi" min="10" max="600" .value=${String(this._dpi)} @input=${num((v) => (this._dpi = v))} /></label>` : ''}
          </div>
          <div class="pair">
            <label>${m.bleed}<input type="number" name="bleed" min="0" max="100" .value=${String(this._bleed)} @input=${num((v) => (this._bleed = v))} /></label>
            <label>${m.safe}<input type="number" name="safe" min="0" max="1000" .value=${String(this._safe)} @input=${num((v) => (this._safe = v))} /></label>
          </div>
          ${(['marks', 'slug'] as const).map((k) => this.flag(k, m[k]))}
          ${this._artwork === 'banner' ? this.flag('zip', m.zip) : ''}
          ${this._format === 'pdf'
            ? html`${this.flag('cmyk', this._ghostscript ? `${m.cmyk} ${this._ghostscript}` : `${m.cmyk}: ${m.noGs}`, !this._ghostscript)} ${this.flag('outlines', m.outlines)}`
            : ''}
          <button class="primary" type="submit" data-testid="print-start" ?disabled=${this._busy || !ready}>
            ${m.start}${this._artwork === 'banner' ? ` (${this._selected.length})` : ''}
          </button>
        </form>
      </div>
      <p class="muted" data-testid="preview-caption">${this._artwork === 'backdrop' ? m.previewBackdrop : this._artwork === 'photo-panel' ? m.previewPanel : m.preview}</p>
      <ctl-print-preview .content=${this.previewContent()} .images=${this._artwork === 'photo-panel' ? this._panel?.images : undefined}
        .widthMm=${this.size.widthMm} .heightMm=${this.size.heightMm} .bleedMm=${this._bleed} .safeMm=${this._safe}></ctl-print-preview>
      <ctl-print-jobs .locale=${this.locale} .me=${this.me}></ctl-print-jobs>
    `;
  }

  /** The left column: what the chosen artwork prints. */
  private content() {
    const m = messages(this.locale);
    switch (this._artwork) {
      case 'backdrop':
        return html`<ctl-print-backdrop .locale=${this.locale} @backdrop-change=${(e: CustomEvent<BackdropChoice>) => (this._backdrop = e.detail)}></ctl-print-backdrop>`;
      case 'photo-panel':
        return html`<ctl-print-panel .locale=${this.locale} @panel-change=${(e: CustomEvent<PanelChoice>) => (this._panel = e.detail)}></ctl-print-panel>`;
      case 'banner':
        return html`
          <h3>${m.items} <span class="muted">(${this._selected.length} ${m.chosen})</span></h3>
          <div class="filters">${(['tag', 'event', 'section'] as const).map((f) => this.filterSelect(f))}</div>
          <ul class="items">
            ${this.visible().map(
              (i) => html`<li>
                <label class="check"><input type="checkbox" data-item-id=${i.id} .checked=${this._selected.includes(i.id)}
                  @change=${(e: Event) => this.toggle(i.id, (e.target as HTMLInputElement).checked)} />
                  <span>${i.text}<br /><span class="muted">${i.section} · #${i.revisionId}</span></span></label>
              </li>`,
            )}
          </ul>
        `;
    }
  }

  private filterSelect(f: Filter) {
    const m = messages(this.locale);
    const values = [...new Set((this._items ?? []).flatMap((i) => (f === 'tag' ? i.tags : f === 'event' ? i.events : [i.section])))].filter(Boolean).sort();
    const label = f === 'tag' ? m.tag : f === 'event' ? m.event : m.phase;
    return html`<label>${label}
      <select name=${`filter-${f}`} @change=${(e: Event) => (this._filter = { ...this._filter, [f]: (e.target as HTMLSelectElement).value })}>
        <option value="">${m.all}</option>
        ${values.map((v) => html`<option value=${v} ?selected=${this._filter[f] === v}>${this.valueName(f, v)}</option>`)}
      </select>
    </label>`;
  }

  private valueName(f: Filter, value: string): string {
    if (f === 'tag') return tagNames(this.locale)[value as ItemTag] ?? value;
    if (f === 'event') return this._eventNames.get(value) ?? value;
    return value;
  }

  private flag(key: keyof CtlPrintPage['_flags'], label: string, disabled = false) {
    return html`<label class="check"><input type="checkbox" name=${key} ?disabled=${disabled} .checked=${this._flags[key]}
      @change=${(e: Event) => (this._flags = { ...this._flags, [key]: (e.target as HTMLInputElement).checked })} />${label}</label>`;
  }

  static override styles = [
    sharedStyles,
    css`
      .artworks { display: flex; gap: 16px; margin-bottom: 12px; }
      .layout { display: grid; grid-template-columns: minmax(0, 1fr) 360px; gap: 16px; align-items: start; }
      h3 { font-size: 1rem; margin: 0 0 8px; }
      .filters { display: flex; gap: 8px; flex-wrap: wrap; margin-bottom: 8px; }
      .items { list-style: none; margin: 0; padding: 0; max-height: 420px; overflow: auto; background: var(--pano-surface); border-radius: var(--pano-radius); }
      .items li { padding: 6px 10px; border-bottom: 1px solid var(--pano-line); }
      label.check { display: flex; flex-direction: row; gap: 8px; align-items: flex-start; color: var(--pano-ink); }
      .pair { display: grid; grid-template-columns: 1fr 1fr; gap: 8px; }
      ctl-print-preview { margin: 8px 0 16px; }
    `,
  ];
}

declare global {
  interface HTMLElementTagNameMap {
    'ctl-print-page': CtlPrintPage;
  }
}
