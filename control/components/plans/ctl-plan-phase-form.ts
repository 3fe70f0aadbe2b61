import { LitElement, html } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { Anchor } from '../../../server/protocol/plan.js';
import type { PlanEventView, PlanPhaseView } from '../../../server/protocol/plans.js';
import { addPlanPhase, updatePlanPhase } from '../../data/plans.js';
import { messageFor, unclaimed, type FieldError } from '../../field-errors.js';
import { defineMessages, type Locale } from '../../i18n.js';
import { resolveAnchor } from '../../plan-axis.js';
import { fieldStyles, textField } from '../common/form-fields.js';
import { formFoot, sendChange } from '../common/form-send.js';
import { sharedStyles } from '../shared-styles.js';
import type { CtlScheduleAnchor } from '../ctl-schedule-anchor.js';
import '../ctl-schedule-anchor.js';

const messages = defineMessages(
  {
    addHeading: 'Thêm đợt', editHeading: 'Sửa đợt', title: 'Tên đợt', titleHint: 'ví dụ Đợt 1', summary: 'Nội dung chính',
    starts: 'Bắt đầu', ends: 'Kết thúc (không tính ngày này)', save: 'Lưu', cancel: 'Hủy', required: 'Không được để trống',
    endsAfterStarts: 'Mốc kết thúc phải sau mốc bắt đầu',
  },
  {
    addHeading: 'Add a phase', editHeading: 'Edit the phase', title: 'Name of the phase', titleHint: 'e.g. Đợt 1', summary: 'What it is about',
    starts: 'Starts', ends: 'Ends (exclusive)', save: 'Save', cancel: 'Cancel', required: 'Must not be empty',
    endsAfterStarts: 'The end must come after the start',
  },
);

const PATHS = ['body.title', 'body.summary', 'body.starts', 'body.ends'];

/**
 * One đợt of a campaign: its name and what it is about, and each edge either a date or an
 * event's opening/closing plus whole days, so a postponed congress carries the đợt with it.
 * Emits `changed`.
 */
@customElement('ctl-plan-phase-form')
export class CtlPlanPhaseForm extends LitElement {
  @property({ attribute: false }) locale: Locale = 'vi';
  @property({ type: Number }) planId = 0;
  @property() campaignId = '';
  @property({ attribute: false }) phase: PlanPhaseView | undefined;
  @property({ attribute: false }) events: PlanEventView[] = [];
  /** The name a new đợt is offered ("Đợt 3" after two). */
  @property() suggestedTitle = '';
  @state() private _errors: FieldError[] = [];
  @state() private _message = '';
  @query('ctl-schedule-anchor[name=starts]') private startsInput!: CtlScheduleAnchor;
  @query('ctl-schedule-anchor[name=ends]') private endsInput!: CtlScheduleAnchor;

  private async submit(ev: SubmitEvent): Promise<void> {
    ev.preventDefault();
    const m = messages(this.locale);
    const data = new FormData(ev.target as HTMLFormElement);
    const title = String(data.get('title') ?? '').trim();
    const summary = String(data.get('summary') ?? '').trim();
    const errors: FieldError[] = [];
    if (!title) errors.push({ path: 'body.title', message: m.required });
    const starts = this.startsInput.parsed;
    const ends = this.endsInput.parsed;
    if (starts == null) errors.push({ path: 'body.starts', message: this.startsInput.invalidMessage || m.required });
    if (ends === null) errors.push({ path: 'body.ends', message: this.endsInput.invalidMessage });
    if (starts && ends && !('instant' in starts) && !('instant' in ends)) {
      const [s, e] = [resolveAnchor(starts, this.events), resolveAnchor(ends, this.events)];
      if (s && e && e <= s) errors.push({ path: 'body.ends', message: m.endsAfterStarts });
    }
    [this._errors, this._message] = [errors, ''];
    if (errors.length || !starts) return;
    // The phase form offers no fixed instants (allowInstant is off), so both edges are anchors.
    const input = { title, ...(summary ? { summary } : {}), starts: starts as Anchor, ends: (ends ?? null) as Anchor | null };
    const { errors: refused, message } = await sendChange(this, () =>
      this.phase ? updatePlanPhase(this.planId, this.phase.id, input) : addPlanPhase(this.planId, { campaignId: this.campaignId, ...input }),
    );
    [this._errors, this._message] = [refused, message];
  }

  override render() {
    const m = messages(this.locale);
    const p = this.phase;
    return html`
      <form @submit=${this.submit} novalidate data-testid="phase-form">
        <strong>${p ? m.editHeading : m.addHeading}</strong>
        <div class="row">
          ${textField({ label: m.title, name: 'title', value: p?.title ?? this.suggestedTitle, errors: this._errors, path: 'body.title', placeholder: m.titleHint, size: 12, maxlength: 50 })}
          ${textField({ label: m.summary, name: 'summary', value: p?.summary ?? '', errors: this._errors, path: 'body.summary', size: 50, maxlength: 500 })}
        </div>
        <ctl-schedule-anchor .locale=${this.locale} name="starts" label=${m.starts} .value=${p?.starts} .events=${this.events}
          .error=${messageFor(this._errors, 'body.starts')}></ctl-schedule-anchor>
        <ctl-schedule-anchor .locale=${this.locale} name="ends" label=${m.ends} optional .value=${p ? p.ends : null} .events=${this.events}
          .error=${messageFor(this._errors, 'body.ends')}></ctl-schedule-anchor>
        ${formFoot({ message: this._message, reasons: unclaimed(this._errors, PATHS), save: m.save, cancel: m.cancel, onCancel: () => this.dispatchEvent(new CustomEvent('cancel')) })}
      </form>
    `;
  }

  static override styles = [sharedStyles, fieldStyles];
}

declare global {
  interface HTMLElementTagNameMap {
    'ctl-plan-phase-form': CtlPlanPhaseForm;
  }
}
