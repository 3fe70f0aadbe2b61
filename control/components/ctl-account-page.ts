import { LitElement, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { User } from '../../server/protocol/auth.js';
import { changePassword } from '../data/auth.js';
import { ApiError } from '../data/http.js';
import { defineMessages, roleNames, type Locale } from '../i18n.js';
import { sharedStyles } from './shared-styles.js';

const messages = defineMessages(
  {
    heading: 'Tài khoản của tôi',
    username: 'Tên đăng nhập',
    roles: 'Vai trò',
    change: 'Đổi mật khẩu',
    current: 'Mật khẩu hiện tại',
    next: 'Mật khẩu mới (ít nhất 12 ký tự)',
    save: 'Đổi mật khẩu',
    done: 'Đã đổi mật khẩu; các phiên đăng nhập khác đã bị đóng.',
  },
  {
    heading: 'My account',
    username: 'Username',
    roles: 'Roles',
    change: 'Change password',
    current: 'Current password',
    next: 'New password (at least 12 characters)',
    save: 'Change password',
    done: 'Password changed; your other sessions were ended.',
  },
);

/** Who am I (name, roles) and changing one's own password. */
@customElement('ctl-account-page')
export class CtlAccountPage extends LitElement {
  @property({ attribute: false }) locale: Locale = 'vi';
  @property({ attribute: false }) me!: User;
  @state() private _error: string | undefined;
  @state() private _done = false;

  private async submit(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const data = new FormData(form);
    try {
      await changePassword(String(data.get('current')), String(data.get('next')));
      form.reset();
      this._error = undefined;
      this._done = true;
    } catch (err) {
      this._error = err instanceof ApiError ? [err.detail ?? err.title, ...err.fieldErrors.map((f) => f.message)].join(' — ') : String(err);
    }
  }

  override render() {
    const m = messages(this.locale);
    const names = roleNames(this.locale);
    return html`
      <h2>${m.heading}</h2>
      <p>${m.username}: <strong data-testid="whoami">${this.me.username}</strong> — ${this.me.displayName}</p>
      <p>${m.roles}: ${this.me.roles.map((r) => html`<span class="chip">${names[r]}</span>`)}</p>
      <h2>${m.change}</h2>
      <form @submit=${this.submit}>
        <label>${m.current}<input name="current" type="password" autocomplete="current-password" required /></label>
        <label>${m.next}<input name="next" type="password" autocomplete="new-password" minlength="12" required /></label>
        ${this._error ? html`<p class="error" role="alert">${this._error}</p>` : ''}
        ${this._done ? html`<p role="status">${m.done}</p>` : ''}
        <button class="primary" type="submit">${m.save}</button>
      </form>
    `;
  }

  static override styles = [sharedStyles];
}

declare global {
  interface HTMLElementTagNameMap {
    'ctl-account-page': CtlAccountPage;
  }
}
