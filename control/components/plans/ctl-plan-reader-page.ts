import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { User } from '../../../server/protocol/auth.js';
import type { PlanReading, PlanReadResult } from '../../../server/protocol/plan-reading.js';
import type { NationalDayView } from '../../../server/protocol/national-calendar.js';
import { confirmReading, readPlanDocument } from '../../data/plan-reader.js';
import { fetchNationalDays } from '../../data/national-days.js';
import { problemOf, type FieldError } from '../../field-errors.js';
import { defineMessages, type Locale } from '../../i18n.js';
import { sharedStyles } from '../shared-styles.js';
import './ctl-plan-reading-review.js';

const messages = defineMessages(
  {
    heading: 'Đọc văn bản kế hoạch',
    intro: 'Tải lên văn bản kế hoạch (.docx, .txt hoặc PDF có lớp chữ) hoặc dán nội dung. Pano đề xuất số, trích yếu, các đợt, sự kiện, nơi treo và khẩu hiệu; bạn soát từng đề xuất bên cạnh câu gốc rồi xác nhận. Chưa có gì được lưu trước khi xác nhận.',
    file: 'Tệp văn bản', paste: 'Hoặc dán nội dung kế hoạch', read: 'Đọc văn bản', reading: 'Đang đọc…', again: 'Đọc văn bản khác',
    readAs: 'Đã đọc', text: 'văn bản thuần', docx: 'văn bản Word', pdf: 'PDF', lines: 'dòng', nothing: 'Hãy chọn một tệp hoặc dán nội dung.',
    imported: 'Đã nhập kế hoạch số {number}: {items} khẩu hiệu đang chờ một người khác duyệt.', toEvents: 'Xem sự kiện và đợt', toRegister: 'Xem sổ nội dung',
    importFailed: 'Không nhập được kế hoạch',
    atSlogan: 'Khẩu hiệu', atEvent: 'Sự kiện', atPlace: 'Nơi', atSection: 'Mục', atPhase: 'Đợt', atDocument: 'Văn bản',
  },
  {
    heading: 'Read a plan document',
    intro: 'Upload the plan document (.docx, .txt or a PDF with a text layer) or paste its text. Pano proposes its number, title, phases, events, places and slogans; you check each beside the sentence it came from, then confirm. Nothing is stored before you confirm.',
    file: 'Document file', paste: 'Or paste the plan’s text', read: 'Read the document', reading: 'Reading…', again: 'Read another document',
    readAs: 'Read as', text: 'plain text', docx: 'a Word document', pdf: 'PDF', lines: 'lines', nothing: 'Choose a file or paste the text.',
    imported: 'Plan {number} imported: {items} slogans await approval by someone else.', toEvents: 'See events and phases', toRegister: 'See the register',
    importFailed: 'The plan was not imported',
    atSlogan: 'Slogan', atEvent: 'Event', atPlace: 'Place', atSection: 'Section', atPhase: 'Phase', atDocument: 'Document',
  },
);

/** Where in the plan a server error points, in words (the import reports paths into the plan file). */
function placeOf(path: string, r: PlanReading, m: ReturnType<typeof messages>): string {
  const [, what, i, , j] = path.split('.');
  const n = Number(i);
  if (what === 'items') return `${m.atSlogan} ${n + 1} (“${r.slogans[n]?.text.slice(0, 40) ?? ''}…”)`;
  if (what === 'events') return `${m.atEvent} “${r.events[n]?.name ?? n + 1}”`;
  if (what === 'places') return `${m.atPlace} “${r.places[n]?.name ?? n + 1}”`;
  if (what === 'campaigns') return `${m.atSection} ${r.campaigns[n]?.section ?? ''}${j !== undefined ? ` ${m.atPhase} ${Number(j) + 1}` : ''}`;
  return m.atDocument;
}

/** Upload or paste a plan document, review the proposals, confirm them as a plan import. */
@customElement('ctl-plan-reader-page')
export class CtlPlanReaderPage extends LitElement {
  @property({ attribute: false }) locale: Locale = 'vi';
  @property({ attribute: false }) me!: User;
  @state() private _result: PlanReadResult | undefined;
  @state() private _busy = false;
  @state() private _error = '';
  @state() private _errors: FieldError[] = [];
  @state() private _done = '';
  private _reviewed: PlanReading | undefined;
  /** For a đợt anchored to a national day (Tết 2027 − 10): the review's anchor editor offers them. */
  @state() private _nationalDays: NationalDayView[] = [];

  override connectedCallback(): void {
    super.connectedCallback();
    fetchNationalDays().then(
      (days) => (this._nationalDays = days),
      (err: unknown) => (this._error = problemOf(err).message),
    );
  }

  private async read(ev: SubmitEvent): Promise<void> {
    ev.preventDefault();
    const form = ev.target as HTMLFormElement;
    const file = (form.elements.namedItem('file') as HTMLInputElement).files?.[0];
    const pasted = (form.elements.namedItem('pasted') as HTMLTextAreaElement).value;
    this._error = '';
    this._done = '';
    if (!file && !pasted.trim()) {
      this._error = messages(this.locale).nothing;
      return;
    }
    this._busy = true;
    try {
      this._result = await readPlanDocument(file ?? pasted);
    } catch (err) {
      this._error = problemOf(err).message;
    } finally {
      this._busy = false;
    }
  }

  private async confirm(reading: PlanReading): Promise<void> {
    const m = messages(this.locale);
    this._busy = true;
    this._error = '';
    this._errors = [];
    this._reviewed = reading;
    try {
      const result = await confirmReading(reading);
      this._done = m.imported.replace('{number}', result.plan.number).replace('{items}', String(result.items));
      this._result = undefined;
    } catch (err) {
      const p = problemOf(err);
      this._error = `${m.importFailed}: ${p.message}`;
      this._errors = p.fields;
    } finally {
      this._busy = false;
    }
  }

  override render() {
    const m = messages(this.locale);
    const r = this._result;
    return html`
      <h1>${m.heading}</h1>
      ${this._done
        ? html`<p class="ok" role="status" data-imported>${this._done}</p><p><a href="#/events">${m.toEvents}</a> · <a href="#/slogans">${m.toRegister}</a></p>`
        : ''}
      ${r
        ? html`<p class="muted">${m.readAs} ${m[r.format]}, ${r.lines} ${m.lines}. <button @click=${() => (this._result = undefined)}>${m.again}</button></p>`
        : html`<p class="muted">${m.intro}</p>
            <form @submit=${this.read} novalidate>
              <label>${m.file} <input type="file" name="file" accept=".docx,.txt,.pdf,text/plain,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document" /></label>
              <label>${m.paste} <textarea name="pasted" rows="8"></textarea></label>
              <div><button class="primary" type="submit" ?disabled=${this._busy}>${this._busy ? m.reading : m.read}</button></div>
            </form>`}
      ${this._error
        ? html`<div class="error" role="alert"><p>${this._error}</p>${this._errors.length && this._reviewed
            ? html`<ul>${this._errors.map((e) => html`<li>${placeOf(e.path, this._reviewed!, m)}: ${e.message}</li>`)}</ul>`
            : ''}</div>`
        : ''}
      ${r ? html`<ctl-plan-reading-review .locale=${this.locale} .reading=${r.reading} .nationalDays=${this._nationalDays} ?busy=${this._busy} @confirm=${(e: CustomEvent<PlanReading>) => this.confirm(e.detail)}></ctl-plan-reading-review>` : ''}
    `;
  }

  static override styles = [
    sharedStyles,
    css`
      form { max-width: 720px; }
      textarea { width: 100%; box-sizing: border-box; }
      .ok { color: var(--pano-ok); }
    `,
  ];
}

declare global {
  interface HTMLElementTagNameMap {
    'ctl-plan-reader-page': CtlPlanReaderPage;
  }
}
