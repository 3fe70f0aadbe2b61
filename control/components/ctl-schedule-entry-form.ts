import { LitElement, css, html } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { Slogan } from '../../server/protocol/api.js';
import type { EventView, PhaseView, PhotoPanel, ScheduleRequest, ScheduleView } from '../../server/protocol/schedule.js';
import type { NationalDayView } from '../../server/protocol/national-calendar.js';
import { dayName, ruleText } from '../national-calendar.js';
import { TemplateIdSchema } from '../../server/protocol/timeline.js';
import { createSchedule, replaceSchedule, type Zone } from '../data/schedule.js';
import { defineMessages, formatInstant, templateNames, type Locale } from '../i18n.js';
import { messageFor, unclaimed, type FieldError } from '../field-errors.js';
import { resolveAnchor } from '../plan-axis.js';
import { localToMs, parseHourMinute } from '../time.js';
import { sendChange } from './common/form-send.js';
import { sharedStyles } from './shared-styles.js';
import type { CtlScheduleAnchor, Edge } from './ctl-schedule-anchor.js';
import './ctl-schedule-anchor.js';

const messages = defineMessages(
  {
    create: 'Thêm lịch phát', edit: 'Sửa lịch phát', name: 'Tên', zone: 'Khu vực', content: 'Nội dung', items: 'Khẩu hiệu đã duyệt', phase: 'Theo đợt',
    from: 'Bắt đầu', until: 'Kết thúc', daily: 'Giờ trong ngày (HH:mm – HH:mm, để trống: cả ngày)', weekdays: 'Ngày trong tuần (không chọn: mọi ngày)',
    priority: 'Ưu tiên (-100 đến 100; cao thắng)', seconds: 'Số giây mỗi nội dung', template: 'Mẫu trình bày', byZone: 'theo khu vực',
    save: 'Lưu', cancel: 'Hủy', needName: 'Cần đặt tên', needItem: 'Chọn ít nhất một nội dung', badHours: 'Nhập cả hai giờ theo dạng HH:mm',
    untilAfterFrom: 'Thời điểm kết thúc phải sau thời điểm bắt đầu',
    yearly: 'Hằng năm theo ngày lễ', yearlyNone: 'Không lặp hằng năm', yearlyOffset: 'Bắt đầu lệch (ngày; âm: trước ngày lễ)', yearlyDays: 'Kéo dài (ngày)',
    yearlyHint: 'Ví dụ: “10 ngày trước Tết”: lệch −10, kéo dài 10; “2/9, 3 ngày”: Quốc khánh, lệch 0, kéo dài 3.',
    badYearly: 'Số ngày lệch là số nguyên từ −180 đến 180; kéo dài từ 1 đến 120 ngày',
    d1: 'T2', d2: 'T3', d3: 'T4', d4: 'T5', d5: 'T6', d6: 'T7', d7: 'CN',
    panel: 'Pa nô ảnh (trình chiếu các ảnh đã duyệt)', noPanels: 'Chưa có pa nô ảnh nào: tạo pa nô ở trang In ấn.', needPanel: 'Chọn một pa nô ảnh',
    showable: '{shown}/{total} ảnh lên được màn hình', panelHint: 'Màn hình chiếu lần lượt, theo thứ tự của pa nô, các mục "Ảnh" đã duyệt có ảnh của pa nô; ảnh chưa có mục Ảnh nào được duyệt thì bỏ qua.',
  },
  {
    create: 'Add schedule entry', edit: 'Edit schedule entry', name: 'Name', zone: 'Zone', content: 'Content', items: 'Approved slogans', phase: 'By phase',
    from: 'From', until: 'Until', daily: 'Daily hours (HH:mm – HH:mm, empty: all day)', weekdays: 'Weekdays (none: every day)',
    priority: 'Priority (-100 to 100; higher wins)', seconds: 'Seconds per item', template: 'Template', byZone: "zone's own",
    save: 'Save', cancel: 'Cancel', needName: 'Give it a name', needItem: 'Pick at least one item', badHours: 'Enter both times as HH:mm',
    untilAfterFrom: 'The end must come after the start',
    yearly: 'Every year around a national day', yearlyNone: 'Not yearly', yearlyOffset: 'Starts (days from the day; negative: before it)', yearlyDays: 'Lasts (days)',
    yearlyHint: 'E.g. “the 10 days before Tết”: offset −10, lasts 10; “2/9, 3 days”: National Day, offset 0, lasts 3.',
    badYearly: 'The offset is a whole number from −180 to 180; it lasts 1 to 120 days',
    d1: 'Mon', d2: 'Tue', d3: 'Wed', d4: 'Thu', d5: 'Fri', d6: 'Sat', d7: 'Sun',
    panel: 'Photo panel (slideshow of its approved pictures)', noPanels: 'No photo panels yet: make one on the Print page.', needPanel: 'Choose a photo panel',
    showable: '{shown} of {total} photos can be shown', panelHint: "Screens show, in the panel's order, the approved Picture items showing the panel's photos; a photo no approved Picture shows is skipped.",
  },
);

const PATHS = ['body.name', 'body.target', 'body.content', 'body.window.from', 'body.window.until', 'body.daily', 'body.weekdays', 'body.recurring', 'body.priority', 'body.secondsPerItem', 'body.template'];

function edgeMs(edge: Edge | undefined, events: EventView[], nationalDays: NationalDayView[]): number | undefined {
  if (!edge) return undefined;
  if ('instant' in edge) return Date.parse(edge.instant);
  const local = resolveAnchor(edge, events, nationalDays);
  return local ? localToMs(local) : undefined;
}

/** Creates or replaces one schedule entry; emits `changed` when saved and `cancel` when dismissed. */
@customElement('ctl-schedule-entry-form')
export class CtlScheduleEntryForm extends LitElement {
  @property({ attribute: false }) locale: Locale = 'vi';
  @property({ attribute: false }) entry: ScheduleView | undefined;
  @property({ attribute: false }) zones: Zone[] = [];
  @property({ attribute: false }) phases: PhaseView[] = [];
  @property({ attribute: false }) events: EventView[] = [];
  @property({ attribute: false }) nationalDays: NationalDayView[] = [];
  @property({ attribute: false }) slogans: Slogan[] = [];
  @property({ attribute: false }) panels: PhotoPanel[] = [];
  @state() private _contentKind: 'items' | 'phase' | 'photo-panel' = 'items';
  @state() private _errors: FieldError[] = [];
  @state() private _message = '';
  @query('form') private form!: HTMLFormElement;
  @query('ctl-schedule-anchor[name=window-from]') private fromInput!: CtlScheduleAnchor;
  @query('ctl-schedule-anchor[name=window-until]') private untilInput!: CtlScheduleAnchor;

  override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('entry')) {
      const kind = this.entry?.content.kind;
      this._contentKind = kind === 'phase' || kind === 'photo-panel' ? kind : 'items';
    }
  }

  /** The form as a request, or the client-side errors that keep it from being sent. */
  private read(): ScheduleRequest | FieldError[] {
    const m = messages(this.locale);
    const data = new FormData(this.form);
    const errors: FieldError[] = [];
    const name = String(data.get('name') ?? '').trim();
    if (!name) errors.push({ path: 'body.name', message: m.needName });
    const itemIds = data.getAll('item').map(Number);
    const old = this.entry?.content;
    let content: ScheduleRequest['content'];
    if (this._contentKind === 'phase') content = { kind: 'phase', phaseId: String(data.get('phase')) };
    else if (this._contentKind === 'photo-panel') content = { kind: 'photo-panel', printJobId: Number(data.get('panel') || 0) };
    else if (old?.kind === 'template') content = { kind: 'template', fields: old.fields, itemIds };
    else content = { kind: 'items', itemIds };
    if ((content.kind === 'items' || content.kind === 'template') && itemIds.length === 0) errors.push({ path: 'body.content', message: m.needItem });
    if (content.kind === 'photo-panel' && !content.printJobId) errors.push({ path: 'body.content', message: m.needPanel });
    const from = this.fromInput.parsed;
    const until = this.untilInput.parsed;
    if (from === null) errors.push({ path: 'body.window.from', message: this.fromInput.invalidMessage });
    if (until === null) errors.push({ path: 'body.window.until', message: this.untilInput.invalidMessage });
    const [fromMs, untilMs] = [edgeMs(from ?? undefined, this.events, this.nationalDays), edgeMs(until ?? undefined, this.events, this.nationalDays)];
    if (fromMs !== undefined && untilMs !== undefined && untilMs <= fromMs) errors.push({ path: 'body.window.until', message: m.untilAfterFrom });
    const [dailyFrom, dailyUntil] = [String(data.get('daily-from') ?? ''), String(data.get('daily-until') ?? '')];
    const daily = dailyFrom.trim() || dailyUntil.trim() ? { from: parseHourMinute(dailyFrom), until: parseHourMinute(dailyUntil) } : undefined;
    if (daily && (!daily.from || !daily.until)) errors.push({ path: 'body.daily', message: m.badHours });
    const yearlyDay = String(data.get('yearly-day') ?? '');
    const [offsetDays, days] = [Number(data.get('yearly-offset') || 0), Number(data.get('yearly-days') || 0)];
    const recurring = yearlyDay ? { nationalDay: yearlyDay, offsetDays, days } : undefined;
    const whole = (n: number, min: number, max: number) => Number.isInteger(n) && n >= min && n <= max;
    if (recurring && !(whole(offsetDays, -180, 180) && whole(days, 1, 120))) errors.push({ path: 'body.recurring', message: m.badYearly });
    if (errors.length) return errors;
    const weekdays = data.getAll('weekday').map(Number);
    const seconds = String(data.get('seconds') ?? '').trim();
    const template = String(data.get('template') ?? '');
    const target = this.entry && 'displayId' in this.entry.target ? this.entry.target : { zoneId: String(data.get('zone')) };
    return {
      name,
      target,
      content,
      ...(from || until ? { window: { ...(from ? { from } : {}), ...(until ? { until } : {}) } } : {}),
      ...(daily ? { daily: { from: daily.from!, until: daily.until! } } : {}),
      ...(weekdays.length ? { weekdays } : {}),
      ...(recurring ? { recurring } : {}),
      priority: Number(data.get('priority') || 0),
      ...(seconds ? { secondsPerItem: Number(seconds) } : {}),
      ...(template ? { template: TemplateIdSchema.parse(template) } : {}),
    };
  }

  private async submit(ev: SubmitEvent): Promise<void> {
    ev.preventDefault();
    const req = this.read();
    if (Array.isArray(req)) {
      [this._errors, this._message] = [req, ''];
      return;
    }
    const { errors, message } = await sendChange(this, () => (this.entry ? replaceSchedule(this.entry.id, req) : createSchedule(req)));
    [this._errors, this._message] = [errors, message];
  }

  override render() {
    const m = messages(this.locale);
    const e = this.entry;
    const err = (path: string) => {
      const text = messageFor(this._errors, path);
      return text ? html`<span class="error field-error" role="alert" data-field=${path}>${text}</span>` : '';
    };
    const chosen = new Set(e && (e.content.kind === 'items' || e.content.kind === 'template') ? e.content.itemIds : []);
    const leftover = unclaimed(this._errors, PATHS);
    const zoneId = e && 'zoneId' in e.target ? e.target.zoneId : this.zones[0]?.id;
    return html`
      <form @submit=${this.submit} novalidate>
        <h3>${e ? m.edit : m.create}</h3>
        <label>${m.name}<input name="name" .value=${e?.name ?? ''} />${err('body.name')}</label>
        ${e && 'displayId' in e.target
          ? html`<p class="muted">${e.target.displayId}</p>`
          : html`<label>${m.zone}<select name="zone">${this.zones.map((z) => html`<option value=${z.id} ?selected=${z.id === zoneId}>${z.name}</option>`)}</select>${err('body.target')}</label>`}
        <fieldset>
          <legend>${m.content}</legend>
          <label class="inline"><input type="radio" name="content-kind" value="items" ?checked=${this._contentKind === 'items'} @change=${() => (this._contentKind = 'items')} /> ${m.items}</label>
          <label class="inline"><input type="radio" name="content-kind" value="phase" ?checked=${this._contentKind === 'phase'} @change=${() => (this._contentKind = 'phase')} /> ${m.phase}</label>
          <label class="inline"><input type="radio" name="content-kind" value="photo-panel" ?checked=${this._contentKind === 'photo-panel'} @change=${() => (this._contentKind = 'photo-panel')} /> ${m.panel}</label>
          ${this._contentKind === 'phase'
            ? html`<select name="phase" aria-label=${m.phase}>${this.phases.map((p) => html`<option value=${p.id} ?selected=${e?.content.kind === 'phase' && e.content.phaseId === p.id}>${p.label}</option>`)}</select>`
            : this._contentKind === 'photo-panel'
            ? this.renderPanels(e)
            : html`<div class="items">${this.slogans.map((s) => html`<label class="inline"><input type="checkbox" name="item" value=${s.id} ?checked=${chosen.has(s.id)} /> ${s.text}</label>`)}</div>`}
          ${err('body.content')}
        </fieldset>
        <ctl-schedule-anchor .locale=${this.locale} name="window-from" label=${m.from} optional allowInstant .value=${e?.window?.from} .events=${this.events} .nationalDays=${this.nationalDays} .error=${messageFor(this._errors, 'body.window.from')}></ctl-schedule-anchor>
        <ctl-schedule-anchor .locale=${this.locale} name="window-until" label=${m.until} optional allowInstant .value=${e?.window?.until} .events=${this.events} .nationalDays=${this.nationalDays} .error=${messageFor(this._errors, 'body.window.until')}></ctl-schedule-anchor>
        <fieldset>
          <legend>${m.yearly}</legend>
          <select name="yearly-day" aria-label=${m.yearly}>
            <option value="" ?selected=${!e?.recurring}>${m.yearlyNone}</option>
            ${this.nationalDays.map((d) => html`<option value=${d.id} ?selected=${e?.recurring?.nationalDay === d.id}>${dayName(d, this.locale)} (${ruleText(d, this.locale)})</option>`)}
          </select>
          <span class="row">
            <label>${m.yearlyOffset}<input name="yearly-offset" type="number" min="-180" max="180" step="1" .value=${String(e?.recurring?.offsetDays ?? 0)} /></label>
            <label>${m.yearlyDays}<input name="yearly-days" type="number" min="1" max="120" step="1" .value=${String(e?.recurring?.days ?? 1)} /></label>
          </span>
          <span class="muted">${m.yearlyHint}</span>
          ${err('body.recurring')}
        </fieldset>
        <label>${m.daily}<span class="row"><input name="daily-from" size="5" placeholder="07:30" .value=${e?.daily?.from ?? ''} /> – <input name="daily-until" size="5" placeholder="11:30" .value=${e?.daily?.until ?? ''} /></span>${err('body.daily')}</label>
        <fieldset>
          <legend>${m.weekdays}</legend>
          <div class="days">${[1, 2, 3, 4, 5, 6, 7].map((d) => html`<label class="inline"><input type="checkbox" name="weekday" value=${d} ?checked=${e?.weekdays?.includes(d) ?? false} /> ${m[`d${d}` as 'd1']}</label>`)}</div>
          ${err('body.weekdays')}
        </fieldset>
        <label>${m.priority}<input name="priority" type="number" min="-100" max="100" step="1" .value=${String(e?.priority ?? 0)} />${err('body.priority')}</label>
        <label>${m.seconds}<input name="seconds" type="number" min="3" max="3600" step="1" .value=${e?.secondsPerItem ? String(e.secondsPerItem) : ''} />${err('body.secondsPerItem')}</label>
        <label>${m.template}<select name="template">
          <option value="">${m.byZone}</option>
          ${TemplateIdSchema.options.map((t) => html`<option value=${t} ?selected=${e?.template === t}>${templateNames(this.locale)[t]}</option>`)}
        </select>${err('body.template')}</label>
        ${this._message || leftover.length ? html`<p class="error" role="alert">${[this._message, ...leftover.map((f) => f.message)].filter(Boolean).join(' — ')}</p>` : ''}
        <div><button class="primary" type="submit">${m.save}</button> <button type="button" @click=${() => this.dispatchEvent(new CustomEvent('cancel'))}>${m.cancel}</button></div>
      </form>
    `;
  }

  /** Photo panels by title and date, each with how many of its photos can be shown. */
  private renderPanels(e: ScheduleView | undefined) {
    const m = messages(this.locale);
    if (this.panels.length === 0) return html`<p class="muted">${m.noPanels}</p>`;
    const current = e?.content.kind === 'photo-panel' ? e.content.printJobId : undefined;
    return html`<select name="panel" aria-label=${m.panel}>
        ${this.panels.map(
          (p) => html`<option value=${p.printJobId} ?selected=${p.printJobId === current}>
            ${p.title} (${formatInstant(p.createdAt)}) — ${m.showable.replace('{shown}', String(p.showable)).replace('{total}', String(p.photos))}
          </option>`,
        )}
      </select>
      <span class="muted">${m.panelHint}</span>`;
  }

  static override styles = [
    sharedStyles,
    css`
      form { max-width: 640px; }
      h3 { margin: 0; font-size: 1rem; }
      fieldset { border: 1px solid var(--pano-line); border-radius: var(--pano-radius); display: grid; gap: 4px; }
      legend { font-size: 0.9rem; color: var(--pano-muted); }
      label.inline { display: inline-flex; gap: 6px; align-items: baseline; color: var(--pano-ink); }
      .items { display: grid; gap: 2px; max-height: 220px; overflow: auto; }
      .row { display: flex; gap: 6px; align-items: center; }
      /* The seven days side by side, as on a calendar. */
      .days { display: flex; flex-wrap: wrap; gap: 4px 16px; }
    `,
  ];
}

declare global {
  interface HTMLElementTagNameMap {
    'ctl-schedule-entry-form': CtlScheduleEntryForm;
  }
}
