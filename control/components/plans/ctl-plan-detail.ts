import { LitElement, css, html, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { User } from '../../../server/protocol/auth.js';
import type { PlanDetail, PlanState } from '../../../server/protocol/plans.js';
import { ACTION_ROLES } from '../../../server/domain/workflow.js';
import { fetchPlan, setPlanState } from '../../data/plans.js';
import { problemOf, type FieldError } from '../../field-errors.js';
import { defineMessages, planStateNames, type Locale } from '../../i18n.js';
import { formatLocalDate } from '../../time.js';
import { sharedStyles } from '../shared-styles.js';
import { ContentReloadController } from '../../controllers/content-reload.js';
import { PLAN_EDITOR_ROLES, STATE_ROLES } from './plan-roles.js';
import './ctl-plan-document-form.js';
import './ctl-plan-events.js';
import './ctl-plan-campaigns.js';
import './ctl-plan-items.js';
import '../common/ctl-refusal.js';

const messages = defineMessages(
  {
    loading: 'Đang tải…', failed: 'Không tải được kế hoạch', issued: 'ban hành', signed: 'Người ký', editDocument: 'Sửa thông tin văn bản',
    activate: 'Kích hoạt', end: 'Kết thúc kế hoạch', reactivate: 'Kích hoạt lại', preview: 'Xem trước trên lịch phát', report: 'Báo cáo kết quả',
    back: '← Danh sách kế hoạch',
    confirmActivate: 'Kích hoạt kế hoạch? Các đợt của nó sẽ lên lịch phát; chỉ nội dung đã duyệt được phát.',
    confirmEnd: 'Kết thúc kế hoạch? Các đợt của nó dừng phát; nội dung vẫn ở trong sổ cùng lịch sử.',
    draftNote: 'Bản nháp: chưa có gì của kế hoạch này được phát. Xem trước để biết mỗi khu vực sẽ hiển thị gì khi kích hoạt.',
    endedNote: 'Đã kết thúc: các đợt không còn phát; nội dung vẫn ở trong sổ cùng lịch sử.',
  },
  {
    loading: 'Loading…', failed: 'Could not load the plan', issued: 'issued', signed: 'Signed by', editDocument: 'Edit the document',
    activate: 'Activate', end: 'End the plan', reactivate: 'Re-activate', preview: 'Preview on the timeline', report: 'Report',
    back: '← All plans',
    confirmActivate: 'Activate the plan? Its phases go on the timeline; only approved content plays.',
    confirmEnd: 'End the plan? Its phases stop; its items stay in the register with their history.',
    draftNote: 'Draft: nothing of this plan plays yet. Preview it to see what every zone would show once it is active.',
    endedNote: 'Ended: its phases no longer play; its items stay in the register with their history.',
  },
);

/** The state a plan moves to from each state, with the words of the button and of its confirmation. */
const TRANSITIONS: Record<PlanState, { to: PlanState; label: 'activate' | 'end' | 'reactivate'; confirm: 'confirmActivate' | 'confirmEnd' }[]> = {
  draft: [{ to: 'active', label: 'activate', confirm: 'confirmActivate' }],
  active: [{ to: 'ended', label: 'end', confirm: 'confirmEnd' }],
  ended: [{ to: 'active', label: 'reactivate', confirm: 'confirmActivate' }],
};

/** One plan: its document, state, events, sections and đợt, items; every editor of the plan in one place. */
@customElement('ctl-plan-detail')
export class CtlPlanDetail extends LitElement {
  @property({ attribute: false }) locale: Locale = 'vi';
  @property({ attribute: false }) me!: User;
  @property({ type: Number }) planId = 0;
  @state() private _detail: PlanDetail | undefined;
  @state() private _error: string | undefined;
  @state() private _editingDocument = false;
  @state() private _refusal: { message: string; reasons: FieldError[] } | undefined;

  constructor() {
    super();
    new ContentReloadController(this, () => this.load());
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('planId') && changed.get('planId') !== undefined) void this.load();
  }

  private async load(): Promise<void> {
    if (!this.planId) return;
    try {
      this._detail = await fetchPlan(this.planId);
      this._error = undefined;
    } catch (err) {
      this._error = problemOf(err).message;
    }
  }

  private get canEdit(): boolean {
    return PLAN_EDITOR_ROLES.some((r) => this.me.roles.includes(r));
  }

  private async moveTo(state: PlanState, confirmText: string): Promise<void> {
    if (!confirm(confirmText)) return;
    await this.act(() => setPlanState(this.planId, state));
  }

  /** Runs a change; a refusal stays on screen with its reasons. */
  private async act(change: () => Promise<void>): Promise<void> {
    try {
      await change();
      this._refusal = undefined;
      await this.load();
    } catch (err) {
      const p = problemOf(err);
      this._refusal = { message: p.message, reasons: p.fields };
    }
  }

  override render() {
    const m = messages(this.locale);
    const d = this._detail;
    if (!d) return html`${this._error ? html`<p class="error" role="alert">${m.failed}: ${this._error}</p>` : html`<p>${m.loading}</p>`}`;
    const p = d.plan;
    const canEdit = this.canEdit;
    return html`
      <p><a href="#/plans">${m.back}</a></p>
      <header>
        <div>
          <h2>${p.number} <span class="chip state ${p.state}" data-testid="plan-state">${planStateNames(this.locale)[p.state]}</span></h2>
          <p class="title">${p.title}</p>
          <p class="muted">${p.issuer} — ${p.place}, ${m.issued} ${formatLocalDate(p.issuedOn)}. ${m.signed}: ${p.signedBy.position} ${p.signedBy.name}</p>
        </div>
        <div class="actions">
          ${TRANSITIONS[p.state]
            .filter((t) => STATE_ROLES[t.to].some((r) => this.me.roles.includes(r)))
            .map((t) => html`<button class=${t.to === 'active' ? 'primary' : ''} data-action=${t.label} @click=${() => this.moveTo(t.to, m[t.confirm])}>${m[t.label]}</button>`)}
          ${p.state === 'draft' ? html`<a class="button" data-action="preview" href="#/timeline?previewPlan=${p.id}">${m.preview}</a>` : ''}
          <a class="button" data-action="report" href="#/plan-report?plan=${p.id}">${m.report}</a>
          ${canEdit ? html`<button data-action="edit-document" @click=${() => (this._editingDocument = !this._editingDocument)}>${m.editDocument}</button>` : ''}
        </div>
      </header>
      ${this._refusal ? html`<ctl-refusal .message=${this._refusal.message} .reasons=${this._refusal.reasons}></ctl-refusal>` : ''}
      ${p.state === 'draft' ? html`<p class="note">${m.draftNote}</p>` : p.state === 'ended' ? html`<p class="note">${m.endedNote}</p>` : ''}
      ${this._editingDocument
        ? html`<ctl-plan-document-form .locale=${this.locale} .plan=${p}
            @plan-saved=${() => ((this._editingDocument = false), void this.load())} @cancel=${() => (this._editingDocument = false)}></ctl-plan-document-form>`
        : ''}
      <div @changed=${() => void this.load()}>
        <ctl-plan-events .locale=${this.locale} .planId=${p.id} .events=${d.events} .canEdit=${canEdit}></ctl-plan-events>
        <ctl-plan-campaigns .locale=${this.locale} .planId=${p.id} .campaigns=${d.campaigns} .events=${d.events} .canEdit=${canEdit}></ctl-plan-campaigns>
        <ctl-plan-items .locale=${this.locale} .planId=${p.id} .items=${d.items} .campaigns=${d.campaigns}
          .canPropose=${ACTION_ROLES.create.some((r) => this.me.roles.includes(r))}></ctl-plan-items>
      </div>
    `;
  }

  static override styles = [
    sharedStyles,
    css`
      header { display: flex; gap: 16px; justify-content: space-between; align-items: start; flex-wrap: wrap; }
      h2 { margin-top: 8px; }
      .title { font-weight: 500; margin: 4px 0; max-width: 70ch; }
      .actions { display: flex; gap: 8px; flex-wrap: wrap; }
      a.button { font: inherit; padding: 8px 14px; border-radius: var(--pano-radius); border: 1px solid var(--pano-line); background: #fff; color: var(--pano-ink); text-decoration: none; }
      .chip.state.active { background: #e6f4ea; color: var(--pano-ok); }
      .chip.state.draft { background: #fef7e0; color: var(--pano-warn); }
      .note { background: var(--pano-surface); border-left: 4px solid var(--pano-warn); padding: 8px 12px; }
    `,
  ];
}

declare global {
  interface HTMLElementTagNameMap {
    'ctl-plan-detail': CtlPlanDetail;
  }
}
