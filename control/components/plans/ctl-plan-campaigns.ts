import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { CampaignView, PlanEventView, PlanPhaseView } from '../../../server/protocol/plans.js';
import { addPlanCampaign, deletePlanCampaign, deletePlanPhase } from '../../data/plans.js';
import { problemOf, unclaimed, type FieldError } from '../../field-errors.js';
import { defineMessages, type Locale } from '../../i18n.js';
import { anchorInWords } from '../../plan-words.js';
import { fieldStyles, textField } from '../common/form-fields.js';
import { formFoot } from '../common/form-send.js';
import { sharedStyles } from '../shared-styles.js';
import './ctl-plan-phase-form.js';
import '../common/ctl-refusal.js';

const messages = defineMessages(
  {
    heading: 'Các mục và đợt tuyên truyền', none: 'Kế hoạch chưa có mục nào. Mỗi mục (ví dụ II.1) chia thành các đợt.',
    section: 'Mục', sectionHint: 'ví dụ II.1', title: 'Tên mục', addSection: 'Thêm mục', save: 'Lưu', cancel: 'Hủy',
    phase: 'Đợt', starts: 'Bắt đầu', ends: 'Kết thúc', openEnded: 'chưa định', noPhase: 'Mục này chưa có đợt nào.',
    addPhase: 'Thêm đợt', edit: 'Sửa', remove: 'Xóa', removeSection: 'Xóa mục', required: 'Không được để trống',
    confirmPhase: 'Xóa đợt này khỏi kế hoạch?', confirmSection: 'Xóa mục này cùng các đợt của nó?', phaseTitle: 'Đợt',
  },
  {
    heading: 'Sections and phases', none: 'The plan has no section yet. Each section (e.g. II.1) is divided into phases (đợt).',
    section: 'Section', sectionHint: 'e.g. II.1', title: 'Title of the section', addSection: 'Add a section', save: 'Save', cancel: 'Cancel',
    phase: 'Phase', starts: 'Starts', ends: 'Ends', openEnded: 'not set', noPhase: 'This section has no phase yet.',
    addPhase: 'Add a phase', edit: 'Edit', remove: 'Delete', removeSection: 'Delete section', required: 'Must not be empty',
    confirmPhase: 'Delete this phase from the plan?', confirmSection: 'Delete this section and its phases?', phaseTitle: 'Đợt',
  },
);

/**
 * A plan's sections (campaigns) with their đợt, each edge in the plan's words; sections and đợt
 * are added, edited and deleted here. A refused deletion lists what still depends on the thing.
 */
@customElement('ctl-plan-campaigns')
export class CtlPlanCampaigns extends LitElement {
  @property({ attribute: false }) locale: Locale = 'vi';
  @property({ type: Number }) planId = 0;
  @property({ attribute: false }) campaigns: CampaignView[] = [];
  @property({ attribute: false }) events: PlanEventView[] = [];
  @property({ type: Boolean }) canEdit = false;
  /** What is open for writing: 'section', a campaign id (its new đợt) or a phase id. */
  @state() private _editing: string | undefined;
  @state() private _errors: FieldError[] = [];
  @state() private _message = '';
  @state() private _refusal: { of: string; message: string; reasons: FieldError[] } | undefined;

  private changed(): void {
    this._editing = undefined;
    this.dispatchEvent(new CustomEvent('changed', { bubbles: true, composed: true }));
  }

  private async addSection(ev: SubmitEvent): Promise<void> {
    ev.preventDefault();
    const m = messages(this.locale);
    const data = new FormData(ev.target as HTMLFormElement);
    const [section, title] = [String(data.get('section') ?? '').trim(), String(data.get('title') ?? '').trim()];
    this._errors = [
      ...(section ? [] : [{ path: 'body.section', message: m.required }]),
      ...(title ? [] : [{ path: 'body.title', message: m.required }]),
    ];
    this._message = '';
    if (this._errors.length) return;
    try {
      await addPlanCampaign(this.planId, { section, title });
      this.changed();
    } catch (err) {
      const p = problemOf(err);
      [this._errors, this._message] = [p.fields, p.message];
    }
  }

  private async removePart(what: 'phase' | 'section', id: string, label: string): Promise<void> {
    const m = messages(this.locale);
    if (!confirm(`${what === 'phase' ? m.confirmPhase : m.confirmSection}\n${label}`)) return;
    try {
      if (what === 'phase') await deletePlanPhase(this.planId, id);
      else await deletePlanCampaign(this.planId, id);
      this._refusal = undefined;
      this.changed();
    } catch (err) {
      const p = problemOf(err);
      this._refusal = { of: id, message: p.message, reasons: p.fields };
    }
  }

  /** A refusal with its reasons; inside a table, as a row of its own under the refused one. */
  private refusalFor(id: string, columns?: number) {
    const r = this._refusal?.of === id ? this._refusal : undefined;
    if (!r) return '';
    const refusal = html`<ctl-refusal .message=${r.message} .reasons=${r.reasons}></ctl-refusal>`;
    return columns ? html`<tr class="refusal"><td colspan=${columns}>${refusal}</td></tr>` : refusal;
  }

  private phaseForm(campaign: CampaignView, phase?: PlanPhaseView) {
    return html`<ctl-plan-phase-form .locale=${this.locale} .planId=${this.planId} campaignId=${campaign.id} .phase=${phase}
      .events=${this.events} suggestedTitle=${`${messages(this.locale).phaseTitle} ${campaign.phases.length + 1}`}
      @changed=${() => (this._editing = undefined)} @cancel=${() => (this._editing = undefined)}></ctl-plan-phase-form>`;
  }

  private phaseRow(campaign: CampaignView, p: PlanPhaseView) {
    const m = messages(this.locale);
    if (this._editing === p.id) return html`<tr class="editing"><td colspan="4">${this.phaseForm(campaign, p)}</td></tr>`;
    return html`<tr data-phase-title=${p.title}>
      <td><strong>${p.title}</strong>${p.summary ? html`<div class="muted">${p.summary}</div>` : ''}</td>
      <td data-col="starts">${anchorInWords(p.starts, this.events, this.locale)}</td>
      <td data-col="ends">${p.ends ? anchorInWords(p.ends, this.events, this.locale) : m.openEnded}</td>
      <td class="actions">
        ${this.canEdit
          ? html`<button @click=${() => (this._editing = p.id)}>${m.edit}</button>
              <button data-action="delete" @click=${() => this.removePart('phase', p.id, `${campaign.section} ${p.title}`)}>${m.remove}</button>`
          : ''}
      </td>
    </tr>
    ${this.refusalFor(p.id, 4)}`;
  }

  private campaign(c: CampaignView) {
    const m = messages(this.locale);
    return html`<section data-section=${c.section}>
      <h4>
        <span>${c.section}. ${c.title}</span>
        ${this.canEdit ? html`<button data-action="delete-section" @click=${() => this.removePart('section', c.id, `${c.section}. ${c.title}`)}>${m.removeSection}</button>` : ''}
      </h4>
      ${this.refusalFor(c.id)}
      ${c.phases.length
        ? html`<table>
            <thead><tr><th>${m.phase}</th><th>${m.starts}</th><th>${m.ends}</th><th></th></tr></thead>
            <tbody>${c.phases.map((p) => this.phaseRow(c, p))}</tbody>
          </table>`
        : html`<p class="muted">${m.noPhase}</p>`}
      ${this.canEdit
        ? this._editing === c.id
          ? this.phaseForm(c)
          : html`<button data-action="add-phase" @click=${() => (this._editing = c.id)}>${m.addPhase}</button>`
        : ''}
    </section>`;
  }

  private sectionForm() {
    const m = messages(this.locale);
    return html`<form @submit=${this.addSection} novalidate data-testid="section-form">
      <div class="row">
        ${textField({ label: m.section, name: 'section', errors: this._errors, path: 'body.section', placeholder: m.sectionHint, size: 8, maxlength: 20 })}
        ${textField({ label: m.title, name: 'title', errors: this._errors, path: 'body.title', size: 50, maxlength: 500 })}
      </div>
      ${formFoot({ message: this._message, reasons: unclaimed(this._errors, ['body.section', 'body.title']), save: m.save, cancel: m.cancel, onCancel: () => (this._editing = undefined) })}
    </form>`;
  }

  override render() {
    const m = messages(this.locale);
    return html`
      <h3>${m.heading}</h3>
      ${this.campaigns.length ? this.campaigns.map((c) => this.campaign(c)) : html`<p class="muted">${m.none}</p>`}
      ${this.canEdit
        ? this._editing === 'section'
          ? this.sectionForm()
          : html`<button data-action="add-section" @click=${() => ([this._editing, this._errors, this._message] = ['section', [], ''])}>${m.addSection}</button>`
        : ''}
    `;
  }

  static override styles = [
    sharedStyles,
    fieldStyles,
    css`
      h3 { font-size: 1rem; margin: 20px 0 8px; }
      h4 { display: flex; gap: 12px; align-items: center; justify-content: space-between; font-size: 0.95rem; margin: 16px 0 6px; }
      h4 button { padding: 2px 10px; font-size: 0.85rem; }
      section { margin-bottom: 12px; }
      .actions { white-space: nowrap; }
      table + button, p + button, table + ctl-plan-phase-form { margin-top: 8px; }
    `,
  ];
}

declare global {
  interface HTMLElementTagNameMap {
    'ctl-plan-campaigns': CtlPlanCampaigns;
  }
}
