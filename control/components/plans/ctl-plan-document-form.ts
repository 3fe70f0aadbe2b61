import { LitElement, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { CreatePlanRequest, PlanView } from '../../../server/protocol/plans.js';
import { createPlan, updatePlan } from '../../data/plans.js';
import { problemOf, unclaimed, type FieldError } from '../../field-errors.js';
import { defineMessages, type Locale } from '../../i18n.js';
import { formatLocalDate, parseDayMonthYear } from '../../time.js';
import { fieldStyles, textField } from '../common/form-fields.js';
import { formFoot } from '../common/form-send.js';
import { sharedStyles } from '../shared-styles.js';

const messages = defineMessages(
  {
    newHeading: 'Kế hoạch mới', editHeading: 'Thông tin văn bản',
    number: 'Số kế hoạch', numberHint: 'ví dụ 38-KH/ĐU', issuer: 'Cơ quan ban hành', issuedOn: 'Ngày ban hành (dd/mm/yyyy)',
    place: 'Địa danh', placeHint: 'ví dụ Hà Nội', title: 'Trích yếu (tên kế hoạch)', signer: 'Người ký', position: 'Chức vụ người ký',
    positionHint: 'ví dụ T/M Ban Thường vụ — Phó Bí thư', create: 'Tạo bản nháp', save: 'Lưu', cancel: 'Hủy',
    badDate: 'Nhập ngày theo dạng dd/mm/yyyy, ví dụ 17/02/2020', required: 'Không được để trống',
  },
  {
    newHeading: 'New plan', editHeading: 'The document',
    number: 'Plan number', numberHint: 'e.g. 38-KH/ĐU', issuer: 'Issued by', issuedOn: 'Issued on (dd/mm/yyyy)',
    place: 'Place', placeHint: 'e.g. Hà Nội', title: 'Title', signer: 'Signed by', position: "Signer's position",
    positionHint: 'e.g. for the Standing Committee — Deputy Secretary', create: 'Create draft', save: 'Save', cancel: 'Cancel',
    badDate: 'Enter the date as dd/mm/yyyy, e.g. 17/02/2020', required: 'Must not be empty',
  },
);

const FIELDS = ['number', 'issuer', 'issuedOn', 'place', 'title', 'signedBy.name', 'signedBy.position'] as const;
const pathOf = (f: string) => `body.${f}`;

/**
 * The plan's document as it is headed and signed: number, issuer, date and place, title, signer.
 * Without a plan it creates a draft; with one it edits it. Emits `plan-saved` with the plan's id.
 */
@customElement('ctl-plan-document-form')
export class CtlPlanDocumentForm extends LitElement {
  @property({ attribute: false }) locale: Locale = 'vi';
  @property({ attribute: false }) plan: PlanView | undefined;
  @state() private _errors: FieldError[] = [];
  @state() private _message = '';
  @state() private _busy = false;

  private async submit(ev: SubmitEvent): Promise<void> {
    ev.preventDefault();
    const m = messages(this.locale);
    const data = new FormData(ev.target as HTMLFormElement);
    const value = (name: string) => String(data.get(name) ?? '').trim();
    const errors: FieldError[] = [];
    for (const f of FIELDS) if (!value(f)) errors.push({ path: pathOf(f), message: m.required });
    const issuedOn = parseDayMonthYear(value('issuedOn'));
    if (value('issuedOn') && !issuedOn) errors.push({ path: pathOf('issuedOn'), message: m.badDate });
    [this._errors, this._message] = [errors, ''];
    if (errors.length || !issuedOn) return;
    const fields: CreatePlanRequest = {
      number: value('number'),
      issuer: value('issuer'),
      issuedOn,
      place: value('place'),
      title: value('title'),
      signedBy: { name: value('signedBy.name'), position: value('signedBy.position') },
    };
    this._busy = true;
    try {
      let id = this.plan?.id;
      if (id) await updatePlan(id, fields);
      else id = await createPlan(fields);
      this.dispatchEvent(new CustomEvent<number>('plan-saved', { detail: id, bubbles: true, composed: true }));
    } catch (err) {
      const p = problemOf(err);
      [this._errors, this._message] = [p.fields, p.message];
    } finally {
      this._busy = false;
    }
  }

  override render() {
    const m = messages(this.locale);
    const d = this.plan;
    const f = (label: string, name: (typeof FIELDS)[number], value: string | undefined, extra: { placeholder?: string; size?: number; maxlength?: number } = {}) =>
      textField({ label, name, value, errors: this._errors, path: pathOf(name), ...extra });
    return html`
      <form @submit=${this.submit} novalidate data-testid="plan-document-form">
        <strong>${this.plan ? m.editHeading : m.newHeading}</strong>
        <div class="row">
          ${f(m.number, 'number', d?.number, { placeholder: m.numberHint, size: 14, maxlength: 50 })}
          ${f(m.issuedOn, 'issuedOn', d && formatLocalDate(d.issuedOn), { placeholder: 'dd/mm/yyyy', size: 10, maxlength: 10 })}
          ${f(m.place, 'place', d?.place, { placeholder: m.placeHint, size: 14, maxlength: 100 })}
        </div>
        ${f(m.issuer, 'issuer', d?.issuer, { size: 50, maxlength: 200 })}
        ${f(m.title, 'title', d?.title, { size: 50, maxlength: 500 })}
        <div class="row">
          ${f(m.signer, 'signedBy.name', d?.signedBy.name, { maxlength: 100 })}
          ${f(m.position, 'signedBy.position', d?.signedBy.position, { placeholder: m.positionHint, size: 30, maxlength: 200 })}
        </div>
        ${formFoot({ message: this._message, reasons: unclaimed(this._errors, FIELDS.map(pathOf)), save: this.plan ? m.save : m.create, cancel: m.cancel, onCancel: () => this.dispatchEvent(new CustomEvent('cancel')), busy: this._busy })}
      </form>
    `;
  }

  static override styles = [sharedStyles, fieldStyles];
}

declare global {
  interface HTMLElementTagNameMap {
    'ctl-plan-document-form': CtlPlanDocumentForm;
  }
}
