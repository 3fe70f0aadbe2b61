import { anchorInWords } from '../../plan-words.js';
import { LitElement, css, html, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { PLACE_KINDS, type Anchor, type PlaceKind } from '../../../server/protocol/plan.js';
import { readingGaps, type PlanReading, type ReadField, type ReadPhase, type ReadSlogan, type Source } from '../../../server/protocol/plan-reading.js';
import { defineMessages, type Locale } from '../../i18n.js';
import { formatLocalDate, formatLocalDateTime, parseDayMonthYear } from '../../time.js';
import type { NationalDayView } from '../../../server/protocol/national-calendar.js';
import { dayName } from '../../national-calendar.js';
import { sharedStyles } from '../shared-styles.js';
import type { CtlScheduleWhen } from '../ctl-schedule-when.js';
import '../ctl-schedule-when.js';
import type { CtlScheduleAnchor } from '../ctl-schedule-anchor.js';
import '../ctl-schedule-anchor.js';

const messages = defineMessages(
  {
    document: 'Văn bản', number: 'Số kế hoạch', title: 'Trích yếu', issuer: 'Cơ quan ban hành', issuedOn: 'Ngày ban hành (dd/mm/yyyy)',
    place: 'Địa danh', signer: 'Người ký', signerPosition: 'Chức vụ người ký', source: 'Trong văn bản', line: 'dòng', notFound: 'Không tìm thấy trong văn bản',
    places: 'Nơi treo, trình chiếu', addPlace: 'Thêm nơi', events: 'Sự kiện', opens: 'Khai mạc', closes: 'Bế mạc',
    needsDate: 'Văn bản không ghi ngày: cần người vận hành nhập', planSays: 'Kế hoạch ghi', fromText: 'Ngày theo văn bản', entered: 'Ngày do người vận hành nhập',
    campaigns: 'Các đợt tuyên truyền', section: 'Mục', from: 'Từ', until: 'đến', openEnded: 'không hạn định', themes: 'nội dung',
    slogans: 'Khẩu hiệu', addSlogan: 'Thêm khẩu hiệu', drop: 'Bỏ', gaps: 'Cần bổ sung trước khi nhập', confirm: 'Xác nhận và nhập kế hoạch',
    congress: 'Đại hội', anniversary: 'Kỷ niệm', holiday: 'Ngày lễ', other: 'Sự kiện khác', gate: 'Cổng', lobby: 'Sảnh', hall: 'Hội trường', web: 'Trang tin',
    edgeOpens: 'khai mạc', edgeCloses: 'bế mạc', days: 'ngày', added: 'Thêm tay', badDate: 'Nhập ngày dd/mm/yyyy',
    celebratory: 'Có tính chất mừng, cổ vũ?', yes: 'Có', no: 'Không', guess: 'Pano đoán', noGuess: 'Thêm tay: cần chọn',
    celebratoryHelp: 'Với mỗi khẩu hiệu, chọn “Có” nếu nó mang tính chất mừng, cổ vũ (chào mừng, chúc mừng, “muôn năm”). Khi có quốc tang, mọi mục “Có” được gỡ khỏi tất cả màn hình. Pano đã đoán theo câu chữ; hãy kiểm tra.',
    editTime: 'Sửa thời gian', apply: 'Áp dụng', cancel: 'Thôi', starts: 'Bắt đầu', ends: 'Kết thúc',
  },
  {
    document: 'Document', number: 'Plan number', title: 'Title', issuer: 'Issuer', issuedOn: 'Date of issue (dd/mm/yyyy)',
    place: 'Place', signer: 'Signer', signerPosition: 'Signer’s position', source: 'In the document', line: 'line', notFound: 'Not found in the document',
    places: 'Places to show slogans', addPlace: 'Add a place', events: 'Events', opens: 'Opens', closes: 'Closes',
    needsDate: 'The document gives no date: an operator must enter it', planSays: 'The plan says', fromText: 'Date from the document', entered: 'Entered by an operator',
    campaigns: 'Campaign phases', section: 'Section', from: 'From', until: 'until', openEnded: 'open-ended', themes: 'themes',
    slogans: 'Slogans', addSlogan: 'Add a slogan', drop: 'Drop', gaps: 'To complete before importing', confirm: 'Confirm and import the plan',
    congress: 'Congress', anniversary: 'Anniversary', holiday: 'Holiday', other: 'Other event', gate: 'Gate', lobby: 'Lobby', hall: 'Hall', web: 'Web page',
    edgeOpens: 'opens', edgeCloses: 'closes', days: 'days', added: 'Added by hand', badDate: 'Enter the date as dd/mm/yyyy',
    celebratory: 'Celebratory?', yes: 'Yes', no: 'No', guess: 'Pano’s guess', noGuess: 'Added by hand: choose',
    celebratoryHelp: 'For each slogan, choose “Yes” if it is celebratory (greetings, congratulations, “long live”). During national mourning every “Yes” item is taken off every screen. Pano guessed from the wording; please check.',
    editTime: 'Correct the dates', apply: 'Apply', cancel: 'Cancel', starts: 'Starts', ends: 'Ends',
  },
);

type DocumentKey = keyof PlanReading['document'];
const DOCUMENT_FIELDS: DocumentKey[] = ['number', 'title', 'issuer', 'issuedOn', 'place', 'signer', 'signerPosition'];

/**
 * Every proposal read from a plan document beside the line it came from. The operator corrects,
 * drops or adds; nothing is stored here: `confirm` carries the reviewed reading to the page.
 */
@customElement('ctl-plan-reading-review')
export class CtlPlanReadingReview extends LitElement {
  @property({ attribute: false }) locale: Locale = 'vi';
  @property({ attribute: false }) reading!: PlanReading;
  @property({ type: Boolean }) busy = false;
  @property({ attribute: false }) nationalDays: NationalDayView[] = [];
  @state() private _r!: PlanReading;
  /** The issue date as typed, kept apart so a half-typed date is not lost. */
  @state() private _issuedOn = '';
  /** The phase whose anchors are being corrected ("campaign-phase"), and why the last try failed. */
  @state() private _editing = '';
  @state() private _anchorErrors = { starts: '', ends: '' };
  /** The anchors as they were when correcting began: edits elsewhere re-clone the reading, which must not reset the editors. */
  private _editingFrom: Pick<ReadPhase, 'starts' | 'ends'> | undefined;
  @query('ctl-schedule-anchor[name=starts]') private startsInput?: CtlScheduleAnchor;
  @query('ctl-schedule-anchor[name=ends]') private endsInput?: CtlScheduleAnchor;
  private _added = 0;

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('reading')) {
      this._r = structuredClone(this.reading);
      this._issuedOn = this._r.document.issuedOn.value ? formatLocalDate(this._r.document.issuedOn.value) : '';
    }
  }

  private edit(change: (r: PlanReading) => void): void {
    const next = structuredClone(this._r);
    change(next);
    this._r = next;
  }

  private sourceOf(source: Source | null) {
    const m = messages(this.locale);
    if (!source) return html`<div class="source missing">${m.notFound}</div>`;
    return html`<blockquote class="source" data-line=${source.line}><span class="muted">${m.line} ${source.line}</span> ${source.text}</blockquote>`;
  }

  private documentField(key: DocumentKey) {
    const m = messages(this.locale);
    const f: ReadField = this._r.document[key];
    const input =
      key === 'issuedOn'
        ? html`<input name="issuedOn" .value=${this._issuedOn} placeholder="dd/mm/yyyy" inputmode="numeric" @input=${(e: Event) => {
            this._issuedOn = (e.target as HTMLInputElement).value;
            this.edit((r) => (r.document.issuedOn.value = parseDayMonthYear(this._issuedOn) ?? ''));
          }} />${this._issuedOn && !this._r.document.issuedOn.value ? html`<span class="error">${m.badDate}</span>` : ''}`
        : html`<input name=${key} .value=${f.value} @input=${(e: Event) => this.edit((r) => (r.document[key].value = (e.target as HTMLInputElement).value))} />`;
    return html`<div class="row" data-field=${key}><label>${m[key]} ${input}</label>${this.sourceOf(f.source)}</div>`;
  }

  private describe(anchor: Anchor | null): string {
    const days = this.nationalDays.map((d) => ({ id: d.id, name: dayName(d, this.locale) }));
    return anchor ? anchorInWords(anchor, this._r.events, this.locale, days) : messages(this.locale).openEnded;
  }

  private setEventDate(i: number, edge: 'opens' | 'closes', when: CtlScheduleWhen): void {
    this.edit((r) => {
      const e = r.events[i]!;
      e[edge] = when.parsed || null;
      e.dateSource = 'operator-entry';
    });
  }

  private addPlace(kind: PlaceKind): void {
    const m = messages(this.locale);
    this.edit((r) => r.places.push({ id: kind, kind, name: m[kind], source: { line: 1, text: m.added } }));
  }

  private addSlogan(): void {
    const m = messages(this.locale);
    const prefix = this._r.slogans[0]?.id.replace(/-kh-\d+$/, '') ?? 'ke-hoach';
    this.edit((r) =>
      r.slogans.push({
        id: `${prefix}-them-${++this._added}`,
        text: '',
        section: 'Thêm',
        tags: ['evergreen'],
        // Nobody guessed for a slogan typed in: the operator states it.
        celebratory: null,
        events: [],
        source: { line: 1, text: m.added },
      }),
    );
  }

  private editPhase(key: string, p: ReadPhase): void {
    this._editingFrom = { starts: p.starts, ends: p.ends };
    this._editing = key;
    this._anchorErrors = { starts: '', ends: '' };
  }

  /** Takes the corrected anchors of a phase, or shows why they cannot be taken. */
  private applyAnchors(ci: number, pi: number): void {
    const [starts, ends] = [this.startsInput?.parsed, this.endsInput?.parsed];
    const m = messages(this.locale);
    const errors = {
      starts: starts ? '' : this.startsInput?.invalidMessage || m.badDate,
      ends: ends === null ? (this.endsInput?.invalidMessage ?? '') : '',
    };
    this._anchorErrors = errors;
    // The editor offers fixed moments only for schedule windows; a phase edge is always an anchor.
    if (errors.starts || errors.ends || !starts || 'instant' in starts || (ends && 'instant' in ends)) return;
    this.edit((r) => {
      const p = r.campaigns[ci]!.phases[pi]!;
      p.starts = starts;
      p.ends = ends ?? null;
    });
    this._editing = '';
  }

  private phaseTime(p: ReadPhase, ci: number, pi: number) {
    const m = messages(this.locale);
    const key = `${ci}-${pi}`;
    if (this._editing !== key) {
      return html`<div class="time">${m.from} ${this.describe(p.starts)} ${m.until} ${this.describe(p.ends)}
        <button class="link" data-edit-time @click=${() => this.editPhase(key, p)}>${m.editTime}</button></div>`;
    }
    return html`<div class="anchors">
      <ctl-schedule-anchor .locale=${this.locale} name="starts" label=${m.starts} .value=${this._editingFrom?.starts} .events=${this._r.events} .nationalDays=${this.nationalDays} .error=${this._anchorErrors.starts}></ctl-schedule-anchor>
      <ctl-schedule-anchor .locale=${this.locale} name="ends" label=${m.ends} optional .value=${this._editingFrom?.ends} .events=${this._r.events} .nationalDays=${this.nationalDays} .error=${this._anchorErrors.ends}></ctl-schedule-anchor>
      <p><button data-apply-time @click=${() => this.applyAnchors(ci, pi)}>${m.apply}</button> <button @click=${() => (this._editing = '')}>${m.cancel}</button></p>
    </div>`;
  }

  private celebratoryChoice(s: ReadSlogan, i: number) {
    const m = messages(this.locale);
    const guess = this.reading.slogans.find((x) => x.id === s.id)?.celebratory ?? null;
    const choice = (value: boolean) =>
      html`<label><input type="radio" name="celebratory-${i}" value=${value ? 'yes' : 'no'} .checked=${s.celebratory === value}
        @change=${() => this.edit((x) => (x.slogans[i]!.celebratory = value))} /> ${value ? m.yes : m.no}</label>`;
    return html`<fieldset class="nature" data-celebratory>
      <legend>${m.celebratory}</legend>
      ${choice(true)} ${choice(false)}
      <span class="muted">${guess === null ? m.noGuess : `(${m.guess}: ${guess ? m.yes : m.no})`}</span>
    </fieldset>`;
  }

  override render() {
    const m = messages(this.locale);
    const r = this._r;
    const gaps = readingGaps(r);
    const missingKinds = PLACE_KINDS.filter((k) => !r.places.some((p) => p.kind === k));
    return html`
      <section>
        <h2>${m.document}</h2>
        ${DOCUMENT_FIELDS.map((k) => this.documentField(k))}
      </section>
      <section>
        <h2>${m.places}</h2>
        ${r.places.map(
          (p, i) => html`<div class="row" data-place=${p.kind}>
            <label>${m[p.kind]} <input .value=${p.name} @input=${(e: Event) => this.edit((x) => (x.places[i]!.name = (e.target as HTMLInputElement).value))} /></label>
            ${this.sourceOf(p.source)}
            <button class="drop" @click=${() => this.edit((x) => x.places.splice(i, 1))}>${m.drop}</button>
          </div>`,
        )}
        ${missingKinds.length
          ? html`<div class="add">${m.addPlace}: ${missingKinds.map((k) => html`<button data-add-place=${k} @click=${() => this.addPlace(k)}>${m[k]}</button> `)}</div>`
          : ''}
      </section>
      <section>
        <h2>${m.events}</h2>
        ${r.events.map(
          (e, i) => html`<div class="row" data-event=${i}>
            <div>
              <label>${m[e.kind]} <input name="event-name" .value=${e.name} @input=${(ev: Event) => this.edit((x) => (x.events[i]!.name = (ev.target as HTMLInputElement).value))} /></label>
              ${!e.opens || !e.closes ? html`<p class="warn">${m.needsDate}${e.hint ? html` — ${m.planSays}: “${e.hint}”` : ''}</p>` : html`<p class="muted">${e.dateSource === 'plan' ? m.fromText : m.entered}: ${formatLocalDateTime(e.opens)} – ${formatLocalDateTime(e.closes)}</p>`}
              <div class="when">
                <ctl-schedule-when .locale=${this.locale} name="opens" label=${m.opens} .value=${e.opens ?? ''} @input=${(ev: Event) => this.setEventDate(i, 'opens', ev.currentTarget as CtlScheduleWhen)}></ctl-schedule-when>
                <ctl-schedule-when .locale=${this.locale} name="closes" label=${m.closes} .value=${e.closes ?? ''} @input=${(ev: Event) => this.setEventDate(i, 'closes', ev.currentTarget as CtlScheduleWhen)}></ctl-schedule-when>
              </div>
            </div>
            ${this.sourceOf(e.source)}
            <button class="drop" @click=${() => this.edit((x) => x.events.splice(i, 1))}>${m.drop}</button>
          </div>`,
        )}
      </section>
      <section>
        <h2>${m.campaigns}</h2>
        ${r.campaigns.map(
          (c, ci) => html`<h3>${m.section} ${c.section}: ${c.title}</h3>
            ${c.phases.map(
              (p, pi) => html`<div class="row" data-phase="${ci}-${pi}">
                <div>
                  <strong>${p.title}</strong>
                  ${this.phaseTime(p, ci, pi)}
                  <div class="muted">${p.themes.length} ${m.themes}</div>
                  ${p.note ? html`<p class="warn">${p.note}</p>` : ''}
                </div>
                ${this.sourceOf(p.source)}
                <button class="drop" @click=${() => {
                  // Indices shift: an open correction would land on the next phase.
                  this._editing = '';
                  this.edit((x) => x.campaigns[ci]!.phases.splice(pi, 1));
                }}>${m.drop}</button>
              </div>`,
            )}`,
        )}
      </section>
      <section>
        <h2>${m.slogans} (${r.slogans.length})</h2>
        <p class="muted">${m.celebratoryHelp}</p>
        ${r.slogans.map(
          (s, i) => html`<div class="row" data-slogan=${i}>
            <div>
              <textarea name="slogan" rows="2" .value=${s.text} @input=${(e: Event) => this.edit((x) => (x.slogans[i]!.text = (e.target as HTMLTextAreaElement).value))}></textarea>
              ${this.celebratoryChoice(s, i)}
            </div>
            ${this.sourceOf(s.source)}
            <button class="drop" @click=${() => this.edit((x) => x.slogans.splice(i, 1))}>${m.drop}</button>
          </div>`,
        )}
        <button data-add-slogan @click=${() => this.addSlogan()}>${m.addSlogan}</button>
      </section>
      ${gaps.length ? html`<section class="gaps" role="status"><h2>${m.gaps}</h2><ul>${gaps.map((g) => html`<li>${this.locale === 'en' ? g.en : g.vi}</li>`)}</ul></section>` : ''}
      <p><button class="primary" data-confirm ?disabled=${gaps.length > 0 || this.busy} @click=${() => this.dispatchEvent(new CustomEvent('confirm', { detail: this._r }))}>${m.confirm}</button></p>
    `;
  }

  static override styles = [
    sharedStyles,
    css`
      section { background: var(--pano-surface); border-radius: var(--pano-radius); padding: 8px 16px 16px; margin-bottom: 16px; }
      h3 { font-size: 1rem; margin: 16px 0 4px; }
      .row { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr) auto; gap: 12px; align-items: start; padding: 8px 0; border-bottom: 1px solid var(--pano-line); }
      .row label, .row textarea { width: 100%; box-sizing: border-box; }
      .row input { width: 100%; box-sizing: border-box; }
      .source { margin: 0; padding: 6px 10px; border-left: 3px solid var(--pano-line); background: var(--pano-ground); font-size: 0.85rem; white-space: pre-wrap; }
      .source.missing { color: var(--pano-warn); }
      .warn { color: var(--pano-warn); margin: 4px 0; font-size: 0.9rem; }
      .when { display: flex; gap: 12px; flex-wrap: wrap; }
      .gaps { border: 1px solid var(--pano-warn); }
      .add { padding-top: 8px; }
      .nature { border: 0; padding: 4px 0 0; margin: 0; display: flex; gap: 12px; align-items: center; flex-wrap: wrap; }
      .nature legend { float: left; padding: 0; margin-right: 4px; font-size: 0.9rem; }
      .row .nature label { display: inline-flex; width: auto; gap: 4px; align-items: center; color: var(--pano-ink); }
      .row .nature input { width: auto; }
      .anchors { display: grid; gap: 8px; margin: 6px 0; }
      .link { background: none; border: 0; padding: 0 0 0 6px; color: var(--pano-ink); text-decoration: underline; cursor: pointer; font: inherit; }
    `,
  ];
}

declare global {
  interface HTMLElementTagNameMap {
    'ctl-plan-reading-review': CtlPlanReadingReview;
  }
}
