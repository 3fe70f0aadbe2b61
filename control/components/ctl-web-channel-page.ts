import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { User } from '../../server/protocol/auth.js';
import { embedCode, fetchWebChannel, saveWebChannel, type WebChannelView } from '../data/web-channel.js';
import { defineMessages, formatInstant, type Locale } from '../i18n.js';
import { problemOf, type FieldError } from '../field-errors.js';
import { sharedStyles } from './shared-styles.js';

const messages = defineMessages(
  {
    heading: 'Trang tin (kênh công khai)',
    hint:
      'Trang tin của cơ quan hiển thị đúng nội dung đã duyệt mà khu vực loại "Trang web" đang phát, theo cùng lịch phát, kể cả khi quốc tang. ' +
      'Kênh này không cần đăng nhập: chỉ bật khi cần, và chỉ ghi các trang được phép nhúng băng rôn.',
    on: 'Đang bật', off: 'Đang tắt (kênh chưa công khai)', since: 'sửa lúc',
    enabled: 'Bật kênh công khai', origins: 'Các trang được nhúng băng rôn (mỗi dòng một địa chỉ, ví dụ https://baochinhphu.vn)',
    originsHint: 'Chỉ các trang này được đặt băng rôn trong khung (iframe) và đọc dữ liệu JSON từ trình duyệt. Địa chỉ dạng https://tên-miền, không có đường dẫn.',
    save: 'Lưu', saved: 'Đã lưu', line: 'Dòng', loading: 'Đang tải…', failed: 'Không tải được dữ liệu',
    noZone: 'Chưa có khu vực loại "Trang web". Quản trị viên tạo khu vực ở trang Sự kiện & đợt.',
    paste: 'Mã để biên tập viên trang tin dán vào bài hoặc chuyên mục:', feeds: 'Dữ liệu cho hệ thống trang tin:',
    json: 'Đang hiện và kế tiếp (JSON)', atom: 'Nguồn tin Atom', preview: 'Xem trước băng rôn', offPreview: 'Bật kênh để xem trước băng rôn.',
  },
  {
    heading: 'Web page (public channel)',
    hint:
      'The agency web page shows exactly the approved content the zone of kind "Web page" plays, on the same timeline, mourning included. ' +
      'Nobody signs in to read this channel: turn it on only when needed, and list only the sites allowed to embed the banner.',
    on: 'On', off: 'Off (not public)', since: 'changed',
    enabled: 'Public channel on', origins: 'Sites allowed to embed the banner (one address per line, for example https://baochinhphu.vn)',
    originsHint: 'Only these sites may frame the banner (iframe) and read the JSON from a browser. Addresses are https://domain, with no path.',
    save: 'Save', saved: 'Saved', line: 'Line', loading: 'Loading…', failed: 'Could not load data',
    noZone: 'There is no zone of kind "Web page" yet. The admin creates zones on the Events & phases page.',
    paste: 'Code for the web page editors to paste into an article or column:', feeds: 'Data for the web page system:',
    json: 'Now and next (JSON)', atom: 'Atom feed', preview: 'Banner preview', offPreview: 'Turn the channel on to preview the banner.',
  },
);

/** Admin page: the web zone's public channel on or off, the portals that may embed it, and what to paste. */
@customElement('ctl-web-channel-page')
export class CtlWebChannelPage extends LitElement {
  @property({ attribute: false }) locale: Locale = 'vi';
  @property({ attribute: false }) me!: User;
  @state() private _view: WebChannelView | undefined;
  @state() private _error = '';
  @state() private _fields: FieldError[] = [];
  @state() private _notice = '';

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    try {
      this._view = await fetchWebChannel();
      this._error = '';
    } catch (err) {
      this._error = problemOf(err).message;
    }
  }

  private async save(ev: SubmitEvent): Promise<void> {
    ev.preventDefault();
    const form = new FormData(ev.target as HTMLFormElement);
    const allowedOrigins = String(form.get('origins') ?? '')
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
    [this._fields, this._error, this._notice] = [[], '', ''];
    try {
      this._view = await saveWebChannel({ enabled: form.get('enabled') === 'on', allowedOrigins });
      this._notice = messages(this.locale).saved;
    } catch (err) {
      const p = problemOf(err);
      [this._fields, this._error] = [p.fields, p.fields.length ? '' : p.message];
    }
  }

  /** A refused origin by its line in the box (the server names it by its place in the list). */
  private originErrors(): string[] {
    const m = messages(this.locale);
    return this._fields.map((f) => {
      const index = /^body\.allowedOrigins\.(\d+)$/.exec(f.path);
      return index ? `${m.line} ${Number(index[1]) + 1}: ${f.message}` : f.message;
    });
  }

  override render() {
    const m = messages(this.locale);
    const v = this._view;
    if (!v) return html`${this._error ? html`<p class="error" role="alert">${m.failed}: ${this._error}</p>` : html`<p>${m.loading}</p>`}`;
    const s = v.settings;
    const errors = this.originErrors();
    return html`
      <h2>${m.heading}</h2>
      <p class="muted">${m.hint}</p>
      <p data-testid="web-channel-status" class=${s.enabled ? 'state on' : 'state'}>
        ${s.enabled ? m.on : m.off}${s.updatedAt ? html` — ${m.since} ${formatInstant(s.updatedAt)}` : ''}
      </p>
      <form @submit=${this.save} novalidate>
        <label class="inline"><input type="checkbox" name="enabled" ?checked=${s.enabled} /> ${m.enabled}</label>
        <label>
          ${m.origins}
          <textarea name="origins" rows="4" spellcheck="false" aria-invalid=${errors.length > 0 ? 'true' : 'false'}>${s.allowedOrigins.join('\n')}</textarea>
          <span class="muted small">${m.originsHint}</span>
        </label>
        ${errors.map((e) => html`<span class="error" role="alert">${e}</span>`)}
        ${this._error ? html`<p class="error" role="alert">${this._error}</p>` : ''}
        ${this._notice ? html`<p role="status">${this._notice}</p>` : ''}
        <button class="primary" type="submit" data-testid="web-channel-save">${m.save}</button>
      </form>
      ${v.zones.length === 0 ? html`<p class="muted">${m.noZone}</p>` : v.zones.map((z) => this.zoneSection(z, s.enabled))}
    `;
  }

  private zoneSection(zone: { id: string; name: string }, enabled: boolean) {
    const m = messages(this.locale);
    const origin = location.origin;
    const base = `${origin}/api/public/web/${encodeURIComponent(zone.id)}`;
    return html`
      <section>
        <h2>${zone.name}</h2>
        <p class="muted">${m.paste}</p>
        <pre><code data-testid="embed-code">${embedCode(origin, zone)}</code></pre>
        <p class="muted">${m.feeds}</p>
        <ul>
          <li>${m.json}: <code>${base}</code></li>
          <li>${m.atom}: <code>${base}/feed.atom</code></li>
        </ul>
        <h3>${m.preview}</h3>
        ${enabled
          ? html`<iframe class="preview" src="/embed/${encodeURIComponent(zone.id)}" title=${m.preview}></iframe>`
          : html`<p class="muted">${m.offPreview}</p>`}
      </section>
    `;
  }

  static override styles = [
    sharedStyles,
    css`
      form { max-width: 640px; }
      label.inline { display: flex; gap: 6px; align-items: baseline; color: var(--pano-ink); }
      textarea { font-family: ui-monospace, monospace; }
      .small { font-size: 0.8rem; }
      .state { font-weight: 500; }
      .state.on { color: var(--pano-red); }
      pre { white-space: pre-wrap; word-break: break-all; background: var(--pano-surface); padding: 8px 12px; border-radius: var(--pano-radius); max-width: 900px; }
      h3 { font-size: 1rem; margin: 16px 0 8px; }
      iframe.preview { width: min(100%, 800px); height: 200px; border: 1px solid var(--pano-line); border-radius: var(--pano-radius); }
    `,
  ];
}

declare global {
  interface HTMLElementTagNameMap {
    'ctl-web-channel-page': CtlWebChannelPage;
  }
}
