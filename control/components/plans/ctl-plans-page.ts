import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { User } from '../../../server/protocol/auth.js';
import type { PlanView } from '../../../server/protocol/plans.js';
import { listPlans } from '../../data/plans.js';
import { problemOf } from '../../field-errors.js';
import { defineMessages, planStateNames, type Locale } from '../../i18n.js';
import { formatLocalDate } from '../../time.js';
import { sharedStyles } from '../shared-styles.js';
import { ContentReloadController } from '../../controllers/content-reload.js';
import { PLAN_EDITOR_ROLES } from './plan-roles.js';
import './ctl-plan-detail.js';
import './ctl-plan-document-form.js';

const messages = defineMessages(
  {
    heading: 'Các kế hoạch', lead: 'Mỗi kế hoạch có sự kiện, các mục và đợt, khẩu hiệu của riêng nó; mọi kế hoạch đang thực hiện cùng lên lịch phát.',
    create: 'Viết kế hoạch mới', number: 'Số', title: 'Trích yếu', issuedOn: 'Ngày ban hành', state: 'Trạng thái', contents: 'Gồm',
    counts: '{events} sự kiện, {phases} đợt, {items} nội dung',
    none: 'Chưa có kế hoạch nào.', failed: 'Không tải được danh sách kế hoạch', loading: 'Đang tải…',
  },
  {
    heading: 'Plans', lead: 'Each plan has its own events, sections and phases, and slogans; every active plan plays together.',
    create: 'Write a new plan', number: 'Number', title: 'Title', issuedOn: 'Issued on', state: 'State', contents: 'Holds',
    counts: '{events} events, {phases} phases, {items} items',
    none: 'No plan yet.', failed: 'Could not load the plans', loading: 'Loading…',
  },
);

/** The plans page: every plan with its state, a new plan written from its document, and one plan opened (`#/plans?plan=3`). */
@customElement('ctl-plans-page')
export class CtlPlansPage extends LitElement {
  @property({ attribute: false }) locale: Locale = 'vi';
  @property({ attribute: false }) me!: User;
  /** The plan opened, 0 for the list. */
  @property({ type: Number }) planId = 0;
  @state() private _plans: PlanView[] | undefined;
  @state() private _error: string | undefined;
  @state() private _creating = false;

  constructor() {
    super();
    new ContentReloadController(this, () => this.load());
  }

  private async load(): Promise<void> {
    try {
      this._plans = await listPlans();
      this._error = undefined;
    } catch (err) {
      this._error = problemOf(err).message;
    }
  }

  private opened(id: number): void {
    this._creating = false;
    location.hash = `#/plans?plan=${id}`;
  }

  override render() {
    if (this.planId) {
      return html`<ctl-plan-detail .locale=${this.locale} .me=${this.me} .planId=${this.planId}></ctl-plan-detail>`;
    }
    const m = messages(this.locale);
    const canEdit = PLAN_EDITOR_ROLES.some((r) => this.me.roles.includes(r));
    return html`
      <h2>${m.heading} ${canEdit && !this._creating ? html`<button class="primary" data-action="new-plan" @click=${() => (this._creating = true)}>${m.create}</button>` : ''}</h2>
      <p class="muted">${m.lead}</p>
      ${this._error ? html`<p class="error" role="alert">${m.failed}: ${this._error}</p>` : ''}
      ${this._creating
        ? html`<ctl-plan-document-form .locale=${this.locale} @plan-saved=${(e: CustomEvent<number>) => this.opened(e.detail)}
            @cancel=${() => (this._creating = false)}></ctl-plan-document-form>`
        : ''}
      ${!this._plans
        ? html`<p>${m.loading}</p>`
        : this._plans.length
          ? html`<table>
              <thead><tr><th>${m.number}</th><th>${m.title}</th><th>${m.issuedOn}</th><th>${m.contents}</th><th>${m.state}</th></tr></thead>
              <tbody>${this._plans.map(
                (p) => html`<tr data-plan-number=${p.number}>
                  <td><a href="#/plans?plan=${p.id}">${p.number}</a></td>
                  <td>${p.title}</td>
                  <td>${formatLocalDate(p.issuedOn)}</td>
                  <td class="muted">${m.counts.replace(/\{(\w+)\}/g, (_, k: keyof PlanView['counts']) => String(p.counts[k]))}</td>
                  <td><span class="chip state ${p.state}">${planStateNames(this.locale)[p.state]}</span></td>
                </tr>`,
              )}</tbody>
            </table>`
          : html`<p class="muted">${m.none}</p>`}
    `;
  }

  static override styles = [
    sharedStyles,
    css`
      h2 { display: flex; gap: 16px; align-items: center; }
      td:first-child a { font-weight: 500; white-space: nowrap; }
      .chip.state.active { background: #e6f4ea; color: var(--pano-ok); }
      .chip.state.draft { background: #fef7e0; color: var(--pano-warn); }
    `,
  ];
}

declare global {
  interface HTMLElementTagNameMap {
    'ctl-plans-page': CtlPlansPage;
  }
}
