import { LitElement, css, html } from 'lit';
import { customElement, property, queryAll, state } from 'lit/decorators.js';
import type { EventView } from '../../server/protocol/schedule.js';
import { updateEvent } from '../data/schedule.js';
import { defineMessages, type Locale } from '../i18n.js';
import { messageFor, problemOf, unclaimed, type FieldError } from '../field-errors.js';
import { formatLocalDateTime } from '../time.js';
import { sharedStyles } from './shared-styles.js';
import type { CtlScheduleWhen } from './ctl-schedule-when.js';
import './ctl-schedule-when.js';

const messages = defineMessages(
  {
    heading: 'Sự kiện của kế hoạch', name: 'Sự kiện', opens: 'Khai mạc', closes: 'Bế mạc', source: 'Nguồn ngày',
    edit: 'Dời ngày', save: 'Lưu', cancel: 'Hủy', saved: 'Đã lưu — mọi đợt và lịch phát gắn với sự kiện này dời theo.',
    closesAfterOpens: 'Thời điểm bế mạc phải sau thời điểm khai mạc', required: 'Cần nhập ngày và giờ',
    'public-record': 'hồ sơ công khai', plan: 'theo kế hoạch', 'operator-entry': 'ngày do người vận hành nhập',
    holiday: 'Ngày lễ', anniversary: 'Kỷ niệm', congress: 'Đại hội', other: 'Sự kiện khác',
  },
  {
    heading: 'Events of the plan', name: 'Event', opens: 'Opens', closes: 'Closes', source: 'Date source',
    edit: 'Move', save: 'Save', cancel: 'Cancel', saved: 'Saved — every phase and schedule anchored to this event moved with it.',
    closesAfterOpens: 'The closing must come after the opening', required: 'Enter a date and a time',
    'public-record': 'public record', plan: 'from the plan', 'operator-entry': "operator's entry",
    holiday: 'Holiday', anniversary: 'Anniversary', congress: 'Congress', other: 'Other event',
  },
);

/**
 * The plan's events with their dates; operators move one (a postponed congress) and the server
 * moves everything anchored to it. Emits `changed` after a save.
 */
@customElement('ctl-schedule-events')
export class CtlScheduleEvents extends LitElement {
  @property({ attribute: false }) locale: Locale = 'vi';
  @property({ attribute: false }) events: EventView[] = [];
  @property({ type: Boolean }) canEdit = false;
  @state() private _editing: string | undefined;
  @state() private _errors: FieldError[] = [];
  @state() private _message = '';
  @state() private _saved: string | undefined;
  @queryAll('ctl-schedule-when') private whens!: NodeListOf<CtlScheduleWhen>;

  private edit(id: string | undefined): void {
    this._editing = id;
    this._errors = [];
    this._message = '';
  }

  private async save(ev: SubmitEvent, event: EventView): Promise<void> {
    ev.preventDefault();
    const m = messages(this.locale);
    const [opensInput, closesInput] = [...this.whens];
    const errors: FieldError[] = [];
    for (const [input, path] of [[opensInput!, 'body.opens'], [closesInput!, 'body.closes']] as const) {
      if (!input.parsed) errors.push({ path, message: input.invalidMessage || m.required });
    }
    const opens = opensInput!.parsed;
    const closes = closesInput!.parsed;
    if (!errors.length && opens && closes && closes <= opens) errors.push({ path: 'body.closes', message: m.closesAfterOpens });
    this._errors = errors;
    this._message = '';
    if (errors.length || !opens || !closes) return;
    try {
      await updateEvent(event.id, { opens, closes });
      this._saved = event.id;
      this._editing = undefined;
      this.dispatchEvent(new CustomEvent('changed', { bubbles: true, composed: true }));
    } catch (err) {
      const p = problemOf(err);
      this._errors = p.fields;
      this._message = p.message;
    }
  }

  private row(e: EventView) {
    const m = messages(this.locale);
    if (this._editing === e.id) {
      const leftover = unclaimed(this._errors, ['body.opens', 'body.closes']);
      return html`<tr data-event=${e.id} class="editing"><td colspan="5">
        <form @submit=${(ev: SubmitEvent) => this.save(ev, e)} novalidate>
          <strong>${e.name}</strong>
          <ctl-schedule-when .locale=${this.locale} name="opens" label=${m.opens} .value=${e.opens} .error=${messageFor(this._errors, 'body.opens')}></ctl-schedule-when>
          <ctl-schedule-when .locale=${this.locale} name="closes" label=${m.closes} .value=${e.closes} .error=${messageFor(this._errors, 'body.closes')}></ctl-schedule-when>
          ${this._message || leftover.length ? html`<p class="error" role="alert">${[this._message, ...leftover.map((f) => f.message)].filter(Boolean).join(' — ')}</p>` : ''}
          <div><button class="primary" type="submit">${m.save}</button> <button type="button" @click=${() => this.edit(undefined)}>${m.cancel}</button></div>
        </form>
      </td></tr>`;
    }
    return html`<tr data-event=${e.id}>
      <td>${e.name}<div class="muted">${m[e.kind]}</div>${this._saved === e.id ? html`<div class="ok" role="status">${m.saved}</div>` : ''}</td>
      <td data-col="opens">${formatLocalDateTime(e.opens)}</td>
      <td data-col="closes">${formatLocalDateTime(e.closes)}</td>
      <td><span class="chip ${e.dateSource}">${m[e.dateSource]}</span></td>
      <td>${this.canEdit ? html`<button @click=${() => this.edit(e.id)}>${m.edit}</button>` : ''}</td>
    </tr>`;
  }

  override render() {
    const m = messages(this.locale);
    return html`
      <h2>${m.heading}</h2>
      <table>
        <thead><tr><th>${m.name}</th><th>${m.opens}</th><th>${m.closes}</th><th>${m.source}</th><th></th></tr></thead>
        <tbody>${this.events.map((e) => this.row(e))}</tbody>
      </table>
    `;
  }

  static override styles = [
    sharedStyles,
    css`
      .chip.operator-entry { background: #fef7e0; color: var(--pano-warn); font-weight: 500; }
      .ok { color: var(--pano-ok); font-size: 0.85rem; }
      tr.editing form { max-width: none; padding: 0; }
      td button, td[data-col] { white-space: nowrap; }
    `,
  ];
}

declare global {
  interface HTMLElementTagNameMap {
    'ctl-schedule-events': CtlScheduleEvents;
  }
}
