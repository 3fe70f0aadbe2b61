import { LitElement, css, html, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { defineMessages, type Locale } from '../i18n.js';
import { formatLocalDate, parseLocalDateTime } from '../time.js';

const messages = defineMessages(
  { date: 'dd/mm/yyyy', time: 'HH:mm', bad: 'Nhập ngày dd/mm/yyyy và giờ HH:mm, ví dụ 19/08/2020 08:00' },
  { date: 'dd/mm/yyyy', time: 'HH:mm', bad: 'Enter the date as dd/mm/yyyy and the time as HH:mm, for example 19/08/2020 08:00' },
);

/**
 * A moment in Hà Nội as people there write it: a dd/mm/yyyy box and an HH:mm box (a browser's
 * date input would follow the browser's locale, mm/dd in many). `value` is the plan's local
 * "YYYY-MM-DDTHH:mm" ('' for none); `error` shows beside the field, the server's or the form's.
 */
@customElement('ctl-schedule-when')
export class CtlScheduleWhen extends LitElement {
  @property({ attribute: false }) locale: Locale = 'vi';
  @property() label = '';
  @property() name = '';
  @property() value = '';
  @property() error = '';
  @state() private _date = '';
  @state() private _time = '';

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('value')) {
      this._date = this.value ? formatLocalDate(this.value.slice(0, 10)) : '';
      this._time = this.value ? this.value.slice(11, 16) : '';
    }
  }

  /** The typed moment as local "YYYY-MM-DDTHH:mm"; '' when both boxes are empty; null when it is no moment. */
  get parsed(): string | null {
    if (!this._date.trim() && !this._time.trim()) return '';
    return parseLocalDateTime(this._date, this._time || '00:00');
  }

  /** The form's own check, in the component's words, for a form to show before asking the server. */
  get invalidMessage(): string {
    return this.parsed === null ? messages(this.locale).bad : '';
  }

  override render() {
    const m = messages(this.locale);
    return html`
      <fieldset class=${this.error ? 'invalid' : ''}>
        <legend>${this.label}</legend>
        <input name="${this.name}-date" aria-label="${this.label} (${m.date})" placeholder=${m.date} size="10" inputmode="numeric"
          .value=${this._date} @input=${(e: Event) => (this._date = (e.target as HTMLInputElement).value)}
          aria-invalid=${this.error ? 'true' : 'false'} />
        <input name="${this.name}-time" aria-label="${this.label} (${m.time})" placeholder=${m.time} size="5" inputmode="numeric"
          .value=${this._time} @input=${(e: Event) => (this._time = (e.target as HTMLInputElement).value)} />
        ${this.error ? html`<span class="field-error" role="alert" data-field=${this.name}>${this.error}</span>` : ''}
      </fieldset>
    `;
  }

  static override styles = css`
    :host { display: block; }
    fieldset { border: 0; padding: 0; margin: 0; display: flex; gap: 6px; flex-wrap: wrap; align-items: center; }
    legend { font-size: 0.9rem; color: var(--pano-muted); padding: 0; margin-bottom: 4px; }
    input { font: inherit; color: var(--pano-ink); padding: 6px 8px; border: 1px solid var(--pano-line); border-radius: var(--pano-radius); background: #fff; }
    .invalid input { border-color: var(--pano-red); }
    .field-error { color: var(--pano-red); font-size: 0.85rem; flex-basis: 100%; }
  `;
}

declare global {
  interface HTMLElementTagNameMap {
    'ctl-schedule-when': CtlScheduleWhen;
  }
}
