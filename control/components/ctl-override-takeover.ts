import { LitElement, css, html } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { Slogan } from '../../server/protocol/api.js';
import type { TakeoverView } from '../../server/protocol/schedule.js';
import { clearTakeover, startTakeover, type Zone } from '../data/schedule.js';
import { defineMessages, type Locale } from '../i18n.js';
import { messageFor, problemOf, unclaimed, type FieldError } from '../field-errors.js';
import { formatMs, localToInstant } from '../time.js';
import { sharedStyles } from './shared-styles.js';
import type { CtlScheduleWhen } from './ctl-schedule-when.js';
import './ctl-schedule-when.js';

const messages = defineMessages(
  {
    heading: 'Chiếm màn hình (phát ngay)', active: 'Đang chiếm màn hình', none: 'Không có.', all: 'Mọi khu vực', zones: 'Khu vực', items: 'Nội dung đã duyệt',
    until: 'Đến lúc (để trống: đến khi gỡ)', start: 'Phát ngay', clear: 'Gỡ', since: 'từ', to: 'đến', untilCleared: 'đến khi gỡ',
    needZone: 'Chọn ít nhất một khu vực', needItem: 'Chọn ít nhất một nội dung',
  },
  {
    heading: 'Takeover (play now)', active: 'Active takeovers', none: 'None.', all: 'All zones', zones: 'Zones', items: 'Approved items',
    until: 'Until (empty: until cleared)', start: 'Play now', clear: 'Clear', since: 'since', to: 'until', untilCleared: 'until cleared',
    needZone: 'Pick at least one zone', needItem: 'Pick at least one item',
  },
);

/** Put approved items on some zones (or all) now, until a moment or until cleared; list and clear active ones. Emits `changed`. */
@customElement('ctl-override-takeover')
export class CtlOverrideTakeover extends LitElement {
  @property({ attribute: false }) locale: Locale = 'vi';
  @property({ attribute: false }) zones: Zone[] = [];
  @property({ attribute: false }) slogans: Slogan[] = [];
  @property({ attribute: false }) takeovers: TakeoverView[] = [];
  @state() private _all = false;
  @state() private _errors: FieldError[] = [];
  @state() private _message = '';
  @query('ctl-schedule-when') private untilInput!: CtlScheduleWhen;

  private changed(): void {
    this.dispatchEvent(new CustomEvent('changed', { bubbles: true, composed: true }));
  }

  private async start(ev: SubmitEvent): Promise<void> {
    ev.preventDefault();
    const m = messages(this.locale);
    const form = ev.target as HTMLFormElement;
    const data = new FormData(form);
    const zoneIds = this._all ? ('all' as const) : data.getAll('zone').map(String);
    const itemIds = data.getAll('item').map(Number);
    const until = this.untilInput.parsed;
    const errors: FieldError[] = [];
    if (zoneIds !== 'all' && zoneIds.length === 0) errors.push({ path: 'body.zoneIds', message: m.needZone });
    if (itemIds.length === 0) errors.push({ path: 'body.itemIds', message: m.needItem });
    if (until === null) errors.push({ path: 'body.until', message: this.untilInput.invalidMessage });
    [this._errors, this._message] = [errors, ''];
    if (errors.length) return;
    try {
      await startTakeover({ zoneIds, itemIds, ...(until ? { until: localToInstant(until) } : {}) });
      form.reset();
      this._all = false;
      this.changed();
    } catch (err) {
      const p = problemOf(err);
      [this._errors, this._message] = [p.fields, p.message];
    }
  }

  private async clear(id: number): Promise<void> {
    try {
      await clearTakeover(id);
      this.changed();
    } catch (err) {
      this._message = problemOf(err).message;
    }
  }

  override render() {
    const m = messages(this.locale);
    const err = (path: string) => {
      const text = messageFor(this._errors, path);
      return text ? html`<span class="error" role="alert">${text}</span>` : '';
    };
    const zoneName = (id: string) => this.zones.find((z) => z.id === id)?.name ?? id;
    const leftover = unclaimed(this._errors, ['body.zoneIds', 'body.itemIds', 'body.until']);
    return html`
      <h2>${m.heading}</h2>
      <h3>${m.active}</h3>
      ${this.takeovers.length === 0
        ? html`<p class="muted">${m.none}</p>`
        : html`<ul>${this.takeovers.map(
            (t) => html`<li data-takeover=${t.id}>
              <strong>${t.zoneIds === 'all' ? m.all : t.zoneIds.map(zoneName).join(', ')}</strong>:
              ${t.itemIds.map((id) => this.slogans.find((s) => s.id === id)?.text ?? `#${id}`).join(' · ')}
              <span class="muted">${m.since} ${formatMs(Date.parse(t.from))} ${t.until ? `${m.to} ${formatMs(Date.parse(t.until))}` : m.untilCleared}</span>
              <button @click=${() => this.clear(t.id)}>${m.clear}</button>
            </li>`,
          )}</ul>`}
      <form @submit=${this.start} novalidate>
        <fieldset>
          <legend>${m.zones}</legend>
          <label class="inline"><input type="checkbox" name="all" .checked=${this._all} @change=${(e: Event) => (this._all = (e.target as HTMLInputElement).checked)} /> ${m.all}</label>
          ${this._all ? '' : this.zones.map((z) => html`<label class="inline"><input type="checkbox" name="zone" value=${z.id} /> ${z.name}</label>`)}
          ${err('body.zoneIds')}
        </fieldset>
        <fieldset>
          <legend>${m.items}</legend>
          <div class="items">${this.slogans.map((s) => html`<label class="inline"><input type="checkbox" name="item" value=${s.id} /> ${s.text}</label>`)}</div>
          ${err('body.itemIds')}
        </fieldset>
        <ctl-schedule-when .locale=${this.locale} name="until" label=${m.until} .error=${messageFor(this._errors, 'body.until')}></ctl-schedule-when>
        ${this._message || leftover.length ? html`<p class="error" role="alert">${[this._message, ...leftover.map((f) => f.message)].filter(Boolean).join(' — ')}</p>` : ''}
        <button class="primary" type="submit">${m.start}</button>
      </form>
    `;
  }

  static override styles = [
    sharedStyles,
    css`
      form { max-width: 640px; }
      h3 { font-size: 0.95rem; margin: 8px 0; }
      li { margin-bottom: 6px; }
      fieldset { border: 1px solid var(--pano-line); border-radius: var(--pano-radius); display: grid; gap: 4px; }
      legend { font-size: 0.9rem; color: var(--pano-muted); }
      label.inline { display: inline-flex; gap: 6px; align-items: baseline; color: var(--pano-ink); }
      .items { display: grid; gap: 2px; max-height: 200px; overflow: auto; }
    `,
  ];
}

declare global {
  interface HTMLElementTagNameMap {
    'ctl-override-takeover': CtlOverrideTakeover;
  }
}
