import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { DEFAULT_BACKDROP_TOP_LINE } from '../../display/render/index.js';
import { congressTitleLines } from '../../server/domain/compiler/plan-input.js';
import { backdropDatePlace } from '../../server/protocol/print.js';
import type { EventView } from '../../server/protocol/schedule.js';
import { fetchEvents } from '../data/schedule.js';
import { defineMessages, type Locale } from '../i18n.js';
import { sharedStyles } from './shared-styles.js';

const messages = defineMessages(
  {
    congress: 'Đại hội',
    none: 'Chưa có đại hội nào trong danh sách sự kiện.',
    topLine: 'Dòng trên cùng (để trống: bỏ dòng này)',
    title: 'Tên đại hội (lấy từ danh sách sự kiện)',
    datePlace: 'Ngày và nơi họp (để trống: bỏ dòng này)',
    loading: 'Đang tải…',
  },
  {
    congress: 'Congress',
    none: 'No congress in the event list yet.',
    topLine: 'Top line (empty: leave it out)',
    title: 'Congress title (from the event list)',
    datePlace: 'Date and place (empty: leave it out)',
    loading: 'Loading…',
  },
);

/** What the operator chose for a backdrop; the title lines follow the congress's name. */
export interface BackdropChoice {
  eventId: string;
  topLine: string;
  titleLines: string[];
  datePlace: string;
}

/**
 * The backdrop part of the print page: a congress from the event list, its title lines as the
 * print will set them, and the editable top and date-place lines. Fires `backdrop-change`.
 */
@customElement('ctl-print-backdrop')
export class CtlPrintBackdrop extends LitElement {
  @property({ attribute: false }) locale: Locale = 'vi';
  @state() private _congresses: EventView[] | undefined;
  @state() private _choice: BackdropChoice | undefined;
  @state() private _error: string | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    void fetchEvents().then(
      (events) => {
        this._congresses = events.filter((e) => e.kind === 'congress');
        if (this._congresses[0]) this.choose(this._congresses[0]);
      },
      (err: Error) => (this._error = err.message),
    );
  }

  private choose(event: EventView): void {
    // A new congress brings its own dates; the top line the operator typed stays.
    this.emit({ eventId: event.id, topLine: this._choice?.topLine ?? DEFAULT_BACKDROP_TOP_LINE, titleLines: congressTitleLines(event.name), datePlace: backdropDatePlace(event) });
  }

  private emit(choice: BackdropChoice): void {
    this._choice = choice;
    this.dispatchEvent(new CustomEvent<BackdropChoice>('backdrop-change', { detail: choice, bubbles: true, composed: true }));
  }

  override render() {
    const m = messages(this.locale);
    if (this._error) return html`<p class="error" role="alert">${this._error}</p>`;
    if (!this._congresses) return html`<p>${m.loading}</p>`;
    if (this._congresses.length === 0 || !this._choice) return html`<p class="muted">${m.none}</p>`;
    const choice = this._choice;
    const text = (key: 'topLine' | 'datePlace') => (e: Event) => this.emit({ ...choice, [key]: (e.target as HTMLInputElement).value });
    return html`
      <label>${m.congress}
        <select name="event" @change=${(e: Event) => this.choose(this._congresses!.find((c) => c.id === (e.target as HTMLSelectElement).value)!)}>
          ${this._congresses.map((c) => html`<option value=${c.id} ?selected=${c.id === choice.eventId}>${c.name}</option>`)}
        </select>
      </label>
      <label>${m.topLine}<input name="top-line" .value=${choice.topLine} @input=${text('topLine')} /></label>
      <div class="title" aria-label=${m.title}>
        <span class="muted">${m.title}</span>
        ${choice.titleLines.map((l) => html`<div>${l}</div>`)}
      </div>
      <label>${m.datePlace}<input name="date-place" .value=${choice.datePlace} @input=${text('datePlace')} /></label>
    `;
  }

  static override styles = [
    sharedStyles,
    css`
      :host { display: grid; gap: 8px; }
      /* Stacked marks (Ể, Ẫ, Ậ) reach 1.16 em above the baseline and Ậ 0.25 em below: capitals need room between lines. */
      .title { padding: 6px 10px; background: var(--pano-surface); border-radius: var(--pano-radius); font-weight: 700; line-height: 1.6; }
    `,
  ];
}

declare global {
  interface HTMLElementTagNameMap {
    'ctl-print-backdrop': CtlPrintBackdrop;
  }
  interface HTMLElementEventMap {
    'backdrop-change': CustomEvent<BackdropChoice>;
  }
}
