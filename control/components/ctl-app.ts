import { LitElement, css, html } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import type { Slogan } from '../../server/protocol/api.js';
import type { DisplayStatus } from '../../server/protocol/messages.js';
import { fetchSlogans } from '../data/api.js';
import { LiveChannel } from '../data/live.js';
import { translator, type Locale } from '../i18n.js';
import './ctl-slogan-list.js';
import './ctl-display-list.js';

const LOCALE_KEY = 'pano.locale';

/** The control panel shell: owns the state, hands it down, listens to the live channel. */
@customElement('ctl-app')
export class CtlApp extends LitElement {
  @state() private _locale: Locale = localStorage.getItem(LOCALE_KEY) === 'en' ? 'en' : 'vi';
  @state() private _slogans: Slogan[] | undefined;
  @state() private _displays: DisplayStatus[] = [];
  @state() private _online = false;
  @state() private _error: string | undefined;

  private readonly live = new LiveChannel({
    onDisplays: (displays) => (this._displays = displays),
    onSlogansChanged: () => void this.loadSlogans(),
    onConnection: (online) => (this._online = online),
  });

  override connectedCallback(): void {
    super.connectedCallback();
    void this.loadSlogans();
    this.live.start();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.live.stop();
  }

  private async loadSlogans(): Promise<void> {
    try {
      this._slogans = await fetchSlogans();
      this._error = undefined;
    } catch (err) {
      this._error = (err as Error).message;
    }
  }

  private toggleLocale(): void {
    this._locale = this._locale === 'vi' ? 'en' : 'vi';
    localStorage.setItem(LOCALE_KEY, this._locale);
    document.documentElement.lang = this._locale;
  }

  override render() {
    const t = translator(this._locale);
    return html`
      <header>
        <h1>${t('appTitle')}</h1>
        <span class="conn ${this._online ? 'on' : 'off'}" data-testid="connection">${this._online ? t('live') : t('offline')}</span>
        <button @click=${this.toggleLocale}>${t('language')}</button>
      </header>
      <main>
        ${this._error ? html`<p class="error" role="alert">${t('loadFailed')}: ${this._error}</p>` : ''}
        <section>
          <h2>${t('displays')} (${this._displays.length})</h2>
          <ctl-display-list .displays=${this._displays} .t=${t}></ctl-display-list>
        </section>
        <section>
          <h2>${t('slogans')}</h2>
          ${this._slogans ? html`<ctl-slogan-list .slogans=${this._slogans} .t=${t}></ctl-slogan-list>` : html`<p>${t('loading')}</p>`}
        </section>
      </main>
    `;
  }

  static override styles = css`
    :host { display: block; }
    header {
      display: flex; align-items: center; gap: 16px; padding: 12px 24px;
      background: var(--pano-red); color: #fff;
    }
    h1 { font-size: 1.25rem; margin: 0; flex: 1; }
    h2 { font-size: 1.05rem; margin: 24px 0 8px; }
    main { padding: 0 24px 24px; max-width: 1200px; }
    .conn { font-size: 0.85rem; padding: 2px 10px; border-radius: 999px; background: rgb(255 255 255 / 20%); }
    .conn.off { background: var(--pano-warn); }
    button {
      font: inherit; padding: 4px 12px; border-radius: var(--pano-radius); border: 1px solid #fff;
      background: transparent; color: #fff; cursor: pointer;
    }
    .error { color: var(--pano-red); }
  `;
}

declare global {
  interface HTMLElementTagNameMap {
    'ctl-app': CtlApp;
  }
}
