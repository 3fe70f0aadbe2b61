import { LitElement, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { Slogan } from '../../server/protocol/api.js';
import type { User } from '../../server/protocol/auth.js';
import type { EventView, PhaseView, ScheduleView } from '../../server/protocol/schedule.js';
import type { NationalDayView } from '../../server/protocol/national-calendar.js';
import { fetchNationalDays } from '../data/national-days.js';
import { fetchApprovedSlogans, fetchEvents, fetchPhases, fetchSchedules, fetchZones, type Zone } from '../data/schedule.js';
import { defineMessages, type Locale } from '../i18n.js';
import { sharedStyles } from './shared-styles.js';
import './ctl-schedule-events.js';
import './ctl-schedule-phases.js';
import './ctl-schedule-zones.js';
import './ctl-schedule-entries.js';
import './ctl-national-days.js';
import { ContentReloadController } from '../controllers/content-reload.js';

const messages = defineMessages(
  { loading: 'Đang tải…', failed: 'Không tải được dữ liệu', readOnly: 'Bạn chỉ có quyền xem; người vận hành hoặc quản trị mới sửa được.' },
  { loading: 'Loading…', failed: 'Could not load data', readOnly: 'You may look; operators and admins may edit.' },
);

interface Data {
  events: EventView[];
  phases: PhaseView[];
  zones: Zone[];
  schedules: ScheduleView[];
  slogans: Slogan[];
  nationalDays: NationalDayView[];
}

/** Events, phases, schedule entries, the national calendar and zones: the editors. Reloads after any change, here or pushed. */
@customElement('ctl-schedule-page')
export class CtlSchedulePage extends LitElement {
  @property({ attribute: false }) locale: Locale = 'vi';
  @property({ attribute: false }) me!: User;
  @state() private _data: Data | undefined;
  @state() private _error: string | undefined;

  constructor() {
    super();
    new ContentReloadController(this, () => this.load());
  }

  private async load(): Promise<void> {
    try {
      const [events, phases, zones, schedules, slogans, nationalDays] = await Promise.all([
        fetchEvents(), fetchPhases(), fetchZones(), fetchSchedules(), fetchApprovedSlogans(), fetchNationalDays(),
      ]);
      this._data = { events, phases, zones, schedules, slogans, nationalDays };
      this._error = undefined;
    } catch (err) {
      this._error = (err as Error).message;
    }
  }

  override render() {
    const m = messages(this.locale);
    const d = this._data;
    const canEdit = this.me.roles.some((r) => r === 'operator' || r === 'admin');
    if (!d) return html`${this._error ? html`<p class="error" role="alert">${m.failed}: ${this._error}</p>` : html`<p>${m.loading}</p>`}`;
    return html`
      ${this._error ? html`<p class="error" role="alert">${m.failed}: ${this._error}</p>` : ''}
      ${canEdit ? '' : html`<p class="muted">${m.readOnly}</p>`}
      <div @changed=${() => void this.load()}>
        <ctl-schedule-events .locale=${this.locale} .events=${d.events} .canEdit=${canEdit}></ctl-schedule-events>
        <ctl-schedule-phases .locale=${this.locale} .phases=${d.phases} .events=${d.events} .nationalDays=${d.nationalDays} .canEdit=${canEdit}></ctl-schedule-phases>
        <ctl-schedule-entries .locale=${this.locale} .entries=${d.schedules} .zones=${d.zones} .phases=${d.phases} .events=${d.events} .nationalDays=${d.nationalDays}
          .slogans=${d.slogans} .canEdit=${canEdit}></ctl-schedule-entries>
        <ctl-national-days .locale=${this.locale} .days=${d.nationalDays} .canEdit=${this.me.roles.includes('admin')}></ctl-national-days>
        <ctl-schedule-zones .locale=${this.locale} .zones=${d.zones} .canAdd=${this.me.roles.includes('admin')}></ctl-schedule-zones>
      </div>
    `;
  }

  static override styles = [sharedStyles];
}

declare global {
  interface HTMLElementTagNameMap {
    'ctl-schedule-page': CtlSchedulePage;
  }
}
