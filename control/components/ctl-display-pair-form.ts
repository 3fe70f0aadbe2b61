import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { DisplayRole } from '../../server/protocol/messages.js';
import { pairDisplay, type ZoneOption } from '../data/displays.js';
import { ApiError } from '../data/http.js';
import { defineMessages, type Locale } from '../i18n.js';
import { sharedStyles } from './shared-styles.js';

const messages = defineMessages(
  {
    heading: 'Ghép nối màn hình mới',
    hint: 'Mở /display/ trên màn hình mới, rồi nhập mã đang hiện trên đó.',
    code: 'Mã ghép nối',
    name: 'Tên màn hình',
    zone: 'Khu vực',
    role: 'Vai trò trong hội trường',
    backdrop: 'Phông chính',
    side: 'Màn hình bên',
    submit: 'Ghép nối',
    paired: 'Đã ghép nối "{name}".',
  },
  {
    heading: 'Pair a new display',
    hint: 'Open /display/ on the new screen, then type the code it shows.',
    code: 'Pairing code',
    name: 'Display name',
    zone: 'Zone',
    role: 'Role in the hall',
    backdrop: 'Backdrop',
    side: 'Side screen',
    submit: 'Pair',
    paired: 'Paired "{name}".',
  },
);

/** The operator's half of pairing: the code read off the screen, a name and a zone. */
@customElement('ctl-display-pair-form')
export class CtlDisplayPairForm extends LitElement {
  @property({ attribute: false }) locale: Locale = 'vi';
  @property({ attribute: false }) zones: ZoneOption[] = [];
  @state() private _zoneId = '';
  @state() private _busy = false;
  @state() private _error: string | undefined;
  @state() private _notice: string | undefined;

  private async submit(ev: SubmitEvent): Promise<void> {
    ev.preventDefault();
    const form = ev.target as HTMLFormElement;
    const data = new FormData(form);
    const zoneId = String(data.get('zoneId') ?? '');
    const role = this.isHall(zoneId) ? (String(data.get('role') ?? 'backdrop') as DisplayRole) : null;
    this._busy = true;
    this._error = this._notice = undefined;
    try {
      const paired = await pairDisplay({ code: String(data.get('code') ?? ''), name: String(data.get('name') ?? ''), zoneId, role });
      this._notice = messages(this.locale).paired.replace('{name}', paired.name);
      form.reset();
    } catch (err) {
      this._error =
        err instanceof ApiError ? [err.detail ?? err.title, ...err.fieldErrors.map((f) => f.message)].join(' — ') : String(err);
    } finally {
      this._busy = false;
    }
  }

  private isHall(zoneId: string): boolean {
    return this.zones.find((z) => z.id === zoneId)?.kind === 'hall';
  }

  override render() {
    const m = messages(this.locale);
    const zoneId = this._zoneId || this.zones[0]?.id || '';
    return html`
      <form @submit=${this.submit} aria-label=${m.heading}>
        <strong>${m.heading}</strong>
        <span class="muted">${m.hint}</span>
        <label>${m.code}<input name="code" required minlength="6" maxlength="9" autocomplete="off" spellcheck="false" style="text-transform: uppercase; letter-spacing: 0.2em" /></label>
        <label>${m.name}<input name="name" required maxlength="80" /></label>
        <label
          >${m.zone}
          <select name="zoneId" @change=${(e: Event) => (this._zoneId = (e.target as HTMLSelectElement).value)}>
            ${this.zones.map((z) => html`<option value=${z.id} ?selected=${z.id === zoneId}>${z.name}</option>`)}
          </select>
        </label>
        ${this.isHall(zoneId)
          ? html`<label
              >${m.role}
              <select name="role">
                <option value="backdrop">${m.backdrop}</option>
                <option value="side">${m.side}</option>
              </select>
            </label>`
          : ''}
        <button class="primary" type="submit" ?disabled=${this._busy}>${m.submit}</button>
        ${this._error ? html`<p class="error" role="alert">${this._error}</p>` : ''}
        ${this._notice ? html`<p role="status">${this._notice}</p>` : ''}
      </form>
    `;
  }

  // Room between the card and the displays table below it.
  static override styles = [sharedStyles, css`:host { margin-bottom: 16px; }`];
}

declare global {
  interface HTMLElementTagNameMap {
    'ctl-display-pair-form': CtlDisplayPairForm;
  }
}
