import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { PlanEventView } from '../../../server/protocol/plans.js';
import { deletePlanEvent } from '../../data/plans.js';
import { problemOf, type FieldError } from '../../field-errors.js';
import { dateSourceNames, defineMessages, eventKindNames, type Locale } from '../../i18n.js';
import { formatLocalDateTime } from '../../time.js';
import { sharedStyles } from '../shared-styles.js';
import './ctl-plan-event-form.js';
import '../common/ctl-refusal.js';

const messages = defineMessages(
  {
    heading: 'Sự kiện', none: 'Kế hoạch chưa có sự kiện nào. Đợt có thể gắn vào ngày khai mạc hoặc bế mạc của một sự kiện.',
    name: 'Sự kiện', opens: 'Khai mạc', closes: 'Bế mạc', source: 'Nguồn ngày', add: 'Thêm sự kiện', edit: 'Sửa', remove: 'Xóa',
    confirmRemove: 'Xóa sự kiện này khỏi kế hoạch?',
  },
  {
    heading: 'Events', none: 'The plan has no event yet. A phase can hang on the opening or closing of an event.',
    name: 'Event', opens: 'Opens', closes: 'Closes', source: 'Date source', add: 'Add an event', edit: 'Edit', remove: 'Delete',
    confirmRemove: 'Delete this event from the plan?',
  },
);

/** A plan's events: listed with their dates in dd/mm/yyyy, added, edited, deleted (a refusal lists what hangs on it). */
@customElement('ctl-plan-events')
export class CtlPlanEvents extends LitElement {
  @property({ attribute: false }) locale: Locale = 'vi';
  @property({ type: Number }) planId = 0;
  @property({ attribute: false }) events: PlanEventView[] = [];
  @property({ type: Boolean }) canEdit = false;
  /** The event being edited, 'new' for the add form. */
  @state() private _editing: string | undefined;
  @state() private _refusal: { eventId: string; message: string; reasons: FieldError[] } | undefined;

  private async deleteEvent(e: PlanEventView): Promise<void> {
    if (!confirm(`${messages(this.locale).confirmRemove}\n${e.name}`)) return;
    try {
      await deletePlanEvent(this.planId, e.id);
      this._refusal = undefined;
      this.dispatchEvent(new CustomEvent('changed', { bubbles: true, composed: true }));
    } catch (err) {
      const p = problemOf(err);
      this._refusal = { eventId: e.id, message: p.message, reasons: p.fields };
    }
  }

  private form(event?: PlanEventView) {
    return html`<ctl-plan-event-form .locale=${this.locale} .planId=${this.planId} .event=${event}
      @changed=${() => (this._editing = undefined)} @cancel=${() => (this._editing = undefined)}></ctl-plan-event-form>`;
  }

  private row(e: PlanEventView) {
    const m = messages(this.locale);
    if (this._editing === e.id) return html`<tr class="editing"><td colspan="5">${this.form(e)}</td></tr>`;
    const refusal = this._refusal?.eventId === e.id ? this._refusal : undefined;
    // The refusal takes a row of its own under the event: its reasons are sentences, not a cell.
    return html`<tr data-event-name=${e.name}>
      <td>${e.name}<div class="muted">${eventKindNames(this.locale)[e.kind]}</div>${e.note ? html`<div class="muted note">${e.note}</div>` : ''}</td>
      <td data-col="opens">${formatLocalDateTime(e.opens)}</td>
      <td data-col="closes">${formatLocalDateTime(e.closes)}</td>
      <td><span class="chip ${e.dateSource}">${dateSourceNames(this.locale)[e.dateSource]}</span></td>
      <td class="actions">
        ${this.canEdit
          ? html`<button @click=${() => (this._editing = e.id)}>${m.edit}</button> <button data-action="delete" @click=${() => this.deleteEvent(e)}>${m.remove}</button>`
          : ''}
      </td>
    </tr>
    ${refusal ? html`<tr class="refusal" data-refusal-for=${e.name}><td colspan="5"><ctl-refusal .message=${refusal.message} .reasons=${refusal.reasons}></ctl-refusal></td></tr>` : ''}`;
  }

  override render() {
    const m = messages(this.locale);
    return html`
      <h3>${m.heading}</h3>
      ${this.events.length
        ? html`<table>
            <thead><tr><th>${m.name}</th><th>${m.opens}</th><th>${m.closes}</th><th>${m.source}</th><th></th></tr></thead>
            <tbody>${this.events.map((e) => this.row(e))}</tbody>
          </table>`
        : html`<p class="muted">${m.none}</p>`}
      ${this.canEdit
        ? this._editing === 'new'
          ? this.form()
          : html`<button data-action="add-event" @click=${() => (this._editing = 'new')}>${m.add}</button>`
        : ''}
    `;
  }

  static override styles = [
    sharedStyles,
    css`
      h3 { font-size: 1rem; margin: 20px 0 8px; }
      .chip.operator-entry { background: #fef7e0; color: var(--pano-warn); font-weight: 500; }
      td[data-col], .actions { white-space: nowrap; }
      .note { white-space: pre-line; }
      table + button, p + button { margin-top: 8px; }
    `,
  ];
}

declare global {
  interface HTMLElementTagNameMap {
    'ctl-plan-events': CtlPlanEvents;
  }
}
