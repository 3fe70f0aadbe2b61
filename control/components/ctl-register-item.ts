import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { canApprove, type User } from '../../server/protocol/auth.js';
import type { DecisionKind, ItemDetail, Revision } from '../../server/protocol/content.js';
import { ACTION_ROLES, refusal, type WorkflowAction } from '../../server/domain/workflow.js';
import { listApprovers } from '../data/auth.js';
import { decideItem, describeError, fetchItem, reviseItem, submitItem, type Decision } from '../data/content.js';
import { defineMessages, formatInstant, formatLocalDate, kindNames, statusNames, type Locale } from '../i18n.js';
import { sharedStyles } from './shared-styles.js';
import './ctl-register-diff.js';
import './ctl-register-preview.js';
import './ctl-media-view.js';
import type { CtlMediaFields } from './ctl-media-fields.js';
import './ctl-media-fields.js';
import { playlistMediaOf } from '../../server/protocol/media.js';

const messages = defineMessages(
  {
    approvedText: 'Đang dùng (bản đã duyệt)',
    noApproved: 'Chưa có bản nào được duyệt: chưa lên màn hình.',
    pending: 'Bản sửa',
    edit: 'Sửa nội dung',
    title: 'Tiêu đề',
    text: 'Nội dung',
    saveRevision: 'Lưu bản sửa',
    submit: 'Gửi duyệt',
    reason: 'Lý do (bắt buộc khi duyệt, từ chối, thu hồi)',
    approve: 'Duyệt',
    reject: 'Từ chối',
    retire: 'Thu hồi khỏi mọi màn hình',
    confirmRetire: 'Thu hồi mục này khỏi mọi màn hình? Không thể hoàn tác.',
    preview: 'Xem trước',
    previewLive: 'Bản {n} đang dùng trên màn hình',
    previewReview: 'Bản {n} đang chờ duyệt: "Duyệt" sẽ duyệt bản này',
    previewOnly: 'Bản {n}: {status}',
    compare: 'So sánh hai bản',
    history: 'Lịch sử',
    revisions: 'Các bản',
    decisions: 'Quyết định',
    by: 'Người',
    at: 'Lúc',
    plan: 'kế hoạch',
    source: 'Nguồn',
    caption: 'Chú thích',
    editMedia: 'Sửa ảnh, chú thích, nguồn hoặc khung giữ: bản sửa cần được duyệt lại',
    editClip: 'Sửa đoạn phim, chú thích hoặc nguồn: bản sửa cần được duyệt lại',
    changed: 'Khác bản đã duyệt: {fields}.',
    same: 'Giống bản đã duyệt.',
    file: 'tệp', credit: 'nguồn', takenOn: 'ngày chụp', focus: 'khung giữ',
    whyFourEyes: 'Bạn không duyệt được bản này vì chính bạn đã soạn, nhập hoặc gửi duyệt nó (nguyên tắc bốn mắt).',
    whyAdmin: 'Tài khoản vừa là quản trị viên vừa là người duyệt nên không được duyệt; quản trị viên khác cần bỏ một trong hai vai trò.',
    whyRole: 'Chỉ người có vai trò "Duyệt nội dung" mới duyệt được.',
    whoCan: 'Người duyệt được: {names}.',
    nobody: 'Hiện chưa có người nào khác duyệt được: hãy nhờ quản trị viên giao vai trò "Duyệt nội dung".',
  },
  {
    approvedText: 'In use (approved revision)',
    noApproved: 'No revision approved yet: not on any screen.',
    pending: 'Edit',
    edit: 'Edit the text',
    title: 'Title',
    text: 'Text',
    saveRevision: 'Save revision',
    submit: 'Submit for approval',
    reason: 'Reason (required to approve, reject, retire)',
    approve: 'Approve',
    reject: 'Reject',
    retire: 'Retire from every screen',
    confirmRetire: 'Retire this item from every screen? This cannot be undone.',
    preview: 'Preview',
    previewLive: 'Revision {n}, on screens now',
    previewReview: 'Revision {n}, awaiting approval: "Approve" approves this one',
    previewOnly: 'Revision {n}: {status}',
    compare: 'Compare two revisions',
    history: 'History',
    revisions: 'Revisions',
    decisions: 'Decisions',
    by: 'By',
    at: 'At',
    plan: 'the plan',
    source: 'Source',
    caption: 'Caption',
    editMedia: 'Change the picture, caption, credit or focus box: the revision needs approval again',
    editClip: 'Change the clip, caption or credit: the revision needs approval again',
    changed: 'Differs from the approved revision: {fields}.',
    same: 'Same as the approved revision.',
    file: 'file', credit: 'credit', takenOn: 'date taken', focus: 'focus box',
    whyFourEyes: 'You cannot approve this revision because you wrote, imported or submitted it (four eyes rule).',
    whyAdmin: 'An account that is both admin and approver may not approve; another admin must remove one of the two roles.',
    whyRole: 'Only people with the "Approver" role can approve.',
    whoCan: 'Who can approve: {names}.',
    nobody: 'Nobody else can approve yet: ask an admin to give someone the "Approver" role.',
  },
);

const decisionNames = defineMessages(
  { submit: 'Gửi duyệt', approve: 'Duyệt', reject: 'Từ chối', retire: 'Thu hồi' } satisfies Record<DecisionKind, string>,
  { submit: 'Submitted', approve: 'Approved', reject: 'Rejected', retire: 'Retired' },
);

type MediaField = 'file' | 'caption' | 'credit' | 'takenOn' | 'focus';

/** What a newer picture or clip revision changes against an older one. */
function mediaChanges(older: Revision, newer: Revision): Set<MediaField> {
  const a = older.media;
  const b = newer.media;
  const changed = new Set<MediaField>();
  if (!a || !b) return changed;
  if (a.mediaId !== b.mediaId) changed.add('file');
  if (older.text !== newer.text) changed.add('caption');
  if (a.credit !== b.credit) changed.add('credit');
  if (a.kind === 'picture' && b.kind === 'picture') {
    if (a.takenOn !== b.takenOn) changed.add('takenOn');
    if (JSON.stringify(a.focus) !== JSON.stringify(b.focus)) changed.add('focus');
  }
  return changed;
}

/** One item: its approved text and preview, the actions the signed-in user may take, its diff and history. */
@customElement('ctl-register-item')
export class CtlRegisterItem extends LitElement {
  @property({ attribute: false }) locale: Locale = 'vi';
  @property({ attribute: false }) me!: User;
  @property({ type: Number }) itemId = 0;
  @state() private _item: ItemDetail | undefined;
  @state() private _error: string | undefined;
  @state() private _busy = false;
  @state() private _compare: [number, number] | undefined;
  @state() private _approvers: { displayName: string; username: string }[] | undefined;

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('itemId')) void this.load();
  }

  /** Called by the page when the server says content changed. */
  async load(): Promise<void> {
    try {
      this._item = await fetchItem(this.itemId);
      this._error = undefined;
      if (this._item.latest.status === 'submitted' && !this._approvers) this._approvers = await listApprovers();
    } catch (err) {
      this._error = describeError(err);
    }
  }

  /** Runs one workflow call, shows its refusal if any, and tells the page the register changed. */
  private async act(call: () => Promise<ItemDetail>): Promise<void> {
    this._busy = true;
    try {
      this._item = await call();
      this._error = undefined;
      if (this._item.latest.status === 'submitted' && !this._approvers) this._approvers = await listApprovers();
      this._compare = undefined;
      this.dispatchEvent(new CustomEvent('item-changed', { detail: this._item.id, bubbles: true, composed: true }));
    } catch (err) {
      this._error = describeError(err);
    } finally {
      this._busy = false;
    }
  }

  private revise(e: SubmitEvent): void {
    e.preventDefault();
    const data = new FormData(e.target as HTMLFormElement);
    const title = data.get('title');
    const fields = this.renderRoot.querySelector<CtlMediaFields>('ctl-media-fields');
    const media = fields?.read();
    if (media && 'error' in media) {
      this._error = media.error;
      return;
    }
    void this.act(() => reviseItem(this.itemId, String(data.get('text')), title === null ? undefined : String(title), media?.media));
  }

  private decide(decision: Decision): void {
    const reason = this.renderRoot.querySelector<HTMLTextAreaElement>('textarea[name=reason]')?.value ?? '';
    if (decision === 'retire' && !confirm(messages(this.locale).confirmRetire)) return;
    void this.act(() => decideItem(this.itemId, decision, reason));
  }

  /** Whether the signed-in user may do this now; the server checks the same rules on every call. */
  private can(action: Exclude<WorkflowAction, 'create'>, item: ItemDetail): boolean {
    if (!ACTION_ROLES[action].some((r) => this.me.roles.includes(r))) return false;
    if ((action === 'approve' || action === 'reject') && !canApprove(this.me.roles)) return false;
    const mine = (username: string | null) => (username === this.me.username ? this.me.id : null);
    const state = {
      retired: item.status === 'retired',
      hasApproved: item.approved !== null,
      // The API names people; only "is it me" matters to the four-eyes rule here.
      latest: { status: item.latest.status, createdBy: mine(item.latest.createdBy), submittedBy: mine(item.latest.submittedBy) },
    };
    return refusal(state, action, this.me.id) === undefined;
  }

  override render() {
    const m = messages(this.locale);
    const item = this._item;
    if (!item) return this._error ? html`<p class="error" role="alert">${this._error}</p>` : '';
    return html`
      <section data-item=${item.id}>
        <h3>
          ${kindNames(this.locale)[item.kind]} <span class="chip" data-testid="item-status">${statusNames(this.locale)[item.status]}</span>
          ${item.approved && item.latest.id !== item.approved.id
            ? html`<span class="chip" data-testid="pending-status">${m.pending} ${item.latest.number}: ${statusNames(this.locale)[item.latest.status]}</span>`
            : ''}
        </h3>
        <p class="muted">${m.source}: ${[item.source.document, item.source.section, item.source.issuedOn && formatLocalDate(item.source.issuedOn)].filter(Boolean).join(' · ') || '—'}</p>
        ${this._error ? html`<p class="error" role="alert">${this._error}</p>` : ''}
        ${item.approved ? html`<h4>${m.approvedText}</h4><p class="text" data-testid="approved-text">${item.approved.text}</p>` : html`<p class="muted">${m.noApproved}</p>`}
        <h4>${m.preview}</h4>
        ${item.latest.media ? this.renderMediaSides(item) : ''}
        <ctl-register-preview .locale=${this.locale} .sides=${this.previewSides(item)}></ctl-register-preview>
        ${this.renderActions(item)} ${this.renderCompare(item)} ${this.renderHistory(item)}
      </section>
    `;
  }

  /** A revision waits and this person cannot approve it: say why, and who can. */
  private renderWhyNotApprove(item: ItemDetail) {
    if (item.status === 'retired' || item.latest.status !== 'submitted' || this.can('approve', item)) return '';
    const m = messages(this.locale);
    const why = this.me.roles.includes('approver') ? (canApprove(this.me.roles) ? m.whyFourEyes : m.whyAdmin) : m.whyRole;
    const others = (this._approvers ?? []).filter((a) => a.username !== this.me.username && a.username !== item.latest.createdBy && a.username !== item.latest.submittedBy);
    const who = others.length ? m.whoCan.replace('{names}', others.map((a) => a.displayName).join(', ')) : m.nobody;
    return html`<p class="warning" data-testid="why-no-approve">${why} ${this._approvers ? who : ''}</p>`;
  }

  /**
   * The revision a decision would act on is what the approver sees: the newest one, named; and
   * beside it the live one when they differ, so approving never means approving an unseen text.
   */
  private previewSides(item: ItemDetail) {
    const m = messages(this.locale);
    const side = (r: Revision, label: string) => ({
      label: label.replace('{n}', String(r.number)),
      revision: r.number,
      text: r.text,
      caption: r.title ?? item.source.section,
      ...(r.media ? { media: playlistMediaOf(r.media) } : {}),
    });
    const latest = item.latest;
    if (item.approved && item.approved.id !== latest.id) {
      const newer = latest.status === 'submitted' ? m.previewReview : m.previewOnly.replace('{status}', statusNames(this.locale)[latest.status]);
      return [side(item.approved, m.previewLive), side(latest, newer)];
    }
    const label = latest.status === 'submitted' ? m.previewReview : latest.status === 'approved' ? m.previewLive : m.previewOnly.replace('{status}', statusNames(this.locale)[latest.status]);
    return [side(latest, label)];
  }

  /**
   * A picture or clip under review beside the one on screens, each as the approval view shows it,
   * with what the newer one changes marked and named.
   */
  private renderMediaSides(item: ItemDetail) {
    const m = messages(this.locale);
    const sides = this.previewSides(item);
    const latest = item.latest;
    const older = item.approved && item.approved.id !== latest.id ? item.approved : undefined;
    const changed = older ? mediaChanges(older, latest) : new Set<MediaField>();
    const names = [...changed].map((f) => (f === 'caption' ? m.caption.toLowerCase() : m[f]));
    return html`
      ${older ? html`<p class=${changed.size ? 'warning' : 'muted'} data-testid="media-changes">${changed.size ? m.changed.replace('{fields}', names.join(', ')) : m.same}</p>` : ''}
      <div class="media-sides">
        ${older ? html`<ctl-media-view .locale=${this.locale} .media=${older.media!} .caption=${older.text} .label=${sides[0]!.label} data-revision=${older.number}></ctl-media-view>` : ''}
        <ctl-media-view .locale=${this.locale} .media=${latest.media!} .caption=${latest.text} .label=${sides[sides.length - 1]!.label} .changed=${changed} data-revision=${latest.number}></ctl-media-view>
      </div>
    `;
  }

  private renderActions(item: ItemDetail) {
    const m = messages(this.locale);
    const decide = (['approve', 'reject', 'retire'] as const).filter((a) => this.can(a, item));
    return html`
      ${this.renderWhyNotApprove(item)}
      ${this.can('revise', item)
        ? html`<form @submit=${this.revise}>
            <strong>${m.edit}</strong>
            ${item.kind === 'message' ? html`<label>${m.title}<input name="title" required .value=${item.latest.title ?? ''} /></label>` : ''}
            ${item.latest.media
              ? html`<p class="muted">${item.latest.media.kind === 'picture' ? m.editMedia : m.editClip}</p>
                  <ctl-media-fields .locale=${this.locale} .kind=${item.latest.media.kind} .initial=${item.latest.media}></ctl-media-fields>`
              : ''}
            <label>${item.latest.media ? m.caption : m.text}<textarea name="text" rows="3" required .value=${item.latest.text}></textarea></label>
            <button type="submit" data-action="revise" ?disabled=${this._busy}>${m.saveRevision}</button>
          </form>`
        : ''}
      ${this.can('submit', item)
        ? html`<p><button class="primary" data-action="submit" ?disabled=${this._busy} @click=${() => this.act(() => submitItem(item.id))}>${m.submit}</button></p>`
        : ''}
      ${decide.length
        ? html`<div class="decide">
            <label>${m.reason}<textarea name="reason" rows="2" required></textarea></label>
            <div class="buttons">
              ${decide.map(
                (a) => html`<button class=${a === 'approve' ? 'primary' : ''} data-action=${a} ?disabled=${this._busy} @click=${() => this.decide(a)}>${m[a]}</button>`,
              )}
            </div>
          </div>`
        : ''}
    `;
  }

  private renderCompare(item: ItemDetail) {
    if (item.revisions.length < 2) return '';
    const m = messages(this.locale);
    const byNumber = (n: number) => item.revisions.find((r) => r.number === n)!;
    const latest = item.latest.number;
    const [a, b] = this._compare ?? [item.approved && item.approved.number !== latest ? item.approved.number : latest - 1, latest];
    const picker = (value: number, index: 0 | 1) => html`
      <select
        data-compare=${index}
        @change=${(e: Event) => {
          const next: [number, number] = [a, b];
          next[index] = Number((e.target as HTMLSelectElement).value);
          this._compare = next;
        }}
      >
        ${item.revisions.map((r: Revision) => html`<option value=${r.number} ?selected=${r.number === value}>${r.number}</option>`)}
      </select>
    `;
    return html`
      <h4>${m.compare} ${picker(a, 0)} ↔ ${picker(b, 1)}</h4>
      <ctl-register-diff .locale=${this.locale} .older=${byNumber(a)} .newer=${byNumber(b)}></ctl-register-diff>
      ${byNumber(a).media && byNumber(b).media
        ? html`<div class="media-sides">
            <ctl-media-view .locale=${this.locale} .media=${byNumber(a).media!} .caption=${byNumber(a).text}></ctl-media-view>
            <ctl-media-view .locale=${this.locale} .media=${byNumber(b).media!} .caption=${byNumber(b).text} .changed=${mediaChanges(byNumber(a), byNumber(b))}></ctl-media-view>
          </div>`
        : ''}
    `;
  }

  private renderHistory(item: ItemDetail) {
    const m = messages(this.locale);
    const status = statusNames(this.locale);
    const decisions = decisionNames(this.locale);
    return html`
      <h4>${m.history}</h4>
      <table class="revisions">
        <thead><tr><th>#</th><th>${m.text}</th><th></th><th>${m.by}</th><th>${m.at}</th></tr></thead>
        <tbody>
          ${item.revisions.map(
            (r) => html`<tr data-revision=${r.number}>
              <td>${r.number}</td>
              <td class="text">${r.title ? html`<strong>${r.title}</strong><br />` : ''}${r.text}</td>
              <td><span class="chip">${status[r.status]}</span></td>
              <td>${r.createdBy ?? m.plan}</td>
              <td>${formatInstant(r.createdAt)}</td>
            </tr>`,
          )}
        </tbody>
      </table>
      <table class="decisions">
        <thead><tr><th>${m.decisions}</th><th>#</th><th>${m.reason}</th><th>${m.by}</th><th>${m.at}</th></tr></thead>
        <tbody>
          ${item.decisions.map(
            (d) => html`<tr data-decision=${d.decision}>
              <td>${decisions[d.decision]}</td>
              <td>${d.revisionNumber}</td>
              <td class="text">${d.reason}</td>
              <td>${d.by}</td>
              <td>${formatInstant(d.at)}</td>
            </tr>`,
          )}
        </tbody>
      </table>
    `;
  }

  static override styles = [
    sharedStyles,
    css`
      h3 { margin: 8px 0; font-size: 1.05rem; }
      h4 { margin: 16px 0 6px; font-size: 0.95rem; }
      .text { white-space: pre-wrap; }
      form, .decide { max-width: none; margin-top: 12px; }
      .decide { display: grid; gap: 8px; background: var(--pano-surface); padding: 16px; border-radius: var(--pano-radius); }
      .buttons { display: flex; gap: 8px; }
      table.decisions { margin-top: 8px; }
      .media-sides { display: grid; grid-template-columns: repeat(auto-fit, minmax(240px, 1fr)); gap: 12px; margin-top: 8px; }
    `,
  ];
}

declare global {
  interface HTMLElementTagNameMap {
    'ctl-register-item': CtlRegisterItem;
  }
}
