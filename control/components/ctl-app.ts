import { LitElement, css, html } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import type { User } from '../../server/protocol/auth.js';
import { fetchMe, logout } from '../data/auth.js';
import { onUnauthorised } from '../data/http.js';
import { live } from '../data/live.js';
import { defineMessages, LOCALE_KEY, roleNames, storedLocale, type Locale } from '../i18n.js';
import { pagesFor } from '../pages.js';
import './ctl-login.js';
import './ctl-setup.js';

const messages = defineMessages(
  { title: 'Pano — bảng điều khiển', live: 'Trực tuyến', offline: 'Mất kết nối máy chủ — đang thử lại', language: 'English', logout: 'Đăng xuất', loading: 'Đang tải…', setupDone: 'Đã đặt mật khẩu quản trị. Hãy đăng nhập bằng mật khẩu vừa đặt.' },
  { title: 'Pano — control panel', live: 'Live', offline: 'Server connection lost — retrying', language: 'Tiếng Việt', logout: 'Sign out', loading: 'Loading…', setupDone: 'The admin password is set. Sign in with it now.' },
);

/** The shell: who is signed in, the navigation between pages, the language and the live channel. */
@customElement('ctl-app')
export class CtlApp extends LitElement {
  @state() private _locale: Locale = storedLocale();
  /** undefined while asking the server, null when nobody is signed in. */
  @state() private _me: User | null | undefined;
  @state() private _page = pageFromHash();
  /** What follows '?' in the hash ("#/plans?plan=3"): a page's own state, kept in the address so it survives a reload. */
  @state() private _params = paramsFromHash();
  @state() private _online = false;
  /** The one-time setup link's token, until the password is saved. */
  @state() private _setupToken = new URLSearchParams(location.hash.slice(1)).get('setup');
  /** Said above the login form once the admin's password is set: who to sign in as. */
  @state() private _setupDone: User | undefined;
  private readonly unsubscribe: (() => void)[] = [];

  override connectedCallback(): void {
    super.connectedCallback();
    document.documentElement.lang = this._locale;
    window.addEventListener('hashchange', this.onHashChange);
    this.unsubscribe.push(onUnauthorised(() => this.signedOut()));
    this.unsubscribe.push(live.subscribeConnection((online) => (this._online = online)));
    void fetchMe().then((me) => (me ? this.signedIn(me) : (this._me = null)));
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('hashchange', this.onHashChange);
    this.unsubscribe.forEach((u) => u());
    live.stop();
  }

  private readonly onHashChange = () => {
    this._page = pageFromHash();
    this._params = paramsFromHash();
  };

  /** The password is saved: the link is spent, so drop it from the address and offer the login form. */
  private readonly setupDone = (e: CustomEvent<User>) => {
    this._setupDone = e.detail;
    this._setupToken = null;
    history.replaceState(null, '', location.pathname + location.search);
  };

  private signedIn(me: User): void {
    this._me = me;
    live.start();
  }

  private signedOut(): void {
    this._me = null;
    live.stop();
  }

  private async logout(): Promise<void> {
    await logout().catch(() => undefined);
    this.signedOut();
  }

  private toggleLocale(): void {
    this._locale = this._locale === 'vi' ? 'en' : 'vi';
    localStorage.setItem(LOCALE_KEY, this._locale);
    document.documentElement.lang = this._locale;
  }

  override render() {
    const m = messages(this._locale);
    return html`
      <header>
        <h1>${m.title}</h1>
        ${this._me ? html`<span class="conn ${this._online ? 'on' : 'off'}" data-testid="connection">${this._online ? m.live : m.offline}</span>` : ''}
        ${this._me
          ? html`<span class="me" data-testid="me">${this._me.displayName} · ${this._me.roles.map((r) => roleNames(this._locale)[r]).join(', ')}</span>
              <button @click=${this.logout}>${m.logout}</button>`
          : ''}
        <button @click=${this.toggleLocale}>${m.language}</button>
      </header>
      ${this._setupToken && !this._me
        ? html`<div class="gate"><ctl-setup .locale=${this._locale} .token=${this._setupToken} @setup-done=${this.setupDone}></ctl-setup></div>`
        : this._me === undefined
          ? html`<p class="loading">${m.loading}</p>`
          : this._me === null
            ? html`<div class="gate">
                <ctl-login
                  .locale=${this._locale}
                  .username=${this._setupDone?.username ?? ''}
                  .notice=${this._setupDone ? m.setupDone : ''}
                  @signed-in=${(e: CustomEvent<User>) => this.signedIn(e.detail)}
                ></ctl-login>
              </div>`
            : this.renderShell(this._me)}
    `;
  }

  private renderShell(me: User) {
    const pages = pagesFor(me);
    const page = pages.find((p) => p.id === this._page) ?? pages[0]!;
    return html`
      <nav>
        ${pages.filter((p) => !p.hidden).map((p) => html`<a href="#/${p.id}" class=${p === page ? 'active' : ''}>${p.title[this._locale]}</a>`)}
      </nav>
      <main>${page.render({ locale: this._locale, me, params: this._params })}</main>
    `;
  }

  static override styles = css`
    :host { display: block; min-height: 100vh; }
    header { display: flex; align-items: center; gap: 16px; padding: 12px 24px; background: var(--pano-red); color: #fff; }
    h1 { font-size: 1.2rem; margin: 0; flex: 1; }
    .conn { font-size: 0.85rem; padding: 2px 10px; border-radius: 999px; background: rgb(255 255 255 / 20%); }
    .conn.off { background: var(--pano-warn); }
    .me { font-size: 0.9rem; }
    header button { font: inherit; padding: 4px 12px; border-radius: var(--pano-radius); border: 1px solid #fff; background: transparent; color: #fff; cursor: pointer; }
    nav { display: flex; gap: 4px; padding: 0 24px; background: var(--pano-surface); border-bottom: 1px solid var(--pano-line); }
    nav a { padding: 12px 16px; color: var(--pano-ink); text-decoration: none; border-bottom: 3px solid transparent; }
    nav a.active { border-bottom-color: var(--pano-red); font-weight: 500; }
    main { padding: 8px 24px 32px; max-width: 1240px; }
    .loading { padding: 24px; }
    /* A printed page (a plan's report) carries the page itself, not the panel around it. */
    @media print {
      header, nav { display: none; }
      main { padding: 0; max-width: none; }
    }
    /* Setup and login stand alone: centred in the window, not against its left edge. */
    .gate { display: grid; justify-items: center; padding: 48px 16px; }
    .gate > * { width: min(420px, 100%); }
  `;
}

function pageFromHash(): string {
  return location.hash.startsWith('#/') ? location.hash.slice(2).split('?')[0]! : '';
}

function paramsFromHash(): URLSearchParams {
  const q = location.hash.indexOf('?');
  return new URLSearchParams(q < 0 ? '' : location.hash.slice(q + 1));
}

declare global {
  interface HTMLElementTagNameMap {
    'ctl-app': CtlApp;
  }
}
