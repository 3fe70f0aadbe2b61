import { LitElement, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { ZONE_KINDS } from '../../server/protocol/schedule.js';
import { createZone, type Zone } from '../data/schedule.js';
import { defineMessages, type Locale } from '../i18n.js';
import { messageFor, problemOf, unclaimed, type FieldError } from '../field-errors.js';
import { sharedStyles } from './shared-styles.js';

const messages = defineMessages(
  {
    heading: 'Khu vực hiển thị', id: 'Mã (chữ thường, gạch nối)', name: 'Tên', kind: 'Loại', add: 'Thêm khu vực',
    gate: 'Cổng', lobby: 'Sảnh', hall: 'Hội trường', web: 'Trang web', other: 'Khác',
  },
  {
    heading: 'Display zones', id: 'Id (lowercase, hyphens)', name: 'Name', kind: 'Kind', add: 'Add zone',
    gate: 'Gate', lobby: 'Lobby', hall: 'Hall', web: 'Web page', other: 'Other',
  },
);

/** The zones screens belong to; the admin adds new ones. Emits `changed`. */
@customElement('ctl-schedule-zones')
export class CtlScheduleZones extends LitElement {
  @property({ attribute: false }) locale: Locale = 'vi';
  @property({ attribute: false }) zones: Zone[] = [];
  @property({ type: Boolean }) canAdd = false;
  @state() private _errors: FieldError[] = [];
  @state() private _message = '';

  private async add(ev: SubmitEvent): Promise<void> {
    ev.preventDefault();
    const form = ev.target as HTMLFormElement;
    const data = new FormData(form);
    try {
      await createZone({ id: String(data.get('id')).trim(), name: String(data.get('name')).trim(), kind: data.get('kind') as Zone['kind'] });
      [this._errors, this._message] = [[], ''];
      form.reset();
      this.dispatchEvent(new CustomEvent('changed', { bubbles: true, composed: true }));
    } catch (err) {
      const p = problemOf(err);
      [this._errors, this._message] = [p.fields, p.message];
    }
  }

  override render() {
    const m = messages(this.locale);
    const fieldError = (path: string) => {
      const text = messageFor(this._errors, path);
      return text ? html`<span class="error" role="alert">${text}</span>` : '';
    };
    const leftover = unclaimed(this._errors, ['body.id', 'body.name', 'body.kind']);
    return html`
      <h2>${m.heading}</h2>
      <table>
        <thead><tr><th>${m.id}</th><th>${m.name}</th><th>${m.kind}</th></tr></thead>
        <tbody>${this.zones.map((z) => html`<tr data-zone=${z.id}><td><code>${z.id}</code></td><td>${z.name}</td><td>${m[z.kind]}</td></tr>`)}</tbody>
      </table>
      ${this.canAdd
        ? html`<form @submit=${this.add} novalidate>
            <label>${m.id}<input name="id" required pattern="[a-z0-9-]+" />${fieldError('body.id')}</label>
            <label>${m.name}<input name="name" required />${fieldError('body.name')}</label>
            <label>${m.kind}<select name="kind">${ZONE_KINDS.map((k) => html`<option value=${k}>${m[k]}</option>`)}</select></label>
            ${this._message || leftover.length ? html`<p class="error" role="alert">${[this._message, ...leftover.map((f) => f.message)].filter(Boolean).join(' — ')}</p>` : ''}
            <button class="primary" type="submit">${m.add}</button>
          </form>`
        : ''}
    `;
  }

  static override styles = [sharedStyles];
}

declare global {
  interface HTMLElementTagNameMap {
    'ctl-schedule-zones': CtlScheduleZones;
  }
}
