import { LitElement, css, html, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { ImageLookup } from '../../display/render/index.js';
import { canApprove, type User } from '../../server/protocol/auth.js';
import type { LayoutContent } from '../../server/print/artwork.js';
import { resolveSettings, type PrintJob } from '../../server/protocol/print.js';
import { fetchPhotos, loadPhotoBitmap } from '../data/photos.js';
import { approvePrintJob, rejectPrintJob } from '../data/print.js';
import { defineMessages, type Locale } from '../i18n.js';
import './ctl-print-preview.js';
import { sharedStyles } from './shared-styles.js';

const messages = defineMessages(
  {
    waiting: 'Đang chờ Ban Tuyên giáo duyệt',
    review: 'Xem trước bản sẽ in, rồi duyệt hoặc từ chối',
    reason: 'Lý do (bắt buộc)',
    approve: 'Duyệt',
    reject: 'Từ chối',
    approved: 'Đã duyệt',
    rejected: 'Bị từ chối',
    by: 'bởi',
  },
  {
    waiting: 'Awaiting the propaganda committee’s approval',
    review: 'Preview what will print, then approve or reject',
    reason: 'Reason (required)',
    approve: 'Approve',
    reject: 'Reject',
    approved: 'Approved',
    rejected: 'Rejected',
    by: 'by',
  },
);

/**
 * The four-eyes step of a print job with free text. An approver who did not create the job sees
 * the artwork exactly as it will print (the job's own record, drawn by the print preview) and
 * approves or rejects it with a reason; everyone else sees that it waits, or who decided and why.
 */
@customElement('ctl-print-approval')
export class CtlPrintApproval extends LitElement {
  @property({ attribute: false }) locale: Locale = 'vi';
  @property({ attribute: false }) me: User | undefined;
  @property({ attribute: false }) job!: PrintJob;
  @state() private _reason = '';
  @state() private _busy = false;
  @state() private _error: string | undefined;
  @state() private _images: ImageLookup | undefined;

  /** Only an approver, and never the job's creator: the server refuses the rest anyway. */
  private get canDecide(): boolean {
    return this.job.status === 'awaiting-approval' && !!this.me && canApprove(this.me.roles) && this.job.createdById !== this.me.id;
  }

  private loadedFor: number | undefined;

  /** The element is reused as the list changes: a new job brings its own reason and photos. */
  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!changed.has('job') || this.job.id === this.loadedFor) return;
    this.loadedFor = this.job.id;
    this._reason = '';
    this._images = undefined;
    const panel = this.job.panel;
    if (!panel || !this.canDecide) return;
    // The panel's photos decoded once; a photo deleted since shows grey, as the preview does.
    const id = this.job.id;
    void fetchPhotos().then(
      async (photos) => {
        const bitmaps = new Map<string, ImageBitmap>();
        for (const p of photos.filter((x) => panel.photos.some((q) => q.id === x.id))) bitmaps.set(p.id, await loadPhotoBitmap(p));
        if (this.job.id === id) this._images = (photoId) => bitmaps.get(photoId);
      },
      (err: Error) => (this._error = err.message),
    );
  }

  private content(): LayoutContent | undefined {
    const { backdrop, panel } = this.job;
    if (backdrop) return { template: 'backdrop', topLine: backdrop.topLine, titleLines: backdrop.titleLines, datePlace: backdrop.datePlace };
    if (panel) return { template: 'photo-panel', title: panel.title, photos: panel.photos };
    return undefined;
  }

  private async decide(decision: 'approve' | 'reject'): Promise<void> {
    this._busy = true;
    try {
      await (decision === 'approve' ? approvePrintJob : rejectPrintJob)(this.job.id, this._reason.trim());
      this._error = undefined;
      this.dispatchEvent(new CustomEvent('print-decided', { bubbles: true, composed: true }));
    } catch (err) {
      this._error = (err as Error).message;
    } finally {
      this._busy = false;
    }
  }

  override render() {
    const m = messages(this.locale);
    const a = this.job.approval;
    if (!a) return '';
    if (a.decision) {
      return html`<div class="muted" data-testid="print-decision">${a.decision === 'approved' ? m.approved : m.rejected} ${m.by} ${a.by}: ${a.reason}</div>`;
    }
    if (this.job.status !== 'awaiting-approval') return '';
    const content = this.content();
    const size = resolveSettings(this.job.settings);
    if (!this.canDecide || !content || !size) return html`<div class="muted" data-testid="print-waiting">${m.waiting}</div>`;
    return html`
      <div class="review" data-testid="print-review">
        <span class="muted">${m.review}</span>
        <ctl-print-preview .content=${content} .images=${this._images} .widthMm=${size.widthMm} .heightMm=${size.heightMm}
          .bleedMm=${size.bleedMm} .safeMm=${size.safeMm}></ctl-print-preview>
        ${this._error ? html`<p class="error" role="alert">${this._error}</p>` : ''}
        <label>${m.reason}<input name="reason" .value=${this._reason} @input=${(e: Event) => (this._reason = (e.target as HTMLInputElement).value)} /></label>
        <div class="actions">
          <button class="primary" data-testid="print-approve" ?disabled=${this._busy || !this._reason.trim()} @click=${() => this.decide('approve')}>${m.approve}</button>
          <button data-testid="print-reject" ?disabled=${this._busy || !this._reason.trim()} @click=${() => this.decide('reject')}>${m.reject}</button>
        </div>
      </div>
    `;
  }

  static override styles = [
    sharedStyles,
    css`
      .review { display: grid; gap: 6px; margin-top: 6px; }
      .actions { display: flex; gap: 8px; }
    `,
  ];
}

declare global {
  interface HTMLElementTagNameMap {
    'ctl-print-approval': CtlPrintApproval;
  }
}
