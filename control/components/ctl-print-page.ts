import { LitElement, css, html } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { User } from '../../server/protocol/auth.js';
import {
  DEFAULT_BLEED_MM,
  DEFAULT_DPI,
  DEFAULT_SAFE_MM,
  PRESETS,
  findPreset,
  type PresetId,
  type PrintableItem,
  type PrintFormat,
  type PrintSettingsInput,
} from '../../server/protocol/print.js';
import { createPrintJob, fetchPrintableItems, fetchPrintCapabilities } from '../data/print.js';
import { defineMessages, type Locale } from '../i18n.js';
import type { CtlPrintJobs } from './ctl-print-jobs.js';
import './ctl-print-jobs.js';
import './ctl-print-preview.js';
import { sharedStyles } from './shared-styles.js';

const messages = defineMessages(
  {
    heading: 'In băng rôn',
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
    preview: 'Xem trước đúng tỉ lệ (khẩu hiệu chọn đầu tiên)',
    loading: 'Đang tải…',
  },
  {
    heading: 'Print banners',
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
    preview: 'True-proportion preview (first selected slogan)',
    loading: 'Loading…',
  },
);

type Filter = 'tag' | 'event' | 'section';

/** The print page: pick approved slogans and a size, preview, start a job, follow it below. */
@customElement('ctl-print-page')
export class CtlPrintPage extends LitElement {
  @property({ attribute: false }) locale: Locale = 'vi';
  @property({ attribute: false }) me!: User;
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

  override connectedCallback(): void {
    super.connectedCallback();
    void Promise.all([fetchPrintableItems(), fetchPrintCapabilities()]).then(
      ([items, caps]) => ((this._items = items), (this._ghostscript = caps.ghostscript)),
      (err: Error) => (this._error = err.message),
    );
  }

  private get size(): { widthMm: number; heightMm: number } {
    return this._preset === 'custom' ? this._custom : findPreset(this._preset);
  }

  private choosePreset(value: string): void {
    this._preset = value as PresetId | 'custom';
    if (this._preset !== 'custom') {
      const preset = findPreset(this._preset);
      this._bleed = preset.bleedMm;
      this._safe = preset.safeMm;
    }
  }

  private visible(): PrintableItem[] {
    const f = this._filter;
    return (this._items ?? []).filter(
      (i) => (!f.tag || i.tags.includes(f.tag)) && (!f.event || i.events.includes(f.event)) && (!f.section || i.section === f.section),
    );
  }

  private toggle(id: number, on: boolean): void {
    this._selected = on ? [...this._selected, id] : this._selected.filter((x) => x !== id);
  }

  private async start(e: Event): Promise<void> {
    e.preventDefault();
    const pdf = this._format === 'pdf';
    const settings: PrintSettingsInput = {
      format: this._format,
      ...(this._preset === 'custom' ? this._custom : { preset: this._preset }),
      ...(pdf ? {} : { dpi: this._dpi }),
      bleedMm: this._bleed,
      safeMm: this._safe,
      marks: this._flags.marks,
      slug: this._flags.slug,
      zip: this._flags.zip,
      cmyk: pdf && this._flags.cmyk,
      outlines: pdf && this._flags.outlines,
    };
    this._busy = true;
    try {
      await createPrintJob(this._selected, settings);
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
    if (!this._items) return html`<h2>${m.heading}</h2><p>${this._error ?? m.loading}</p>`;
    const first = this._items.find((i) => i.id === this._selected[0]) ?? this.visible()[0];
    const num = (set: (v: number) => void) => (e: Event) => set(Number((e.target as HTMLInputElement).value));
    return html`
      <h2>${m.heading}</h2>
      ${this._error ? html`<p class="error" role="alert">${this._error}</p>` : ''}
      <div class="layout">
        <section>
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
        </section>
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
          ${(['marks', 'slug', 'zip'] as const).map((k) => this.flag(k, m[k]))}
          ${this._format === 'pdf'
            ? html`${this.flag('cmyk', this._ghostscript ? `${m.cmyk} ${this._ghostscript}` : `${m.cmyk}: ${m.noGs}`, !this._ghostscript)} ${this.flag('outlines', m.outlines)}`
            : ''}
          <button class="primary" type="submit" data-testid="print-start" ?disabled=${this._busy || this._selected.length === 0}>${m.start} (${this._selected.length})</button>
        </form>
      </div>
      <p class="muted">${m.preview}</p>
      <ctl-print-preview .text=${first?.text ?? ''} .widthMm=${this.size.widthMm} .heightMm=${this.size.heightMm} .bleedMm=${this._bleed} .safeMm=${this._safe}></ctl-print-preview>
      <ctl-print-jobs .locale=${this.locale}></ctl-print-jobs>
    `;
  }

  private filterSelect(f: Filter) {
    const m = messages(this.locale);
    const values = [...new Set((this._items ?? []).flatMap((i) => (f === 'tag' ? i.tags : f === 'event' ? i.events : [i.section])))].filter(Boolean).sort();
    const label = f === 'tag' ? m.tag : f === 'event' ? m.event : m.phase;
    return html`<label>${label}
      <select name=${`filter-${f}`} @change=${(e: Event) => (this._filter = { ...this._filter, [f]: (e.target as HTMLSelectElement).value })}>
        <option value="">${m.all}</option>
        ${values.map((v) => html`<option value=${v} ?selected=${this._filter[f] === v}>${v}</option>`)}
      </select>
    </label>`;
  }

  private flag(key: keyof CtlPrintPage['_flags'], label: string, disabled = false) {
    return html`<label class="check"><input type="checkbox" name=${key} ?disabled=${disabled} .checked=${this._flags[key]}
      @change=${(e: Event) => (this._flags = { ...this._flags, [key]: (e.target as HTMLInputElement).checked })} />${label}</label>`;
  }

  static override styles = [
    sharedStyles,
    css`
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
