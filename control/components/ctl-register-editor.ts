import { LitElement, css, html } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { ITEM_TAGS } from '../../server/protocol/plan.js';
import { ITEM_KINDS, type CreateItemRequest, type ItemKind } from '../../server/protocol/content.js';
import { describeError, planReferences, proposeItem } from '../data/content.js';
import { defineMessages, kindNames, tagNames, type Locale } from '../i18n.js';
import { sharedStyles } from './shared-styles.js';
import './ctl-register-preview.js';
import './ctl-media-view.js';
import type { CtlMediaFields } from './ctl-media-fields.js';
import './ctl-media-fields.js';

const messages = defineMessages(
  {
    heading: 'Đề xuất nội dung mới',
    kind: 'Loại',
    title: 'Tiêu đề',
    text: 'Nội dung',
    caption: 'Chú thích (một dòng, hiện cùng ảnh trên màn hình)',
    tags: 'Nhãn',
    events: 'Sự kiện liên quan',
    places: 'Nơi hiển thị',
    document: 'Văn bản nguồn',
    none: '(không có)',
    section: 'Mục trong văn bản',
    propose: 'Lưu bản nháp',
    cancel: 'Hủy',
    preview: 'Xem trước',
    celebratory: 'Tính chất mừng, cổ vũ',
    celebratoryHint:
      'Bắt buộc chọn. Khi có quốc tang, mọi mục "Có" rời khỏi mọi màn hình ngay, dù gắn nhãn gì. Chọn "Có" cho lời chào mừng, chúc mừng, cổ vũ, "muôn năm"; "Không" cho nội dung trang nghiêm dùng được cả khi quốc tang.',
    yes: 'Có: tắt khi quốc tang',
    no: 'Không: vẫn hiển thị khi quốc tang',
  },
  {
    heading: 'Propose new content',
    kind: 'Kind',
    title: 'Title',
    text: 'Text',
    caption: 'Caption (one line, shown with the picture on screens)',
    tags: 'Tags',
    events: 'Related events',
    places: 'Shown at',
    document: 'Source document',
    none: '(none)',
    section: 'Section of the document',
    propose: 'Save draft',
    cancel: 'Cancel',
    preview: 'Preview',
    celebratory: 'Celebratory nature',
    celebratoryHint:
      'Required. During national mourning every item marked "Yes" leaves every screen at once, whatever its tags. Choose "Yes" for greetings, congratulations, cheers and "long live"; "No" for sober content that may stay on during mourning.',
    yes: 'Yes: off during mourning',
    no: 'No: stays on during mourning',
  },
);


type References = Awaited<ReturnType<typeof planReferences>>;

/** The proposal form: a new slogan, message, picture or clip is saved as a draft, to be submitted for approval. */
@customElement('ctl-register-editor')
export class CtlRegisterEditor extends LitElement {
  @property({ attribute: false }) locale: Locale = 'vi';
  @state() private _kind: ItemKind = 'slogan';
  @state() private _text = '';
  @query('ctl-media-fields') private _media: CtlMediaFields | null | undefined;
  @state() private _refs: References | undefined;
  @state() private _error: string | undefined;
  @state() private _busy = false;

  override connectedCallback(): void {
    super.connectedCallback();
    void planReferences().then(
      (refs) => (this._refs = refs),
      (err: unknown) => (this._error = describeError(err)),
    );
  }

  private async propose(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const data = new FormData(e.target as HTMLFormElement);
    const all = (name: string) => data.getAll(name).map(String);
    const document = String(data.get('document') ?? '');
    const section = String(data.get('section') ?? '').trim();
    const common = {
      text: String(data.get('text')),
      tags: all('tags') as CreateItemRequest['tags'],
      // The radio group is required, so the browser refuses the form until one is chosen.
      celebratory: data.get('celebratory') === 'yes',
      events: all('events'),
      places: all('places'),
      ...(document ? { source: { document, ...(section ? { section } : {}) } } : {}),
    };
    let input: CreateItemRequest;
    if (this._kind === 'picture' || this._kind === 'clip') {
      const media = this._media?.read();
      if (!media || 'error' in media) {
        this._error = media?.error;
        return;
      }
      input = media.media.kind === 'picture' ? { kind: 'picture', media: media.media, ...common } : { kind: 'clip', media: media.media, ...common };
    } else input = this._kind === 'message' ? { kind: 'message', title: String(data.get('title')), ...common } : { kind: 'slogan', ...common };
    this._busy = true;
    try {
      const created = await proposeItem(input);
      this._error = undefined;
      this.dispatchEvent(new CustomEvent<number>('item-proposed', { detail: created.id, bubbles: true, composed: true }));
    } catch (err) {
      this._error = describeError(err);
    } finally {
      this._busy = false;
    }
  }

  override render() {
    const m = messages(this.locale);
    const tags = tagNames(this.locale);
    const kinds = kindNames(this.locale);
    const media = this._kind === 'picture' || this._kind === 'clip';
    const checkboxes = (name: string, options: { id: string; name: string }[]) =>
      options.map((o) => html`<label class="inline"><input type="checkbox" name=${name} value=${o.id} /> ${o.name}</label>`);
    return html`
      <form @submit=${this.propose}>
        <strong>${m.heading}</strong>
        ${this._error ? html`<p class="error" role="alert">${this._error}</p>` : ''}
        <label
          >${m.kind}
          <select name="kind" @change=${(e: Event) => (this._kind = (e.target as HTMLSelectElement).value as ItemKind)}>
            ${ITEM_KINDS.map((k) => html`<option value=${k} ?selected=${this._kind === k}>${kinds[k]}</option>`)}
          </select>
        </label>
        ${this._kind === 'message' ? html`<label>${m.title}<input name="title" required maxlength="200" /></label>` : ''}
        ${media ? html`<ctl-media-fields .locale=${this.locale} .kind=${this._kind} @media-change=${() => this.requestUpdate()}></ctl-media-fields>` : ''}
        <label
          >${media ? m.caption : m.text}<textarea
            name="text"
            rows=${this._kind === 'message' ? 6 : 2}
            required
            @input=${(e: Event) => (this._text = (e.target as HTMLTextAreaElement).value)}
          ></textarea>
        </label>
        <fieldset data-testid="celebratory">
          <legend>${m.celebratory}</legend>
          <p class="hint">${m.celebratoryHint}</p>
          <label class="inline"><input type="radio" name="celebratory" value="yes" required /> ${m.yes}</label>
          <label class="inline"><input type="radio" name="celebratory" value="no" required /> ${m.no}</label>
        </fieldset>
        <fieldset>
          <legend>${m.tags}</legend>
          ${checkboxes(
            'tags',
            // The legacy 'celebratory' tag decides nothing now: the question above does.
            ITEM_TAGS.filter((t) => t !== 'celebratory').map((t) => ({ id: t, name: tags[t] })),
          )}
        </fieldset>
        ${this._refs
          ? html`
              <fieldset><legend>${m.events}</legend>${checkboxes('events', this._refs.events)}</fieldset>
              <fieldset><legend>${m.places}</legend>${checkboxes('places', this._refs.places)}</fieldset>
              <label
                >${m.document}
                <select name="document">
                  <option value="">${m.none}</option>
                  ${this._refs.documents.map((d) => html`<option value=${d}>${d}</option>`)}
                </select>
              </label>
              <label>${m.section}<input name="section" maxlength="50" /></label>
            `
          : ''}
        ${this.renderPreview()}
        <div class="buttons">
          <button class="primary" type="submit" data-action="propose" ?disabled=${this._busy}>${m.propose}</button>
          <button type="button" @click=${() => this.dispatchEvent(new CustomEvent('cancel', { bubbles: true, composed: true }))}>${m.cancel}</button>
        </div>
      </form>
    `;
  }

  /** What the approver will see: a picture or clip as the approval view shows it, or the text drawn as on a screen. */
  private renderPreview() {
    if (this._kind === 'picture' || this._kind === 'clip') {
      const preview = this._media?.preview;
      return preview ? html`<ctl-media-view .locale=${this.locale} .media=${preview} .caption=${this._text.trim()}></ctl-media-view>` : '';
    }
    return this._text.trim() ? html`<ctl-register-preview .locale=${this.locale} .sides=${[{ label: '', revision: 1, text: this._text, caption: '' }]}></ctl-register-preview>` : '';
  }

  static override styles = [
    sharedStyles,
    css`
      form { max-width: 720px; }
      fieldset { border: 1px solid var(--pano-line); border-radius: var(--pano-radius); }
      label.inline { display: inline-flex; align-items: center; gap: 4px; margin-right: 12px; color: var(--pano-ink); }
      .buttons { display: flex; gap: 8px; }
      .hint { margin: 0 0 8px; font-size: 0.85rem; color: var(--pano-muted); }
    `,
  ];
}

declare global {
  interface HTMLElementTagNameMap {
    'ctl-register-editor': CtlRegisterEditor;
  }
}
