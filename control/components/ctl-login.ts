import { LitElement, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { login } from '../data/auth.js';
import { ApiError } from '../data/http.js';
import { defineMessages, type Locale } from '../i18n.js';
import { sharedStyles } from './shared-styles.js';

const messages = defineMessages(
  { heading: 'Đăng nhập', username: 'Tên đăng nhập', password: 'Mật khẩu', submit: 'Đăng nhập', failed: 'Không đăng nhập được' },
  { heading: 'Sign in', username: 'Username', password: 'Password', submit: 'Sign in', failed: 'Could not sign in' },
);

/** The login form; fires `signed-in` with the user. */
@customElement('ctl-login')
export class CtlLogin extends LitElement {
  @property({ attribute: false }) locale: Locale = 'vi';
  /** Filled in when known (just after the setup link set this account's password). */
  @property({ attribute: false }) username = '';
  /** A line above the form, e.g. that the password was just set. */
  @property({ attribute: false }) notice = '';
  @state() private _error: string | undefined;
  @state() private _busy = false;

  private async submit(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const data = new FormData(e.target as HTMLFormElement);
    this._busy = true;
    try {
      const user = await login(String(data.get('username')), String(data.get('password')));
      this.dispatchEvent(new CustomEvent('signed-in', { detail: user, bubbles: true, composed: true }));
    } catch (err) {
      this._error = err instanceof ApiError ? (err.detail ?? err.title) : messages(this.locale).failed;
    } finally {
      this._busy = false;
    }
  }

  override render() {
    const m = messages(this.locale);
    return html`
      <h2>${m.heading}</h2>
      <form @submit=${this.submit}>
        ${this.notice ? html`<p role="status" data-testid="login-notice">${this.notice}</p>` : ''}
        <label>${m.username}<input name="username" autocomplete="username" required .value=${this.username} /></label>
        <label>${m.password}<input name="password" type="password" autocomplete="current-password" required /></label>
        ${this._error ? html`<p class="error" role="alert">${this._error}</p>` : ''}
        <button class="primary" type="submit" ?disabled=${this._busy}>${m.submit}</button>
      </form>
    `;
  }

  static override styles = [sharedStyles];
}

declare global {
  interface HTMLElementTagNameMap {
    'ctl-login': CtlLogin;
  }
}
