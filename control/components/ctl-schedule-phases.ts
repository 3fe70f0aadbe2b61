import { LitElement, css, html } from 'lit';
import { customElement, property, queryAll, state } from 'lit/decorators.js';
import type { Anchor } from '../../server/protocol/plan.js';
import type { EventView, PhaseView } from '../../server/protocol/schedule.js';
import type { NationalDayView } from '../../server/protocol/national-calendar.js';
import { describeNationalAnchor } from '../national-calendar.js';
import { updatePhase } from '../data/schedule.js';
import { defineMessages, type Locale } from '../i18n.js';
import { messageFor, problemOf, unclaimed, type FieldError } from '../field-errors.js';
import { resolveAnchor } from '../plan-axis.js';
import { formatLocalDate, formatLocalDateTime } from '../time.js';
import { sharedStyles } from './shared-styles.js';
import type { CtlScheduleAnchor } from './ctl-schedule-anchor.js';
import './ctl-schedule-anchor.js';

const messages = defineMessages(
  {
    heading: 'Các đợt tuyên truyền', phase: 'Đợt', starts: 'Bắt đầu', ends: 'Kết thúc (không tính)', openEnded: 'không hạn định',
    edit: 'Sửa mốc', save: 'Lưu', cancel: 'Hủy', opens: 'khai mạc', closes: 'bế mạc', days: 'ngày', endsAfterStarts: 'Mốc kết thúc phải sau mốc bắt đầu',
  },
  {
    heading: 'Campaign phases', phase: 'Phase', starts: 'Starts', ends: 'Ends (exclusive)', openEnded: 'open-ended',
    edit: 'Edit edges', save: 'Save', cancel: 'Cancel', opens: 'opens', closes: 'closes', days: 'days', endsAfterStarts: 'The end must come after the start',
  },
);

/** The phases (đợt) with their edges: a date, an event's opening/closing plus days, or a national day of a year plus days. Emits `changed`. */
@customElement('ctl-schedule-phases')
export class CtlSchedulePhases extends LitElement {
  @property({ attribute: false }) locale: Locale = 'vi';
  @property({ attribute: false }) phases: PhaseView[] = [];
  @property({ attribute: false }) events: EventView[] = [];
  @property({ attribute: false }) nationalDays: NationalDayView[] = [];
  @property({ type: Boolean }) canEdit = false;
  @state() private _editing: string | undefined;
  @state() private _errors: FieldError[] = [];
  @state() private _message = '';
  @queryAll('ctl-schedule-anchor') private anchors!: NodeListOf<CtlScheduleAnchor>;

  private describe(anchor: Anchor | null): string {
    const m = messages(this.locale);
    if (!anchor) return m.openEnded;
    const at = resolveAnchor(anchor, this.events, this.nationalDays);
    if ('date' in anchor) return formatLocalDate(anchor.date);
    if ('nationalDay' in anchor) return describeNationalAnchor(anchor, this.nationalDays, at, this.locale);
    const event = this.events.find((e) => e.id === anchor.event)?.name ?? anchor.event;
    const offset = anchor.offsetDays ? ` ${anchor.offsetDays > 0 ? '+' : ''}${anchor.offsetDays} ${m.days}` : '';
    return `${event} — ${m[anchor.edge]}${offset}${at ? ` (${formatLocalDateTime(at)})` : ''}`;
  }

  private async save(ev: SubmitEvent, phase: PhaseView): Promise<void> {
    ev.preventDefault();
    const [startsInput, endsInput] = [...this.anchors];
    const errors: FieldError[] = [];
    if (startsInput!.parsed == null) errors.push({ path: 'body.starts', message: startsInput!.invalidMessage });
    if (endsInput!.parsed === null) errors.push({ path: 'body.ends', message: endsInput!.invalidMessage });
    const starts = startsInput!.parsed as Anchor;
    const ends = (endsInput!.parsed ?? null) as Anchor | null;
    const [s, e] = [starts && resolveAnchor(starts, this.events, this.nationalDays), ends && resolveAnchor(ends, this.events, this.nationalDays)];
    if (!errors.length && s && e && e <= s) errors.push({ path: 'body.ends', message: messages(this.locale).endsAfterStarts });
    this._errors = errors;
    this._message = '';
    if (errors.length) return;
    try {
      await updatePhase(phase.id, { starts, ends });
      this._editing = undefined;
      this.dispatchEvent(new CustomEvent('changed', { bubbles: true, composed: true }));
    } catch (err) {
      const p = problemOf(err);
      [this._errors, this._message] = [p.fields, p.message];
    }
  }

  private row(p: PhaseView) {
    const m = messages(this.locale);
    if (this._editing === p.id) {
      const leftover = unclaimed(this._errors, ['body.starts', 'body.ends']);
      return html`<tr data-phase=${p.id} class="editing"><td colspan="4">
        <form @submit=${(ev: SubmitEvent) => this.save(ev, p)} novalidate>
          <strong>${p.label}</strong>
          <ctl-schedule-anchor .locale=${this.locale} name="starts" label=${m.starts} .value=${p.starts} .events=${this.events} .nationalDays=${this.nationalDays} .error=${messageFor(this._errors, 'body.starts')}></ctl-schedule-anchor>
          <ctl-schedule-anchor .locale=${this.locale} name="ends" label=${m.ends} optional .value=${p.ends} .events=${this.events} .nationalDays=${this.nationalDays} .error=${messageFor(this._errors, 'body.ends')}></ctl-schedule-anchor>
          ${this._message || leftover.length ? html`<p class="error" role="alert">${[this._message, ...leftover.map((f) => f.message)].filter(Boolean).join(' — ')}</p>` : ''}
          <div><button class="primary" type="submit">${m.save}</button> <button type="button" @click=${() => (this._editing = undefined)}>${m.cancel}</button></div>
        </form>
      </td></tr>`;
    }
    return html`<tr data-phase=${p.id}>
      <td>${p.label}</td>
      <td>${this.describe(p.starts)}</td>
      <td>${this.describe(p.ends)}</td>
      <td>${this.canEdit ? html`<button @click=${() => ([this._editing, this._errors, this._message] = [p.id, [], ''])}>${m.edit}</button>` : ''}</td>
    </tr>`;
  }

  override render() {
    const m = messages(this.locale);
    return html`
      <h2>${m.heading}</h2>
      <table>
        <thead><tr><th>${m.phase}</th><th>${m.starts}</th><th>${m.ends}</th><th></th></tr></thead>
        <tbody>${this.phases.map((p) => this.row(p))}</tbody>
      </table>
    `;
  }

  static override styles = [sharedStyles, css`
    tr.editing form { max-width: none; padding: 0; }
    td button, td:first-child { white-space: nowrap; }
  `];
}

declare global {
  interface HTMLElementTagNameMap {
    'ctl-schedule-phases': CtlSchedulePhases;
  }
}
