import { LitElement, html } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { EVENT_KINDS } from '../../../server/protocol/plan.js';
import { EventRequestSchema, type EventRequest, type PlanEventView, type UpdatePlanEventRequest } from '../../../server/protocol/plans.js';
import { addPlanEvent, updatePlanEvent } from '../../data/plans.js';
import { messageFor, unclaimed, type FieldError } from '../../field-errors.js';
import { dateSourceNames, defineMessages, eventKindNames, type Locale } from '../../i18n.js';
import { fieldStyles, selectField, textField } from '../common/form-fields.js';
import { formFoot, sendChange } from '../common/form-send.js';
import { sharedStyles } from '../shared-styles.js';
import type { CtlScheduleWhen } from '../ctl-schedule-when.js';
import '../ctl-schedule-when.js';

const messages = defineMessages(
  {
    addHeading: 'Thêm sự kiện', editHeading: 'Sửa sự kiện', name: 'Tên sự kiện', nameHint: 'ví dụ Đại hội đại biểu Đảng bộ … lần thứ …',
    kind: 'Loại', opens: 'Khai mạc', closes: 'Bế mạc', source: 'Nguồn ngày', note: 'Ghi chú', save: 'Lưu', cancel: 'Hủy',
    required: 'Không được để trống', closesAfterOpens: 'Thời điểm bế mạc phải sau thời điểm khai mạc',
  },
  {
    addHeading: 'Add an event', editHeading: 'Edit the event', name: 'Name of the event', nameHint: 'e.g. Congress of the Party Committee …',
    kind: 'Kind', opens: 'Opens', closes: 'Closes', source: 'Date source', note: 'Note', save: 'Save', cancel: 'Cancel',
    required: 'Must not be empty', closesAfterOpens: 'The closing must come after the opening',
  },
);

type EventKind = EventRequest['kind'];
type DateSource = EventRequest['dateSource'];
/** The sources a person may give; 'plan' is only for dates read from a plan's document. */
const DATE_SOURCES = EventRequestSchema.shape.dateSource.options;

/**
 * Only what the person changed: moving a date of an active plan's event is an operator's job,
 * renaming it an approver's, so an unchanged name must not be sent along with the new date.
 */
function changesTo(event: PlanEventView, input: Omit<EventRequest, 'key'>): UpdatePlanEventRequest {
  const before: Record<string, string> = { name: event.name, kind: event.kind, opens: event.opens, closes: event.closes, dateSource: event.dateSource, note: event.note ?? '' };
  const entries = Object.entries({ ...input, note: input.note ?? '' }).filter(([k, v]) => before[k] !== v);
  return Object.fromEntries(entries) as UpdatePlanEventRequest;
}

const PATHS = ['body.name', 'body.kind', 'body.opens', 'body.closes', 'body.dateSource', 'body.note'];

/** One event of a plan, new or edited: its name, kind, opening and closing, where the dates come from. Emits `changed`. */
@customElement('ctl-plan-event-form')
export class CtlPlanEventForm extends LitElement {
  @property({ attribute: false }) locale: Locale = 'vi';
  @property({ type: Number }) planId = 0;
  @property({ attribute: false }) event: PlanEventView | undefined;
  @state() private _errors: FieldError[] = [];
  @state() private _message = '';
  @query('ctl-schedule-when[name=opens]') private opensInput!: CtlScheduleWhen;
  @query('ctl-schedule-when[name=closes]') private closesInput!: CtlScheduleWhen;

  private async submit(ev: SubmitEvent): Promise<void> {
    ev.preventDefault();
    const m = messages(this.locale);
    const data = new FormData(ev.target as HTMLFormElement);
    const name = String(data.get('name') ?? '').trim();
    const note = String(data.get('note') ?? '').trim();
    const errors: FieldError[] = [];
    if (!name) errors.push({ path: 'body.name', message: m.required });
    const [opens, closes] = [this.opensInput.parsed, this.closesInput.parsed];
    if (!opens) errors.push({ path: 'body.opens', message: this.opensInput.invalidMessage || m.required });
    if (!closes) errors.push({ path: 'body.closes', message: this.closesInput.invalidMessage || m.required });
    if (opens && closes && closes <= opens) errors.push({ path: 'body.closes', message: m.closesAfterOpens });
    [this._errors, this._message] = [errors, ''];
    if (errors.length || !opens || !closes) return;
    const input: Omit<EventRequest, 'key'> = {
      name,
      kind: String(data.get('kind')) as EventKind,
      opens,
      closes,
      dateSource: String(data.get('dateSource')) as DateSource,
      ...(note ? { note } : {}),
    };
    const { errors: refused, message } = await sendChange(this, async () => {
      const changes = this.event && changesTo(this.event, input);
      // Saving an unchanged event only closes the form.
      if (this.event && changes && Object.keys(changes).length) await updatePlanEvent(this.planId, this.event.id, changes);
      else if (!this.event) await addPlanEvent(this.planId, input);
    });
    [this._errors, this._message] = [refused, message];
  }

  override render() {
    const m = messages(this.locale);
    const e = this.event;
    return html`
      <form @submit=${this.submit} novalidate data-testid="event-form">
        <strong>${e ? m.editHeading : m.addHeading}</strong>
        ${textField({ label: m.name, name: 'name', value: e?.name, errors: this._errors, path: 'body.name', placeholder: m.nameHint, size: 50, maxlength: 300 })}
        <div class="row">
          ${selectField({ label: m.kind, name: 'kind', value: e?.kind, options: EVENT_KINDS, names: eventKindNames(this.locale), errors: this._errors, path: 'body.kind' })}
          ${selectField({
            label: m.source,
            name: 'dateSource',
            // A date read from the plan's document keeps that source until a person picks another.
            value: e?.dateSource ?? 'operator-entry',
            options: e?.dateSource === 'plan' ? (['plan', ...DATE_SOURCES] as const) : DATE_SOURCES,
            names: dateSourceNames(this.locale),
            errors: this._errors,
            path: 'body.dateSource',
          })}
        </div>
        <div class="row">
          <ctl-schedule-when .locale=${this.locale} name="opens" label=${m.opens} .value=${e?.opens ?? ''} .error=${messageFor(this._errors, 'body.opens')}></ctl-schedule-when>
          <ctl-schedule-when .locale=${this.locale} name="closes" label=${m.closes} .value=${e?.closes ?? ''} .error=${messageFor(this._errors, 'body.closes')}></ctl-schedule-when>
        </div>
        ${textField({ label: m.note, name: 'note', value: e?.note ?? '', errors: this._errors, path: 'body.note', multiline: true })}
        ${formFoot({ message: this._message, reasons: unclaimed(this._errors, PATHS), save: m.save, cancel: m.cancel, onCancel: () => this.dispatchEvent(new CustomEvent('cancel')) })}
      </form>
    `;
  }

  static override styles = [sharedStyles, fieldStyles];
}

declare global {
  interface HTMLElementTagNameMap {
    'ctl-plan-event-form': CtlPlanEventForm;
  }
}
