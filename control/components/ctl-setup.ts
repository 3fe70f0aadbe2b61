import { LitElement, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { User } from '../../server/protocol/auth.js';
import { completeSetup } from '../data/auth.js';
import { ApiError } from '../data/http.js';
import { defineMessages, type Locale } from '../i18n.js';
import { sharedStyles } from './shared-styles.js';

const messages = defineMessages(
  {
    heading: 'Thiết lập mật khẩu quản trị',
    intro: 'Đặt mật khẩu cho tài khoản quản trị. Liên kết này chỉ dùng được một lần.',
    password: 'Mật khẩu mới (ít nhất 12 ký tự)',
    repeat: 'Nhập lại mật khẩu',
    mismatch: 'Hai mật khẩu không khớp',
    submit: 'Lưu mật khẩu',
  },
  {
    heading: 'Set the admin password',
    intro: 'Choose the admin account’s password. This link works once.',
    password: 'New password (at least 12 characters)',
    repeat: 'Repeat the password',
    mismatch: 'The passwords differ',
    submit: 'Save password',
  },
);

/** First-start page reached through the one-time link from the server log. */
@customElement('ctl-setup')
export class CtlSetup extends LitElement {
  @property({ attribute: false }) locale: Locale = 'vi';
  @property({ attribute: false }) token = '';
  @state() private _error: string | undefined;

  private async submit(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const m = messages(this.locale);
    const data = new FormData(e.target as HTMLFormElement);
    const password = String(data.get('password'));
    if (password !== String(data.get('repeat'))) {
      this._error = m.mismatch;
      return;
    }
    try {
      const user = await completeSetup(this.token, password);
      this.dispatchEvent(new CustomEvent<User>('setup-done', { detail: user, bubbles: true, composed: true }));
    } catch (err) {
      this._error = err instanceof ApiError ? [err.detail ?? err.title, ...err.fieldErrors.map((f) => f.message)].join(' — ') : String(err);
    }
  }

  override render() {
    const m = messages(this.locale);
    return html`
      <h2>${m.heading}</h2>
      <form @submit=${this.submit}>
        <p class="muted">${m.intro}</p>
        <label>${m.password}<input name="password" type="password" autocomplete="new-password" minlength="12" required /></label>
        <label>${m.repeat}<input name="repeat" type="password" autocomplete="new-password" minlength="12" required /></label>
        ${this._error ? html`<p class="error" role="alert">${this._error}</p>` : ''}
        <button class="primary" type="submit">${m.submit}</button>
      </form>
    `;
  }

  static override styles = [sharedStyles];
}

declare global {
  interface HTMLElementTagNameMap {
    'ctl-setup': CtlSetup;
  }
}
