import { LitElement, css, html, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { User } from '../../server/protocol/auth.js';
import type { EventView, Preview, RehearsalView } from '../../server/protocol/schedule.js';
import type { PlanView } from '../../server/protocol/plans.js';
import { endRehearsal, fetchEvents, fetchPhases, fetchPreview, fetchRehearsals, fetchZones, fetchZoneTimeline } from '../data/schedule.js';
import { fetchDraftPreview, fetchDraftZoneTimeline, fetchPlan, listPlans } from '../data/plans.js';
import { defineMessages, type Locale } from '../i18n.js';
import { phaseSpans, type PhaseSpan } from '../plan-axis.js';
import { fetchNationalDays } from '../data/national-days.js';
import { addDays, DAY_MS, formatLocalDate, formatMs, localToMs, msToLocal, parseDayMonthYear, parseLocalDateTime } from '../time.js';
import { sharedStyles } from './shared-styles.js';
import type { ZoneLane } from './ctl-timeline-axis.js';
import './ctl-timeline-axis.js';
import './ctl-preview-grid.js';
import { ContentReloadController } from '../controllers/content-reload.js';

const messages = defineMessages(
  {
    heading: 'Lịch phát theo khu vực',
    rangeFrom: 'Từ ngày (dd/mm/yyyy)',
    days: 'Số ngày',
    show: 'Xem',
    today: 'Hôm nay',
    jumps: 'Mốc của kế hoạch',
    at: 'Xem trước lúc',
    date: 'Ngày (dd/mm/yyyy)',
    time: 'Giờ (HH:mm)',
    go: 'Đến',
    badDate: 'Ngày không hợp lệ — nhập theo dạng dd/mm/yyyy, ví dụ 10/08/2020',
    badDateTime: 'Thời điểm không hợp lệ — ngày dd/mm/yyyy và giờ HH:mm',
    failed: 'Không tải được dữ liệu',
    previewHeading: 'Mọi khu vực lúc',
    rehearsals: 'Đang tổng duyệt',
    rehearsalAsOf: 'TỔNG DUYỆT — đang phát như lúc',
    endRehearsal: 'Kết thúc tổng duyệt',
    congressXxvi: 'Đại hội XXVI (VPCP)',
    previewPlan: 'Xem trước kế hoạch nháp',
    noPreview: '(không — lịch phát thật)',
    previewing: 'XEM TRƯỚC — mỗi khu vực sẽ hiển thị như dưới đây nếu kế hoạch này được kích hoạt. Màn hình chưa phát gì của nó.',
    stopPreview: 'Thôi xem trước',
  },
  {
    heading: 'Timeline by zone',
    rangeFrom: 'From (dd/mm/yyyy)',
    days: 'Days',
    show: 'Show',
    today: 'Today',
    jumps: 'Key dates of the plan',
    at: 'Preview at',
    date: 'Date (dd/mm/yyyy)',
    time: 'Time (HH:mm)',
    go: 'Go',
    badDate: 'Invalid date — use dd/mm/yyyy, for example 10/08/2020',
    badDateTime: 'Invalid moment — date dd/mm/yyyy and time HH:mm',
    failed: 'Could not load data',
    previewHeading: 'Every zone at',
    rehearsals: 'Rehearsing',
    rehearsalAsOf: 'REHEARSAL — playing as of',
    endRehearsal: 'End rehearsal',
    congressXxvi: 'XXVI congress (Gov. Office)',
    previewPlan: 'Preview a draft plan',
    noPreview: '(none — the real timeline)',
    previewing: 'PREVIEW — what every zone would show if this plan were active. No screen plays any of it yet.',
    stopPreview: 'Stop previewing',
  },
);

/** The plan's key dates; the XXVI congress is read from its event, since operators move it. */
const FIXED_JUMPS = [
  { label: '10/08/2020', local: '2020-08-10T12:00' },
  { label: '27/10/2020', local: '2020-10-27T09:00' },
  { label: '25/01/2021', local: '2021-01-25T09:00' },
  { label: '01/02/2021', local: '2021-02-01T09:00' },
];
const XXVI_EVENT = 'vpcp-congress-xxvi';
/** Days shown before the moment jumped to, so its lead-up is in view. */
const LEAD_DAYS = 3;
const PREVIEW_DEBOUNCE_MS = 200;

/**
 * The timeline page: events, phases and each zone's compiled intervals on one axis, a scrubber,
 * and what every zone would show at the scrubbed moment, drawn by the screens' own renderer.
 */
@customElement('ctl-timeline-page')
export class CtlTimelinePage extends LitElement {
  @property({ attribute: false }) locale: Locale = 'vi';
  @property({ attribute: false }) me!: User;
  /** A draft plan compiled as if it were active (#/timeline?previewPlan=3); 0 for the real timeline. */
  @property({ type: Number }) previewPlanId = 0;
  @state() private _drafts: PlanView[] = [];
  @state() private _rangeFrom = addDays(msToLocal(Date.now()).slice(0, 10), -LEAD_DAYS);
  @state() private _days = 7;
  /** Exactly now, not rounded: an override that began this minute must show in the first preview. */
  @state() private _at = Date.now();
  @state() private _events: EventView[] = [];
  @state() private _phases: PhaseSpan[] = [];
  @state() private _lanes: ZoneLane[] = [];
  @state() private _preview: Preview | undefined;
  @state() private _rehearsals: RehearsalView[] = [];
  @state() private _error: string | undefined;
  @state() private _inputError: string | undefined;
  private previewTimer: ReturnType<typeof setTimeout> | undefined;
  private previewTicket = 0;

  constructor() {
    super();
    new ContentReloadController(this, () => this.reload());
  }

  private get canEdit(): boolean {
    return this.me.roles.some((r) => r === 'operator' || r === 'admin');
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.previewTimer);
  }

  private get fromMs(): number {
    return localToMs(`${this._rangeFrom}T00:00`);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // The page is already loaded when the preview changes: load what the new choice shows.
    if (changed.has('previewPlanId') && changed.get('previewPlanId') !== undefined) void this.reload();
  }

  private async reload(): Promise<void> {
    const draftId = this.previewPlanId;
    try {
      const [zones, events, phases, rehearsals, plans, draft, nationalDays] = await Promise.all([
        fetchZones(), fetchEvents(), fetchPhases(), fetchRehearsals(), listPlans(), draftId ? fetchPlan(draftId) : undefined, fetchNationalDays(),
      ]);
      const from = new Date(this.fromMs).toISOString();
      const timelines = await Promise.all(
        zones.map((z) => (draftId ? fetchDraftZoneTimeline(draftId, z.id, from, this._days) : fetchZoneTimeline(z.id, from, this._days))),
      );
      this._drafts = plans.filter((p) => p.state === 'draft');
      // A draft's events and phases are not yet the installation's: drawn beside them on the axis.
      const allEvents = draft ? [...events, ...draft.events] : events;
      this._events = allEvents;
      this._phases = phaseSpans(draft ? [...phases, ...draft.campaigns.flatMap((c) => c.phases)] : phases, allEvents, nationalDays);
      this._rehearsals = rehearsals;
      this._lanes = zones.map((z, i) => ({ zoneId: z.id, name: z.name, intervals: timelines[i]!.intervals }));
      this._error = undefined;
    } catch (err) {
      this._error = (err as Error).message;
    }
    await this.loadPreview();
  }

  private async loadPreview(): Promise<void> {
    const ticket = ++this.previewTicket;
    try {
      const at = new Date(this._at).toISOString();
      const preview = await (this.previewPlanId ? fetchDraftPreview(this.previewPlanId, at) : fetchPreview(at));
      // An older answer arriving late must not replace a newer moment's.
      if (ticket === this.previewTicket) this._preview = preview;
    } catch (err) {
      this._error = (err as Error).message;
    }
  }

  private scrub(ms: number): void {
    this._at = ms;
    clearTimeout(this.previewTimer);
    this.previewTimer = setTimeout(() => void this.loadPreview(), PREVIEW_DEBOUNCE_MS);
  }

  /** Moves the scrubber, and the range with it when the moment lies outside. */
  private jump(local: string, ms = localToMs(local)): void {
    if (ms < this.fromMs || ms >= this.fromMs + this._days * DAY_MS) this._rangeFrom = addDays(local.slice(0, 10), -LEAD_DAYS);
    this._at = ms;
    this._inputError = undefined;
    void this.reload();
  }

  private onRange(ev: SubmitEvent): void {
    ev.preventDefault();
    const data = new FormData(ev.target as HTMLFormElement);
    const from = parseDayMonthYear(String(data.get('from')));
    if (!from) {
      this._inputError = messages(this.locale).badDate;
      return;
    }
    this._inputError = undefined;
    this._rangeFrom = from;
    this._days = Number(data.get('days'));
    const atDay = msToLocal(this._at).slice(0, 10);
    this.jump(atDay >= from && atDay < addDays(from, this._days) ? msToLocal(this._at) : `${from}T12:00`);
  }

  private onAt(ev: SubmitEvent): void {
    ev.preventDefault();
    const data = new FormData(ev.target as HTMLFormElement);
    const local = parseLocalDateTime(String(data.get('date')), String(data.get('time')));
    if (!local) {
      this._inputError = messages(this.locale).badDateTime;
      return;
    }
    this.jump(local);
  }

  /** The choice is kept in the address, so a reload or a shared link shows the same preview. */
  private previewDraft(planId: number): void {
    location.hash = planId ? `#/timeline?previewPlan=${planId}` : '#/timeline';
  }

  private async onEndRehearsal(zoneId: string): Promise<void> {
    try {
      await endRehearsal(zoneId);
      await this.reload();
    } catch (err) {
      this._error = (err as Error).message;
    }
  }

  override render() {
    const m = messages(this.locale);
    const xxvi = this._events.find((e) => e.id === XXVI_EVENT);
    const jumps = [...FIXED_JUMPS.slice(0, 1), ...(xxvi ? [{ label: m.congressXxvi, local: xxvi.opens }] : []), ...FIXED_JUMPS.slice(1)];
    const atLocal = msToLocal(this._at);
    const draft = this._drafts.find((p) => p.id === this.previewPlanId);
    return html`
      <h2>${m.heading}</h2>
      ${this._error ? html`<p class="error" role="alert">${m.failed}: ${this._error}</p>` : ''}
      ${this._drafts.length || this.previewPlanId
        ? html`<label class="draft-pick">${m.previewPlan}
            <select name="previewPlan" @change=${(e: Event) => this.previewDraft(Number((e.target as HTMLSelectElement).value))}>
              <option value="0" ?selected=${!this.previewPlanId}>${m.noPreview}</option>
              ${this._drafts.map((p) => html`<option value=${p.id} ?selected=${p.id === this.previewPlanId}>${p.number} — ${p.title}</option>`)}
            </select>
          </label>`
        : ''}
      ${this.previewPlanId
        ? html`<p class="preview-banner" role="status" data-testid="draft-preview">
            <strong>${draft ? `${draft.number} — ${draft.title}` : ''}</strong> ${m.previewing}
            <button @click=${() => this.previewDraft(0)}>${m.stopPreview}</button>
          </p>`
        : ''}
      ${this._rehearsals.map(
        (r) => html`<p class="rehearsal-banner" role="status" data-testid="rehearsing-${r.zoneId}">
          ${m.rehearsals}: <strong>${this._lanes.find((l) => l.zoneId === r.zoneId)?.name ?? r.zoneId}</strong> — ${m.rehearsalAsOf} ${formatMs(Date.parse(r.asOf))}
          ${this.canEdit ? html`<button @click=${() => this.onEndRehearsal(r.zoneId)}>${m.endRehearsal}</button>` : ''}
        </p>`,
      )}
      <div class="controls">
        <form class="inline" @submit=${this.onRange}>
          <label>${m.rangeFrom}<input name="from" .value=${formatLocalDate(this._rangeFrom)} size="10" /></label>
          <label>${m.days}
            <select name="days">${[3, 7, 14, 31].map((d) => html`<option value=${d} ?selected=${d === this._days}>${d}</option>`)}</select>
          </label>
          <button type="submit">${m.show}</button>
        </form>
        <form class="inline" @submit=${this.onAt} data-testid="at-form">
          <label>${m.date}<input name="date" .value=${formatLocalDate(atLocal.slice(0, 10))} size="10" /></label>
          <label>${m.time}<input name="time" .value=${atLocal.slice(11)} size="5" /></label>
          <button type="submit">${m.go}</button>
          <button type="button" @click=${() => this.jump(msToLocal(Date.now()), Date.now())}>${m.today}</button>
        </form>
      </div>
      ${this._inputError ? html`<p class="error" role="alert">${this._inputError}</p>` : ''}
      <nav class="jumps" aria-label=${m.jumps}>
        <span class="muted">${m.jumps}:</span>
        ${jumps.map((j) => html`<button data-jump=${j.local.slice(0, 10)} @click=${() => this.jump(j.local)}>${j.label}</button>`)}
      </nav>
      <ctl-timeline-axis
        .locale=${this.locale}
        .fromMs=${this.fromMs}
        .toMs=${this.fromMs + this._days * DAY_MS}
        .at=${this._at}
        .events=${this._events}
        .phases=${this._phases}
        .lanes=${this._lanes}
        @scrub=${(e: CustomEvent<number>) => this.scrub(e.detail)}
      ></ctl-timeline-axis>
      <h2>${m.previewHeading} ${formatMs(this._at)}</h2>
      <ctl-preview-grid
        .locale=${this.locale}
        .preview=${this._preview}
        .canEdit=${this.canEdit}
        @end-rehearsal=${(e: CustomEvent<string>) => this.onEndRehearsal(e.detail)}
      ></ctl-preview-grid>
    `;
  }

  static override styles = [
    sharedStyles,
    css`
      .controls { display: flex; gap: 12px; flex-wrap: wrap; margin-bottom: 8px; }
      form.inline { display: flex; gap: 8px; align-items: end; max-width: none; padding: 10px 12px; }
      .jumps { display: flex; gap: 6px; align-items: center; flex-wrap: wrap; margin: 8px 0 12px; }
      .jumps button { padding: 4px 10px; font-size: 0.85rem; }
      .rehearsal-banner { background: #7b1fa2; color: #fff; padding: 8px 12px; border-radius: var(--pano-radius); display: flex; gap: 8px; align-items: center; flex-wrap: wrap; }
      .rehearsal-banner button { padding: 2px 10px; }
      .draft-pick { display: inline-grid; margin-bottom: 8px; }
      .preview-banner { background: #fef7e0; border: 2px dashed var(--pano-warn); padding: 8px 12px; border-radius: var(--pano-radius); display: flex; gap: 8px; align-items: center; flex-wrap: wrap; }
      .preview-banner button { padding: 2px 10px; }
    `,
  ];
}

declare global {
  interface HTMLElementTagNameMap {
    'ctl-timeline-page': CtlTimelinePage;
  }
}
