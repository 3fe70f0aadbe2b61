import { LitElement, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { Slogan } from '../../server/protocol/api.js';
import type { EventView, PhaseView, ScheduleView } from '../../server/protocol/schedule.js';
import type { NationalDayView } from '../../server/protocol/national-calendar.js';
import { describeNationalAnchor, describeRecurring } from '../national-calendar.js';
import { resolveAnchor } from '../plan-axis.js';
import { deleteSchedule, fetchPhotoPanels, type Zone } from '../data/schedule.js';
import type { PhotoPanel } from '../../server/protocol/schedule.js';
import { countOf, defineMessages, type Locale } from '../i18n.js';
import { problemOf } from '../field-errors.js';
import { formatLocalDate, formatMs } from '../time.js';
import { sharedStyles } from './shared-styles.js';
import type { Edge } from './ctl-schedule-anchor.js';
import './ctl-schedule-entry-form.js';

const messages = defineMessages(
  {
    heading: 'Lịch phát', none: 'Chưa có lịch phát nào: các khu vực phát theo đợt.', name: 'Tên', target: 'Khu vực', content: 'Nội dung', when: 'Thời gian',
    priority: 'Ưu tiên', add: 'Thêm lịch phát', edit: 'Sửa', remove: 'Xóa', confirm: 'Xóa lịch phát này?', items: 'nội dung', item: 'nội dung', phase: 'đợt',
    always: 'luôn luôn', from: 'từ', until: 'đến', event: 'sự kiện', panel: 'Pa nô ảnh', panelGone: 'Pa nô ảnh đã bị xóa',
    showable: '{shown}/{total} ảnh lên được màn hình',
  },
  {
    heading: 'Schedule entries', none: 'No entries yet: zones play by phase.', name: 'Name', target: 'Zone', content: 'Content', when: 'When',
    priority: 'Priority', add: 'Add entry', edit: 'Edit', remove: 'Delete', confirm: 'Delete this entry?', items: 'items', item: 'item', phase: 'phase',
    always: 'always', from: 'from', until: 'until', event: 'event', panel: 'Photo panel', panelGone: 'Photo panel deleted',
    showable: '{shown} of {total} photos can be shown',
  },
);

/** Schedule entries with their target, content and window; operators add, edit and delete. Emits `changed`. */
@customElement('ctl-schedule-entries')
export class CtlScheduleEntries extends LitElement {
  @property({ attribute: false }) locale: Locale = 'vi';
  @property({ attribute: false }) entries: ScheduleView[] = [];
  @property({ attribute: false }) zones: Zone[] = [];
  @property({ attribute: false }) phases: PhaseView[] = [];
  @property({ attribute: false }) events: EventView[] = [];
  @property({ attribute: false }) nationalDays: NationalDayView[] = [];
  @property({ attribute: false }) slogans: Slogan[] = [];
  @property({ type: Boolean }) canEdit = false;
  /** null: the new-entry form; a number: that entry's form. */
  @state() private _editing: number | null | undefined;
  @state() private _error = '';
  @state() private _panels: PhotoPanel[] = [];

  /** The page reloads the entries after every change: the panels' counts of showable photos follow. */
  override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (!changed.has('entries')) return;
    void fetchPhotoPanels().then(
      (panels) => (this._panels = panels),
      (err: unknown) => (this._error = problemOf(err).message),
    );
  }

  /** What an entry plays, in words: the items' count, a phase, or a photo panel by its title. */
  private contentText(s: ScheduleView): string {
    const m = messages(this.locale);
    const c = s.content;
    switch (c.kind) {
      case 'phase':
        return `${m.phase}: ${this.phases.find((p) => p.id === c.phaseId)?.label ?? c.phaseId}`;
      case 'photo-panel': {
        const panel = this._panels.find((p) => p.printJobId === c.printJobId);
        return panel ? `${m.panel}: ${panel.title} (${m.showable.replace('{shown}', String(panel.showable)).replace('{total}', String(panel.photos))})` : m.panelGone;
      }
      default:
        return countOf(c.itemIds.length, this.locale, { one: m.item, other: m.items });
    }
  }

  private edge(e: Edge | undefined): string {
    const m = messages(this.locale);
    if (!e) return '…';
    if ('instant' in e) return formatMs(Date.parse(e.instant));
    if ('date' in e) return formatLocalDate(e.date);
    if ('nationalDay' in e) return describeNationalAnchor(e, this.nationalDays, resolveAnchor(e, this.events, this.nationalDays), this.locale);
    return `${m.event} ${this.events.find((x) => x.id === e.event)?.name ?? e.event} (${e.edge}${e.offsetDays ? ` ${e.offsetDays > 0 ? '+' : ''}${e.offsetDays}` : ''})`;
  }

  private async deleteEntry(s: ScheduleView): Promise<void> {
    if (!confirm(messages(this.locale).confirm)) return;
    try {
      await deleteSchedule(s.id);
      this.dispatchEvent(new CustomEvent('changed', { bubbles: true, composed: true }));
    } catch (err) {
      this._error = problemOf(err).message;
    }
  }

  private form(entry: ScheduleView | undefined) {
    return html`<ctl-schedule-entry-form .locale=${this.locale} .entry=${entry} .zones=${this.zones} .phases=${this.phases} .events=${this.events}
      .nationalDays=${this.nationalDays} .slogans=${this.slogans} .panels=${this._panels} @changed=${() => (this._editing = undefined)} @cancel=${() => (this._editing = undefined)}></ctl-schedule-entry-form>`;
  }

  override render() {
    const m = messages(this.locale);
    return html`
      <h2>${m.heading}</h2>
      ${this._error ? html`<p class="error" role="alert">${this._error}</p>` : ''}
      ${this.entries.length === 0
        ? html`<p class="muted">${m.none}</p>`
        : html`<table>
            <thead><tr><th>${m.name}</th><th>${m.target}</th><th>${m.content}</th><th>${m.when}</th><th>${m.priority}</th><th></th></tr></thead>
            <tbody>
              ${this.entries.map(
                (s) => html`<tr data-schedule=${s.id}>
                    <td>${s.name}</td>
                    <td>${'zoneId' in s.target ? (this.zones.find((z) => z.id === (s.target as { zoneId: string }).zoneId)?.name ?? s.target.zoneId) : s.target.displayId}</td>
                    <td>${this.contentText(s)}</td>
                    <td>${s.recurring ? html`${describeRecurring(s.recurring, this.nationalDays, this.locale)}<br />` : ''}${s.window ? `${m.from} ${this.edge(s.window.from)} ${m.until} ${this.edge(s.window.until)}` : s.recurring ? '' : m.always}${s.daily ? html`<br />${s.daily.from}–${s.daily.until}` : ''}</td>
                    <td>${s.priority}</td>
                    <td>${this.canEdit ? html`<button @click=${() => (this._editing = s.id)}>${m.edit}</button> <button @click=${() => this.deleteEntry(s)}>${m.remove}</button>` : ''}</td>
                  </tr>
                  ${this._editing === s.id ? html`<tr><td colspan="6">${this.form(s)}</td></tr>` : ''}`,
              )}
            </tbody>
          </table>`}
      ${this.canEdit && this._editing === null ? this.form(undefined) : ''}
      ${this.canEdit && this._editing !== null ? html`<p><button class="primary" @click=${() => (this._editing = null)}>${m.add}</button></p>` : ''}
    `;
  }

  static override styles = [sharedStyles];
}

declare global {
  interface HTMLElementTagNameMap {
    'ctl-schedule-entries': CtlScheduleEntries;
  }
}
