import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { NATIONAL_DAY_KINDS, type NationalDayView } from '../../server/protocol/national-calendar.js';
import { createNationalDay, deleteNationalDay, updateNationalDay } from '../data/national-days.js';
import { defineMessages, type Locale } from '../i18n.js';
import { messageFor, problemOf, unclaimed, type FieldError } from '../field-errors.js';
import { dayName, idFromName, ruleText } from '../national-calendar.js';
import { formatLocalDate } from '../time.js';
import { sharedStyles } from './shared-styles.js';

const messages = defineMessages(
  {
    heading: 'Lịch ngày lễ, kỷ niệm', intro: 'Các ngày lặp lại hằng năm mà đợt và lịch phát có thể gắn vào. Ngày âm lịch tính theo lịch Việt Nam (múi giờ UTC+7).',
    name: 'Tên', date: 'Ngày', kind: 'Loại', next: 'Lần tới', holiday: 'Nghỉ lễ', anniversary: 'Kỷ niệm', builtIn: 'do Nhà nước quy định',
    nameVi: 'Tên tiếng Việt', nameEn: 'Tên tiếng Anh', calendar: 'Lịch', solar: 'Dương lịch', lunar: 'Âm lịch', day: 'Ngày', month: 'Tháng', note: 'Ghi chú',
    add: 'Thêm ngày của cơ quan', save: 'Lưu', cancel: 'Hủy', edit: 'Sửa', remove: 'Xóa', confirm: 'Xóa ngày này khỏi lịch?', needName: 'Cần đặt tên tiếng Việt',
  },
  {
    heading: 'National calendar', intro: 'Days that come back every year, for phases and schedule entries to anchor to. Lunar days follow the Vietnamese calendar (UTC+7).',
    name: 'Name', date: 'Date', kind: 'Kind', next: 'Next', holiday: 'Public holiday', anniversary: 'Anniversary', builtIn: 'set by the State',
    nameVi: 'Vietnamese name', nameEn: 'English name', calendar: 'Calendar', solar: 'Solar', lunar: 'Lunar', day: 'Day', month: 'Month', note: 'Note',
    add: "Add the agency's own day", save: 'Save', cancel: 'Cancel', edit: 'Edit', remove: 'Delete', confirm: 'Delete this day from the calendar?', needName: 'Give it a Vietnamese name',
  },
);

const FIELDS = ['body.id', 'body.nameVi', 'body.nameEn', 'body.kind', 'body.calendar', 'body.month', 'body.day', 'body.note', 'body.date'];

/** The national calendar: everyone reads it; the admin adds the agency's own days, renames, deletes. Emits `changed`. */
@customElement('ctl-national-days')
export class CtlNationalDays extends LitElement {
  @property({ attribute: false }) locale: Locale = 'vi';
  @property({ attribute: false }) days: NationalDayView[] = [];
  @property({ type: Boolean }) canEdit = false;
  /** null: the new-day form; an id: that day's form. */
  @state() private _editing: string | null | undefined;
  @state() private _errors: FieldError[] = [];
  @state() private _message = '';

  /** The first date on or after today (Hà Nội), of those the server sent. */
  private next(day: NationalDayView): string {
    const today = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);
    const date = day.dates.find((d) => d.date >= today)?.date;
    return date ? formatLocalDate(date) : '';
  }

  private async save(ev: SubmitEvent, day: NationalDayView | undefined): Promise<void> {
    ev.preventDefault();
    const data = new FormData(ev.target as HTMLFormElement);
    const text = (k: string) => String(data.get(k) ?? '').trim();
    const nameVi = text('nameVi');
    if (!nameVi) {
      [this._errors, this._message] = [[{ path: 'body.nameVi', message: messages(this.locale).needName }], ''];
      return;
    }
    const rule = { calendar: data.get('calendar') === 'lunar' ? ('lunar' as const) : ('solar' as const), month: Number(data.get('month')), day: Number(data.get('day')) };
    const kind = data.get('kind') === 'holiday' ? ('holiday' as const) : ('anniversary' as const);
    const note = text('note');
    try {
      if (day) {
        const moved = !day.builtIn && (rule.calendar !== day.calendar || rule.month !== day.month || rule.day !== day.day);
        await updateNationalDay(day.id, { nameVi, nameEn: text('nameEn') || nameVi, kind, note: note || null, ...(moved ? { date: rule } : {}) });
      } else {
        await createNationalDay({ id: idFromName(nameVi), nameVi, nameEn: text('nameEn') || nameVi, kind, ...rule, ...(note ? { note } : {}) });
      }
      [this._editing, this._errors, this._message] = [undefined, [], ''];
      this.dispatchEvent(new CustomEvent('changed', { bubbles: true, composed: true }));
    } catch (err) {
      const p = problemOf(err);
      // A new day's id comes from its name: an id problem is the name's problem.
      [this._errors, this._message] = [p.fields.map((f) => (f.path === 'body.id' ? { ...f, path: 'body.nameVi' } : f)), p.message];
    }
  }

  private async deleteDay(day: NationalDayView): Promise<void> {
    if (!confirm(messages(this.locale).confirm)) return;
    try {
      await deleteNationalDay(day.id);
      this._message = '';
      this.dispatchEvent(new CustomEvent('changed', { bubbles: true, composed: true }));
    } catch (err) {
      this._message = problemOf(err).message;
    }
  }

  private form(day: NationalDayView | undefined) {
    const m = messages(this.locale);
    const err = (path: string) => {
      const t = messageFor(this._errors, path);
      return t ? html`<span class="error field-error" role="alert" data-field=${path}>${t}</span>` : '';
    };
    const fixed = day?.builtIn ?? false;
    const leftover = unclaimed(this._errors, FIELDS);
    return html`<form @submit=${(ev: SubmitEvent) => this.save(ev, day)} novalidate>
      <label>${m.nameVi}<input name="nameVi" .value=${day?.nameVi ?? ''} />${err('body.nameVi')}</label>
      <label>${m.nameEn}<input name="nameEn" .value=${day?.nameEn ?? ''} />${err('body.nameEn')}</label>
      <span class="row">
        <label>${m.calendar}<select name="calendar" ?disabled=${fixed}>
          ${(['solar', 'lunar'] as const).map((c) => html`<option value=${c} ?selected=${(day?.calendar ?? 'solar') === c}>${m[c]}</option>`)}
        </select></label>
        <label>${m.day}<input name="day" type="number" min="1" max="31" step="1" ?disabled=${fixed} .value=${String(day?.day ?? 1)} /></label>
        <label>${m.month}<input name="month" type="number" min="1" max="12" step="1" ?disabled=${fixed} .value=${String(day?.month ?? 1)} /></label>
        <label>${m.kind}<select name="kind">${NATIONAL_DAY_KINDS.map((k) => html`<option value=${k} ?selected=${(day?.kind ?? 'anniversary') === k}>${m[k]}</option>`)}</select></label>
      </span>
      ${err('body.day')}${err('body.month')}${err('body.calendar')}${err('body.date')}
      <label>${m.note}<input name="note" .value=${day?.note ?? ''} />${err('body.note')}</label>
      ${this._message || leftover.length ? html`<p class="error" role="alert">${[this._message, ...leftover.map((f) => f.message)].filter(Boolean).join(' — ')}</p>` : ''}
      <div><button class="primary" type="submit">${m.save}</button> <button type="button" @click=${() => (this._editing = undefined)}>${m.cancel}</button></div>
    </form>`;
  }

  override render() {
    const m = messages(this.locale);
    const other = (d: NationalDayView) => (this.locale === 'en' ? d.nameVi : d.nameEn);
    return html`
      <h2>${m.heading}</h2>
      <p class="muted">${m.intro}</p>
      ${this._message && this._editing === undefined ? html`<p class="error" role="alert">${this._message}</p>` : ''}
      <table>
        <thead><tr><th>${m.name}</th><th>${m.date}</th><th>${m.kind}</th><th>${m.next}</th><th></th></tr></thead>
        <tbody>
          ${this.days.map(
            (d) => html`<tr data-day=${d.id}>
                <td>${dayName(d, this.locale)}<br /><span class="muted">${other(d)}</span></td>
                <td>${ruleText(d, this.locale)}</td>
                <td>${m[d.kind]}${d.builtIn ? html`<br /><span class="muted">${m.builtIn}</span>` : ''}</td>
                <td>${this.next(d)}</td>
                <td>${this.canEdit
                  ? html`<button @click=${() => ([this._editing, this._errors, this._message] = [d.id, [], ''])}>${m.edit}</button>
                      ${d.builtIn ? '' : html`<button @click=${() => this.deleteDay(d)}>${m.remove}</button>`}`
                  : ''}</td>
              </tr>
              ${this._editing === d.id ? html`<tr><td colspan="5">${this.form(d)}</td></tr>` : ''}`,
          )}
        </tbody>
      </table>
      ${this.canEdit && this._editing === null ? this.form(undefined) : ''}
      ${this.canEdit && this._editing !== null ? html`<p><button class="primary" @click=${() => ([this._editing, this._errors, this._message] = [null, [], ''])}>${m.add}</button></p>` : ''}
    `;
  }

  static override styles = [
    sharedStyles,
    css`
      form { max-width: 640px; }
      .row { display: flex; gap: 8px; flex-wrap: wrap; align-items: end; }
      input[type='number'] { width: 5em; }
    `,
  ];
}

declare global {
  interface HTMLElementTagNameMap {
    'ctl-national-days': CtlNationalDays;
  }
}
