import { LitElement, css, html, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { Anchor } from '../../server/protocol/plan.js';
import type { EventView } from '../../server/protocol/schedule.js';
import { CALENDAR_YEARS, type NationalDayView } from '../../server/protocol/national-calendar.js';
import { defineMessages, type Locale } from '../i18n.js';
import { dayName, ruleText } from '../national-calendar.js';
import { formatLocalDate, instantToLocal, localToInstant, parseDayMonthYear, parseLocalDateTime } from '../time.js';

/** A phase edge (Anchor) or a schedule window edge (Anchor or a fixed instant). */
export type Edge = Anchor | { instant: string };
type Mode = 'none' | 'date' | 'event' | 'national' | 'instant';

const messages = defineMessages(
  {
    none: 'Không đặt', date: 'Một ngày', event: 'Theo sự kiện', national: 'Theo ngày lễ', instant: 'Một thời điểm', opens: 'khai mạc', closes: 'bế mạc',
    offset: 'lệch (ngày)', year: 'năm', dateHint: 'dd/mm/yyyy', timeHint: 'HH:mm',
    badDate: 'Nhập ngày dd/mm/yyyy', badInstant: 'Nhập ngày dd/mm/yyyy và giờ HH:mm', noEvent: 'Chọn một sự kiện', badOffset: 'Số ngày lệch phải là số nguyên',
    noDay: 'Chọn một ngày lễ', badYear: `Năm từ ${CALENDAR_YEARS.min} đến ${CALENDAR_YEARS.max}`,
  },
  {
    none: 'Not set', date: 'A date', event: 'From an event', national: 'From a national day', instant: 'A moment', opens: 'opens', closes: 'closes',
    offset: 'offset (days)', year: 'year', dateHint: 'dd/mm/yyyy', timeHint: 'HH:mm',
    badDate: 'Enter the date as dd/mm/yyyy', badInstant: 'Enter dd/mm/yyyy and HH:mm', noEvent: 'Pick an event', badOffset: 'The offset must be a whole number of days',
    noDay: 'Pick a national day', badYear: `A year from ${CALENDAR_YEARS.min} to ${CALENDAR_YEARS.max}`,
  },
);

/**
 * Edits one edge of the plan's time: a calendar date, or an event's opening or closing shifted by
 * whole days (so a postponed congress carries the edge with it), or a day of the national calendar
 * in a year shifted by whole days (Tết 2027 − 10), or, for schedule windows, a fixed moment. `value` in, `parsed` out (undefined: not set; null: not valid, see `invalidMessage`).
 */
@customElement('ctl-schedule-anchor')
export class CtlScheduleAnchor extends LitElement {
  @property({ attribute: false }) locale: Locale = 'vi';
  @property() label = '';
  @property() name = '';
  @property({ attribute: false }) value: Edge | null | undefined;
  /** The events an edge may hang on; only their ids and names are used. */
  @property({ attribute: false }) events: readonly Pick<EventView, 'id' | 'name'>[] = [];
  @property({ attribute: false }) nationalDays: NationalDayView[] = [];
  @property({ type: Boolean }) optional = false;
  @property({ type: Boolean }) allowInstant = false;
  @property() error = '';
  @state() private _mode: Mode = 'date';
  @state() private _date = '';
  @state() private _time = '';
  @state() private _event = '';
  @state() private _edge: 'opens' | 'closes' = 'opens';
  @state() private _offset = '0';
  @state() private _day = '';
  @state() private _year = String(new Date().getFullYear() + 1);

  protected override willUpdate(changed: PropertyValues<this>): void {
    // On the first update too: an optional edge left unset must start as 'none', not as an empty date.
    if (!changed.has('value') && this.hasUpdated) return;
    const v = this.value;
    if (!v) this._mode = this.optional ? 'none' : 'date';
    else if ('instant' in v) [this._mode, this._date, this._time] = ['instant', formatLocalDate(instantToLocal(v.instant).slice(0, 10)), instantToLocal(v.instant).slice(11)];
    else if ('date' in v) [this._mode, this._date] = ['date', formatLocalDate(v.date)];
    else if ('nationalDay' in v) [this._mode, this._day, this._year, this._offset] = ['national', v.nationalDay, String(v.year), String(v.offsetDays ?? 0)];
    else [this._mode, this._event, this._edge, this._offset] = ['event', v.event, v.edge, String(v.offsetDays ?? 0)];
  }

  get parsed(): Edge | null | undefined {
    switch (this._mode) {
      case 'none':
        return undefined;
      case 'date': {
        const date = parseDayMonthYear(this._date);
        return date ? { date } : null;
      }
      case 'instant': {
        const local = parseLocalDateTime(this._date, this._time || '00:00');
        return local ? { instant: localToInstant(local) } : null;
      }
      case 'event': {
        const offset = Number(this._offset || '0');
        if (!this._event || !Number.isInteger(offset)) return null;
        return { event: this._event, edge: this._edge, ...(offset ? { offsetDays: offset } : {}) };
      }
      case 'national': {
        const [offset, year] = [Number(this._offset || '0'), Number(this._year)];
        if (!this._day || !Number.isInteger(offset) || !this.yearValid(year)) return null;
        return { nationalDay: this._day, year, ...(offset ? { offsetDays: offset } : {}) };
      }
    }
  }

  private yearValid(year: number): boolean {
    return Number.isInteger(year) && year >= CALENDAR_YEARS.min && year <= CALENDAR_YEARS.max;
  }

  get invalidMessage(): string {
    if (this.parsed !== null) return '';
    const m = messages(this.locale);
    if (this._mode === 'date') return m.badDate;
    if (this._mode === 'instant') return m.badInstant;
    if (this._mode === 'national') return !this._day ? m.noDay : !this.yearValid(Number(this._year)) ? m.badYear : m.badOffset;
    return this._event ? m.badOffset : m.noEvent;
  }

  override render() {
    const m = messages(this.locale);
    const modes: Mode[] = [...(this.optional ? (['none'] as const) : []), 'date', 'event', 'national', ...(this.allowInstant ? (['instant'] as const) : [])];
    const text = (value: string, set: (v: string) => void, hint: string, suffix: string) =>
      html`<input name="${this.name}-${suffix}" aria-label="${this.label} (${hint})" placeholder=${hint} size=${hint.length}
        .value=${value} @input=${(e: Event) => set((e.target as HTMLInputElement).value)} />`;
    return html`
      <fieldset class=${this.error ? 'invalid' : ''}>
        <legend>${this.label}</legend>
        <select name="${this.name}-mode" aria-label=${this.label} @change=${(e: Event) => (this._mode = (e.target as HTMLSelectElement).value as Mode)}>
          ${modes.map((mode) => html`<option value=${mode} ?selected=${mode === this._mode}>${m[mode]}</option>`)}
        </select>
        ${this._mode === 'date' || this._mode === 'instant' ? text(this._date, (v) => (this._date = v), m.dateHint, 'date') : ''}
        ${this._mode === 'instant' ? text(this._time, (v) => (this._time = v), m.timeHint, 'time') : ''}
        ${this._mode === 'event'
          ? html`
              <select name="${this.name}-event" @change=${(e: Event) => (this._event = (e.target as HTMLSelectElement).value)}>
                <option value="" ?selected=${!this._event}>—</option>
                ${this.events.map((ev) => html`<option value=${ev.id} ?selected=${ev.id === this._event}>${ev.name}</option>`)}
              </select>
              <select name="${this.name}-edge" @change=${(e: Event) => (this._edge = (e.target as HTMLSelectElement).value as 'opens' | 'closes')}>
                <option value="opens" ?selected=${this._edge === 'opens'}>${m.opens}</option>
                <option value="closes" ?selected=${this._edge === 'closes'}>${m.closes}</option>
              </select>
              <label>${m.offset} <input name="${this.name}-offset" type="number" step="1" .value=${this._offset}
                @input=${(e: Event) => (this._offset = (e.target as HTMLInputElement).value)} /></label>
            `
          : ''}
        ${this._mode === 'national'
          ? html`
              <select name="${this.name}-national-day" aria-label=${m.national} @change=${(e: Event) => (this._day = (e.target as HTMLSelectElement).value)}>
                <option value="" ?selected=${!this._day}>—</option>
                ${this.nationalDays.map((d) => html`<option value=${d.id} ?selected=${d.id === this._day}>${dayName(d, this.locale)} (${ruleText(d, this.locale)})</option>`)}
              </select>
              <label>${m.year} <input name="${this.name}-year" type="number" step="1" min=${CALENDAR_YEARS.min} max=${CALENDAR_YEARS.max} .value=${this._year}
                @input=${(e: Event) => (this._year = (e.target as HTMLInputElement).value)} /></label>
              <label>${m.offset} <input name="${this.name}-offset" type="number" step="1" .value=${this._offset}
                @input=${(e: Event) => (this._offset = (e.target as HTMLInputElement).value)} /></label>
            `
          : ''}
        ${this.error ? html`<span class="field-error" role="alert" data-field=${this.name}>${this.error}</span>` : ''}
      </fieldset>
    `;
  }

  static override styles = css`
    :host { display: block; }
    fieldset { border: 0; padding: 0; margin: 0; display: flex; gap: 6px; flex-wrap: wrap; align-items: center; }
    legend { font-size: 0.9rem; color: var(--pano-muted); padding: 0; margin-bottom: 4px; }
    label { font-size: 0.85rem; color: var(--pano-muted); }
    input, select { font: inherit; color: var(--pano-ink); padding: 6px 8px; border: 1px solid var(--pano-line); border-radius: var(--pano-radius); background: #fff; max-width: 100%; }
    input[type='number'] { width: 5em; }
    .invalid input, .invalid select { border-color: var(--pano-red); }
    .field-error { color: var(--pano-red); font-size: 0.85rem; flex-basis: 100%; }
  `;
}

declare global {
  interface HTMLElementTagNameMap {
    'ctl-schedule-anchor': CtlScheduleAnchor;
  }
}
