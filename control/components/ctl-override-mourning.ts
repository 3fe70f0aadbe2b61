import { LitElement, css, html } from 'lit';
import { customElement, property, queryAll, state } from 'lit/decorators.js';
import type { Slogan } from '../../server/protocol/api.js';
import { clearMourning, setMourning, type Mourning } from '../data/schedule.js';
import { defineMessages, type Locale } from '../i18n.js';
import { messageFor, problemOf, unclaimed, type FieldError } from '../field-errors.js';
import { formatMs, localToInstant, localToMs } from '../time.js';
import { sharedStyles } from './shared-styles.js';
import type { CtlScheduleWhen } from './ctl-schedule-when.js';
import './ctl-schedule-when.js';

const messages = defineMessages(
  {
    heading: 'Quốc tang', hint: 'Khi bật, mọi nội dung chúc mừng rời khỏi mọi màn hình và các khu vực hiển thị mẫu quốc tang.',
    on: 'ĐANG BẬT QUỐC TANG', off: 'Không có quốc tang.', from: 'Từ lúc (để trống: ngay bây giờ)', until: 'Đến lúc (để trống: đến khi tắt)',
    messages: 'Thông điệp kèm theo (tùy chọn)', turnOn: 'Bật quốc tang', turnOff: 'Tắt quốc tang', since: 'từ', to: 'đến', untilOff: 'đến khi tắt',
    confirmOn: 'Bật quốc tang trên mọi màn hình?', confirmOff: 'Tắt quốc tang?', untilAfterFrom: 'Thời điểm kết thúc phải sau thời điểm bắt đầu',
  },
  {
    heading: 'National mourning', hint: 'When on, every celebratory item leaves every screen and zones show the mourning template.',
    on: 'NATIONAL MOURNING IS ON', off: 'No mourning period.', from: 'From (empty: now)', until: 'Until (empty: until turned off)',
    messages: 'Messages to show (optional)', turnOn: 'Turn mourning on', turnOff: 'Turn mourning off', since: 'since', to: 'until', untilOff: 'until turned off',
    confirmOn: 'Turn mourning on for every screen?', confirmOff: 'Turn mourning off?', untilAfterFrom: 'The end must come after the start',
  },
);

/** The admin's mourning switch: a time range and optional message items; off again explicitly. Emits `changed`. */
@customElement('ctl-override-mourning')
export class CtlOverrideMourning extends LitElement {
  @property({ attribute: false }) locale: Locale = 'vi';
  @property({ attribute: false }) mourning: Mourning = null;
  @property({ attribute: false }) slogans: Slogan[] = [];
  @state() private _errors: FieldError[] = [];
  @state() private _message = '';
  @queryAll('ctl-schedule-when') private whens!: NodeListOf<CtlScheduleWhen>;

  private changed(): void {
    this.dispatchEvent(new CustomEvent('changed', { bubbles: true, composed: true }));
  }

  private async turnOn(ev: SubmitEvent): Promise<void> {
    ev.preventDefault();
    const m = messages(this.locale);
    const [fromInput, untilInput] = [...this.whens];
    const [from, until] = [fromInput!.parsed, untilInput!.parsed];
    const errors: FieldError[] = [];
    if (from === null) errors.push({ path: 'body.from', message: fromInput!.invalidMessage });
    if (until === null) errors.push({ path: 'body.until', message: untilInput!.invalidMessage });
    if (!errors.length && until && localToMs(until) <= (from ? localToMs(from) : Date.now())) errors.push({ path: 'body.until', message: m.untilAfterFrom });
    [this._errors, this._message] = [errors, ''];
    if (errors.length || !confirm(m.confirmOn)) return;
    const messageItemIds = new FormData(ev.target as HTMLFormElement).getAll('item').map(Number);
    try {
      await setMourning({ ...(from ? { from: localToInstant(from) } : {}), ...(until ? { until: localToInstant(until) } : {}), messageItemIds });
      this.changed();
    } catch (err) {
      const p = problemOf(err);
      [this._errors, this._message] = [p.fields, p.message];
    }
  }

  private async turnOff(): Promise<void> {
    if (!confirm(messages(this.locale).confirmOff)) return;
    try {
      await clearMourning();
      this.changed();
    } catch (err) {
      this._message = problemOf(err).message;
    }
  }

  override render() {
    const m = messages(this.locale);
    const mo = this.mourning;
    const leftover = unclaimed(this._errors, ['body.from', 'body.until', 'body.messageItemIds']);
    return html`
      <h2>${m.heading}</h2>
      <p class="muted">${m.hint}</p>
      ${mo
        ? html`<p class="mourning-on" role="status" data-testid="mourning-status">
            ${m.on} — ${m.since} ${formatMs(Date.parse(mo.from))} ${mo.until ? `${m.to} ${formatMs(Date.parse(mo.until))}` : m.untilOff}
            <button data-testid="mourning-off" @click=${this.turnOff}>${m.turnOff}</button>
          </p>`
        : html`<p class="muted" data-testid="mourning-status">${m.off}</p>`}
      <form @submit=${this.turnOn} novalidate>
        <ctl-schedule-when .locale=${this.locale} name="from" label=${m.from} .error=${messageFor(this._errors, 'body.from')}></ctl-schedule-when>
        <ctl-schedule-when .locale=${this.locale} name="until" label=${m.until} .error=${messageFor(this._errors, 'body.until')}></ctl-schedule-when>
        <fieldset>
          <legend>${m.messages}</legend>
          <div class="items">${this.slogans.map((s) => html`<label class="inline"><input type="checkbox" name="item" value=${s.id} ?checked=${mo?.messageItemIds.includes(s.id) ?? false} /> ${s.text}</label>`)}</div>
          ${messageFor(this._errors, 'body.messageItemIds') ? html`<span class="error" role="alert">${messageFor(this._errors, 'body.messageItemIds')}</span>` : ''}
        </fieldset>
        ${this._message || leftover.length ? html`<p class="error" role="alert">${[this._message, ...leftover.map((f) => f.message)].filter(Boolean).join(' — ')}</p>` : ''}
        <button class="primary" type="submit" data-testid="mourning-on">${m.turnOn}</button>
      </form>
    `;
  }

  static override styles = [
    sharedStyles,
    css`
      form { max-width: 640px; }
      .mourning-on { background: #202124; color: #fff; padding: 8px 12px; border-radius: var(--pano-radius); display: flex; gap: 8px; align-items: center; flex-wrap: wrap; font-weight: 500; }
      .mourning-on button { padding: 2px 10px; }
      fieldset { border: 1px solid var(--pano-line); border-radius: var(--pano-radius); }
      legend { font-size: 0.9rem; color: var(--pano-muted); }
      label.inline { display: flex; gap: 6px; align-items: baseline; color: var(--pano-ink); }
      .items { display: grid; gap: 2px; max-height: 200px; overflow: auto; }
    `,
  ];
}

declare global {
  interface HTMLElementTagNameMap {
    'ctl-override-mourning': CtlOverrideMourning;
  }
}
