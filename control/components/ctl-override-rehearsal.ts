import { LitElement, css, html } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { RehearsalView } from '../../server/protocol/schedule.js';
import { endRehearsal, startRehearsal, type Zone } from '../data/schedule.js';
import { defineMessages, type Locale } from '../i18n.js';
import { messageFor, problemOf, unclaimed, type FieldError } from '../field-errors.js';
import { formatMs, localToInstant } from '../time.js';
import { sharedStyles } from './shared-styles.js';
import type { CtlScheduleWhen } from './ctl-schedule-when.js';
import './ctl-schedule-when.js';

const messages = defineMessages(
  {
    heading: 'Tổng duyệt', hint: 'Khu vực được chọn phát như vào thời điểm đó (ví dụ giờ khai mạc), các khu vực khác vẫn phát như hôm nay. Tổng duyệt chạy đến khi kết thúc.',
    zone: 'Khu vực', asOf: 'Phát như lúc', start: 'Bắt đầu tổng duyệt', end: 'Kết thúc tổng duyệt', banner: 'TỔNG DUYỆT — đang phát như lúc', since: 'bắt đầu', needAsOf: 'Nhập thời điểm cần phát như',
  },
  {
    heading: 'Rehearsal', hint: 'The chosen zone plays as of that moment (for example the opening), the other zones keep playing today. It runs until ended.',
    zone: 'Zone', asOf: 'Play as of', start: 'Start rehearsal', end: 'End rehearsal', banner: 'REHEARSAL — playing as of', since: 'started', needAsOf: 'Enter the moment to play as of',
  },
);

/** Start a rehearsal (tổng duyệt) on a zone as of a moment; rehearsing zones are listed, marked, and ended here. Emits `changed`. */
@customElement('ctl-override-rehearsal')
export class CtlOverrideRehearsal extends LitElement {
  @property({ attribute: false }) locale: Locale = 'vi';
  @property({ attribute: false }) zones: Zone[] = [];
  @property({ attribute: false }) rehearsals: RehearsalView[] = [];
  /** Prefilled moment, e.g. the next congress opening, as local "YYYY-MM-DDTHH:mm". */
  @property() suggestedAsOf = '';
  @state() private _errors: FieldError[] = [];
  @state() private _message = '';
  @query('ctl-schedule-when') private asOfInput!: CtlScheduleWhen;

  private changed(): void {
    this.dispatchEvent(new CustomEvent('changed', { bubbles: true, composed: true }));
  }

  private async start(ev: SubmitEvent): Promise<void> {
    ev.preventDefault();
    const zoneId = String(new FormData(ev.target as HTMLFormElement).get('zone'));
    const asOf = this.asOfInput.parsed;
    if (!asOf) {
      [this._errors, this._message] = [[{ path: 'body.asOf', message: this.asOfInput.invalidMessage || messages(this.locale).needAsOf }], ''];
      return;
    }
    try {
      await startRehearsal(zoneId, localToInstant(asOf));
      [this._errors, this._message] = [[], ''];
      this.changed();
    } catch (err) {
      const p = problemOf(err);
      [this._errors, this._message] = [p.fields, p.message];
    }
  }

  private async end(zoneId: string): Promise<void> {
    try {
      await endRehearsal(zoneId);
      this.changed();
    } catch (err) {
      this._message = problemOf(err).message;
    }
  }

  override render() {
    const m = messages(this.locale);
    const leftover = unclaimed(this._errors, ['body.asOf']);
    return html`
      <h2>${m.heading}</h2>
      <p class="muted">${m.hint}</p>
      ${this.rehearsals.map(
        (r) => html`<p class="rehearsal-banner" role="status" data-rehearsal=${r.zoneId}>
          <strong>${this.zones.find((z) => z.id === r.zoneId)?.name ?? r.zoneId}</strong> — ${m.banner} ${formatMs(Date.parse(r.asOf))}
          <span>(${m.since} ${formatMs(Date.parse(r.startedAt))})</span>
          <button @click=${() => this.end(r.zoneId)}>${m.end}</button>
        </p>`,
      )}
      <form @submit=${this.start} novalidate>
        <label>${m.zone}<select name="zone">${this.zones.map((z) => html`<option value=${z.id} ?selected=${z.kind === 'hall'}>${z.name}</option>`)}</select></label>
        <ctl-schedule-when .locale=${this.locale} name="as-of" label=${m.asOf} .value=${this.suggestedAsOf} .error=${messageFor(this._errors, 'body.asOf')}></ctl-schedule-when>
        ${this._message || leftover.length ? html`<p class="error" role="alert">${[this._message, ...leftover.map((f) => f.message)].filter(Boolean).join(' — ')}</p>` : ''}
        <button class="primary" type="submit">${m.start}</button>
      </form>
    `;
  }

  static override styles = [
    sharedStyles,
    // The same purple as the timeline's rehearsal bars and preview cards: one colour means "not today".
    css`
      .rehearsal-banner { background: #7b1fa2; color: #fff; padding: 8px 12px; border-radius: var(--pano-radius); display: flex; gap: 8px; align-items: center; flex-wrap: wrap; }
      .rehearsal-banner button { padding: 2px 10px; }
    `,
  ];
}

declare global {
  interface HTMLElementTagNameMap {
    'ctl-override-rehearsal': CtlOverrideRehearsal;
  }
}
