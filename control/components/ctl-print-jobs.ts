import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { User } from '../../server/protocol/auth.js';
import { findPreset, type PrintJob, type PrintProgressMessage } from '../../server/protocol/print.js';
import { cancelPrintJob, deletePrintJob, fetchPrintJobs, printFileUrl, subscribePrintProgress } from '../data/print.js';
import { countOf, defineMessages, formatInstant, type Locale } from '../i18n.js';
import { fetchPhotoPanels } from '../data/schedule.js';
import type { PhotoPanel } from '../../server/protocol/schedule.js';
import './ctl-print-approval.js';
import { sharedStyles } from './shared-styles.js';

const messages = defineMessages(
  {
    heading: 'Lệnh in',
    none: 'Chưa có lệnh in nào.',
    job: 'Lệnh',
    items: 'khẩu hiệu',
    item: 'khẩu hiệu',
    photo: 'ảnh',
    backdrop: 'Phông',
    panel: 'Pa nô ảnh',
    photos: 'ảnh',
    onScreens: '{shown}/{total} ảnh lên được màn hình',
    size: 'Khổ',
    status: 'Trạng thái',
    files: 'Tệp',
    by: 'Người in',
    cancel: 'Hủy',
    remove: 'Xóa tệp',
    left: 'còn khoảng',
    seconds: 'giây',
    removed: 'đã xóa tệp',
    'awaiting-approval': 'Chờ duyệt',
    queued: 'Đang chờ',
    running: 'Đang in',
    done: 'Xong',
    failed: 'Lỗi',
    cancelled: 'Đã hủy',
  },
  {
    heading: 'Print jobs',
    none: 'No print jobs yet.',
    job: 'Job',
    items: 'slogans',
    item: 'slogan',
    photo: 'photo',
    backdrop: 'Backdrop',
    panel: 'Photo panel',
    onScreens: '{shown} of {total} photos can be shown on screens',
    photos: 'photos',
    size: 'Size',
    status: 'Status',
    files: 'Files',
    by: 'Printed by',
    cancel: 'Cancel',
    remove: 'Delete files',
    left: 'about',
    seconds: 's left',
    removed: 'files deleted',
    'awaiting-approval': 'Awaiting approval',
    queued: 'Queued',
    running: 'Printing',
    done: 'Done',
    failed: 'Failed',
    cancelled: 'Cancelled',
  },
);

/** Job history with live progress bars, downloads, cancel and delete, and approval of free text. */
@customElement('ctl-print-jobs')
export class CtlPrintJobs extends LitElement {
  @property({ attribute: false }) locale: Locale = 'vi';
  @property({ attribute: false }) me: User | undefined;
  @state() private _jobs: PrintJob[] = [];
  /** Photo panels by job: how many of their photos an approved picture shows on screens. */
  @state() private _panels = new Map<number, PhotoPanel>();
  @state() private _live = new Map<number, PrintProgressMessage>();
  @state() private _error: string | undefined;
  private unsubscribe: (() => void) | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.reload();
    this.unsubscribe = subscribePrintProgress((msg) => {
      this._live = new Map(this._live).set(msg.jobId, msg);
      if (msg.status !== 'running') void this.reload();
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.unsubscribe?.();
  }

  /** Called by the page after it starts a job. */
  async reload(): Promise<void> {
    try {
      const [jobs, panels] = await Promise.all([fetchPrintJobs(), fetchPhotoPanels()]);
      this._jobs = jobs;
      this._panels = new Map(panels.map((p) => [p.printJobId, p]));
      this._error = undefined;
    } catch (err) {
      this._error = (err as Error).message;
    }
  }

  private async act(action: () => Promise<unknown>): Promise<void> {
    try {
      await action();
      await this.reload();
    } catch (err) {
      this._error = (err as Error).message;
    }
  }

  override render() {
    const m = messages(this.locale);
    return html`
      <h2>${m.heading}</h2>
      ${this._error ? html`<p class="error" role="alert">${this._error}</p>` : ''}
      ${this._jobs.length === 0
        ? html`<p class="muted">${m.none}</p>`
        : html`<table>
            <thead><tr><th>${m.job}</th><th>${m.size}</th><th>${m.status}</th><th>${m.files}</th><th>${m.by}</th><th></th></tr></thead>
            <tbody @print-decided=${() => void this.reload()}>${this._jobs.map((job) => this.row(job))}</tbody>
          </table>`}
    `;
  }

  /** What a job prints, in a few words: its slogans, its congress, or its panel's title. */
  private what(job: PrintJob): string {
    const m = messages(this.locale);
    if (job.backdrop) return `${m.backdrop}: ${job.backdrop.eventName}`;
    if (job.panel) {
      const shown = this._panels.get(job.id);
      const onScreens = shown ? ` · ${m.onScreens.replace('{shown}', String(shown.showable)).replace('{total}', String(shown.photos))}` : '';
      return `${m.panel}: ${job.panel.title} (${countOf(job.panel.photos.length, this.locale, { one: m.photo, other: m.photos })})${onScreens}`;
    }
    return countOf(job.items.length, this.locale, { one: m.item, other: m.items });
  }

  private row(job: PrintJob) {
    const m = messages(this.locale);
    const live = this._live.get(job.id);
    // Live messages only move a waiting or running job on; a decision is read from the job itself.
    const status = live && (job.status === 'queued' || job.status === 'running') ? live.status : job.status;
    const operates = !this.me || this.me.roles.some((r) => r === 'operator' || r === 'admin');
    const progress = live?.progress ?? job.progress;
    const percent = status === 'done' ? 100 : progress.total > 0 ? Math.floor((progress.done / progress.total) * 100) : 0;
    const s = job.settings;
    const size = s.preset ? findPreset(s.preset).name[this.locale] : `${s.widthMm} × ${s.heightMm} mm`;
    return html`
      <tr data-job-id=${job.id} data-status=${status}>
        <td>#${job.id}<br /><span class="muted">${this.what(job)} · ${formatInstant(job.createdAt)}</span></td>
        <td>${size}<br /><span class="muted">${s.format.toUpperCase()}${s.dpi ? ` ${s.dpi} dpi` : ''}</span></td>
        <td>
          <span class="chip" data-testid="print-status">${m[status]}</span>
          ${status === 'running' || status === 'queued'
            ? html`<progress max="100" value=${percent} data-testid="print-progress"></progress>
                <span class="muted nowrap" data-testid="print-percent">${percent} %${progress.etaSeconds !== null && status === 'running' ? ` · ${m.left} ${progress.etaSeconds} ${m.seconds}` : ''}</span>`
            : status === 'done'
              ? html`<span class="muted nowrap" data-testid="print-percent">100 %</span>`
              : ''}
          ${job.error ? html`<div class="error">${job.error}</div>` : ''}
        </td>
        <td>
          ${job.deleted
            ? html`<span class="muted">${m.removed}</span>`
            : !operates
              ? ''
              : job.files.map((f) => html`<a href=${printFileUrl(job.id, f.name)} download=${f.name}>${f.name}</a> <span class="muted">${Math.max(1, Math.round(f.bytes / 1024))} KB</span><br />`)}
        </td>
        <td>${job.createdBy}</td>
        <td>
          ${operates && (status === 'running' || status === 'queued' || status === 'awaiting-approval')
            ? html`<button @click=${() => this.act(() => cancelPrintJob(job.id))}>${m.cancel}</button>`
            : ''}
          ${operates && (status === 'done' || status === 'failed' || status === 'cancelled') && !job.deleted
            ? html`<button @click=${() => this.act(() => deletePrintJob(job.id))}>${m.remove}</button>`
            : ''}
        </td>
      </tr>
      ${job.approval
        ? html`<tr class="approval" data-approval-of=${job.id}>
            <td colspan="6"><ctl-print-approval .locale=${this.locale} .me=${this.me} .job=${job}></ctl-print-approval></td>
          </tr>`
        : ''}
    `;
  }

  static override styles = [sharedStyles, css`progress { width: 140px; vertical-align: middle; } a { word-break: break-all; } .nowrap { white-space: nowrap; }`];
}

declare global {
  interface HTMLElementTagNameMap {
    'ctl-print-jobs': CtlPrintJobs;
  }
}
