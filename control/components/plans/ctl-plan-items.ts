import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { ITEM_TAGS, type ItemTag } from '../../../server/protocol/plan.js';
import type { CampaignView, PlanItemLink, ProposeItemRequest } from '../../../server/protocol/plans.js';
import { proposePlanItem } from '../../data/plans.js';
import { unclaimed, type FieldError } from '../../field-errors.js';
import { defineMessages, kindNames, statusNames, tagNames, type Locale } from '../../i18n.js';
import { fieldStyles, textField } from '../common/form-fields.js';
import { formFoot, sendChange } from '../common/form-send.js';
import { sharedStyles } from '../shared-styles.js';

const messages = defineMessages(
  {
    heading: 'Khẩu hiệu và thông điệp của kế hoạch', none: 'Kế hoạch chưa có nội dung nào.',
    text: 'Nội dung', where: 'Thuộc', status: 'Trạng thái', propose: 'Đề xuất khẩu hiệu hoặc thông điệp', kind: 'Loại',
    slogan: 'Khẩu hiệu', message: 'Thông điệp', title: 'Tiêu đề', tags: 'Nhãn', wholePlan: 'Cả kế hoạch', send: 'Gửi duyệt', cancel: 'Hủy',
    celebratory: 'Tính chất mừng, cổ vũ',
    celebratoryHint: 'Bắt buộc chọn. Khi có quốc tang, mọi mục "Có" rời khỏi mọi màn hình ngay, dù gắn nhãn gì.',
    yes: 'Có: tắt khi quốc tang', no: 'Không: vẫn hiển thị khi quốc tang', choose: 'Hãy chọn Có hoặc Không',
    required: 'Không được để trống', sent: 'Đã gửi duyệt: nội dung vào sổ ở trạng thái chờ duyệt; một người khác duyệt trước khi lên màn hình.',
  },
  {
    heading: 'Slogans and messages of the plan', none: 'The plan has no content yet.',
    text: 'Text', where: 'Belongs to', status: 'Status', propose: 'Propose a slogan or message', kind: 'Kind',
    slogan: 'Slogan', message: 'Message', title: 'Title', tags: 'Tags', wholePlan: 'The whole plan', send: 'Submit for approval', cancel: 'Cancel',
    celebratory: 'Celebratory nature',
    celebratoryHint: 'Required. During national mourning every item marked "Yes" leaves every screen at once, whatever its tags.',
    yes: 'Yes: off during mourning', no: 'No: stays on during mourning', choose: 'Choose Yes or No',
    required: 'Must not be empty', sent: 'Submitted: it is in the register awaiting approval; someone else approves it before it reaches a screen.',
  },
);

const PATHS = ['body.kind', 'body.title', 'body.text', 'body.campaignId', 'body.phaseId', 'body.tags', 'body.celebratory'];

/**
 * The items of a plan and where in it they sit; a slogan or message proposed here enters the
 * register submitted, with its provenance (the plan, the section, the đợt).
 */
@customElement('ctl-plan-items')
export class CtlPlanItems extends LitElement {
  @property({ attribute: false }) locale: Locale = 'vi';
  @property({ type: Number }) planId = 0;
  @property({ attribute: false }) items: PlanItemLink[] = [];
  @property({ attribute: false }) campaigns: CampaignView[] = [];
  @property({ type: Boolean }) canPropose = false;
  @state() private _open = false;
  @state() private _kind: 'slogan' | 'message' = 'slogan';
  @state() private _errors: FieldError[] = [];
  @state() private _message = '';
  @state() private _sent = false;

  /** Where an item sits, in the plan's words: "II.1 Đợt 2", "II.1", or the whole plan. */
  private whereOf(item: Pick<PlanItemLink, 'campaignId' | 'phaseId' | 'section'>): string {
    for (const c of this.campaigns) {
      const phase = c.phases.find((p) => p.id === item.phaseId);
      if (phase) return `${c.section} ${phase.title}`;
      if (c.id === item.campaignId) return `${c.section}. ${c.title}`;
    }
    return item.section || messages(this.locale).wholePlan;
  }

  private async submit(ev: SubmitEvent): Promise<void> {
    ev.preventDefault();
    const m = messages(this.locale);
    const data = new FormData(ev.target as HTMLFormElement);
    const text = String(data.get('text') ?? '').trim();
    const title = String(data.get('title') ?? '').trim();
    const [scope, id] = String(data.get('where') ?? '').split(':') as ['campaign' | 'phase' | '', string | undefined];
    const errors: FieldError[] = [];
    if (!text) errors.push({ path: 'body.text', message: m.required });
    if (this._kind === 'message' && !title) errors.push({ path: 'body.title', message: m.required });
    const flag = data.get('celebratory');
    if (flag === null) errors.push({ path: 'body.celebratory', message: m.choose });
    const celebratory = flag === 'yes';
    [this._errors, this._message, this._sent] = [errors, '', false];
    if (errors.length) return;
    const where = scope === 'phase' ? { phaseId: id! } : scope === 'campaign' ? { campaignId: id! } : {};
    const tags = data.getAll('tags').map(String) as ItemTag[];
    const item: ProposeItemRequest =
      this._kind === 'message'
        ? { kind: 'message', title, text, tags, celebratory, events: [], places: [], ...where }
        : { kind: 'slogan', text, tags, celebratory, events: [], places: [], ...where };
    const { errors: refused, message } = await sendChange(this, async () => {
      await proposePlanItem(this.planId, item);
      [this._open, this._sent] = [false, true];
    });
    [this._errors, this._message] = [refused, message];
  }

  private form() {
    const m = messages(this.locale);
    const tags = tagNames(this.locale);
    return html`<form @submit=${this.submit} novalidate data-testid="item-form">
      <strong>${m.propose}</strong>
      <div class="row">
        <label>${m.kind}
          <select name="kind" @change=${(e: Event) => (this._kind = (e.target as HTMLSelectElement).value as 'slogan' | 'message')}>
            <option value="slogan" ?selected=${this._kind === 'slogan'}>${m.slogan}</option>
            <option value="message" ?selected=${this._kind === 'message'}>${m.message}</option>
          </select>
        </label>
        <label>${m.where}
          <select name="where">
            <option value="">${m.wholePlan}</option>
            ${this.campaigns.map(
              (c) => html`<option value="campaign:${c.id}">${c.section}. ${c.title}</option>
                ${c.phases.map((p) => html`<option value="phase:${p.id}">${c.section} ${p.title}</option>`)}`,
            )}
          </select>
        </label>
      </div>
      ${this._kind === 'message' ? textField({ label: m.title, name: 'title', errors: this._errors, path: 'body.title', size: 50, maxlength: 200 }) : ''}
      ${textField({ label: m.text, name: 'text', errors: this._errors, path: 'body.text', multiline: true, maxlength: this._kind === 'message' ? 2000 : 300 })}
      <fieldset class="tags">
        <legend>${m.tags}</legend>
        ${ITEM_TAGS.map((t) => html`<label class="inline"><input type="checkbox" name="tags" value=${t} /> ${tags[t]}</label>`)}
      </fieldset>
      <fieldset class="tags" data-testid="celebratory">
        <legend>${m.celebratory}</legend>
        <p class="muted">${m.celebratoryHint}</p>
        <label class="inline"><input type="radio" name="celebratory" value="yes" required /> ${m.yes}</label>
        <label class="inline"><input type="radio" name="celebratory" value="no" required /> ${m.no}</label>
        ${this._errors.filter((e) => e.path === 'body.celebratory').map((e) => html`<p class="error" role="alert">${e.message}</p>`)}
      </fieldset>
      ${formFoot({ message: this._message, reasons: unclaimed(this._errors, PATHS), save: m.send, cancel: m.cancel, onCancel: () => (this._open = false) })}
    </form>`;
  }

  override render() {
    const m = messages(this.locale);
    const status = statusNames(this.locale);
    return html`
      <h3>${m.heading}</h3>
      ${this.items.length
        ? html`<table>
            <thead><tr><th>${m.text}</th><th>${m.where}</th><th>${m.status}</th></tr></thead>
            <tbody>${this.items.map(
              (i) => html`<tr data-item-text=${i.text}>
                <td>${i.text}<div class="muted">${kindNames(this.locale)[i.kind]}</div></td>
                <td>${this.whereOf(i)}</td>
                <td><span class="chip ${i.status}">${status[i.status]}</span></td>
              </tr>`,
            )}</tbody>
          </table>`
        : html`<p class="muted">${m.none}</p>`}
      ${this._sent ? html`<p class="ok" role="status">${m.sent}</p>` : ''}
      ${this.canPropose
        ? this._open
          ? this.form()
          : html`<button data-action="propose" @click=${() => ([this._open, this._sent] = [true, false])}>${m.propose}</button>`
        : ''}
    `;
  }

  static override styles = [
    sharedStyles,
    fieldStyles,
    css`
      h3 { font-size: 1rem; margin: 20px 0 8px; }
      fieldset.tags { border: 0; padding: 0; margin: 0; display: flex; gap: 4px 14px; flex-wrap: wrap; }
      fieldset.tags legend { font-size: 0.9rem; color: var(--pano-muted); padding: 0; margin-bottom: 4px; }
      label.inline { display: inline-flex; gap: 6px; align-items: center; }
      .chip.approved { background: #e6f4ea; color: var(--pano-ok); }
      .chip.submitted { background: #fef7e0; color: var(--pano-warn); }
      .ok { color: var(--pano-ok); }
      table + button, p + button { margin-top: 8px; }
    `,
  ];
}

declare global {
  interface HTMLElementTagNameMap {
    'ctl-plan-items': CtlPlanItems;
  }
}
