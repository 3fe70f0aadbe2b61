import { LitElement, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { Slogan } from '../../server/protocol/api.js';
import type { User } from '../../server/protocol/auth.js';
import type { EventView, RehearsalView, TakeoverView } from '../../server/protocol/schedule.js';
import { fetchApprovedSlogans, fetchEvents, fetchMourning, fetchRehearsals, fetchTakeovers, fetchZones, type Mourning, type Zone } from '../data/schedule.js';
import { defineMessages, type Locale } from '../i18n.js';
import { msToLocal } from '../time.js';
import { sharedStyles } from './shared-styles.js';
import './ctl-override-takeover.js';
import './ctl-override-rehearsal.js';
import './ctl-override-mourning.js';
import { ContentReloadController } from '../controllers/content-reload.js';

const messages = defineMessages({ loading: 'Đang tải…', failed: 'Không tải được dữ liệu' }, { loading: 'Loading…', failed: 'Could not load data' });

interface Data {
  zones: Zone[];
  slogans: Slogan[];
  takeovers: TakeoverView[];
  rehearsals: RehearsalView[];
  mourning: Mourning;
  events: EventView[];
}

/** Quick controls: takeover and rehearsal (operators), national mourning (admin). Reloads after any change. */
@customElement('ctl-override-page')
export class CtlOverridePage extends LitElement {
  @property({ attribute: false }) locale: Locale = 'vi';
  @property({ attribute: false }) me!: User;
  @state() private _data: Data | undefined;
  @state() private _error: string | undefined;

  constructor() {
    super();
    new ContentReloadController(this, () => this.load());
  }

  private async load(): Promise<void> {
    try {
      const [zones, slogans, takeovers, rehearsals, mourning, events] = await Promise.all([
        fetchZones(), fetchApprovedSlogans(), fetchTakeovers(), fetchRehearsals(), fetchMourning(), fetchEvents(),
      ]);
      this._data = { zones, slogans, takeovers, rehearsals, mourning, events };
      this._error = undefined;
    } catch (err) {
      this._error = (err as Error).message;
    }
  }

  /** The next congress opening from now, the usual moment a hall rehearses as of. */
  private suggestedAsOf(events: EventView[]): string {
    const now = msToLocal(Date.now());
    return events.filter((e) => e.kind === 'congress' && e.opens > now).sort((a, b) => a.opens.localeCompare(b.opens))[0]?.opens ?? '';
  }

  override render() {
    const m = messages(this.locale);
    const d = this._data;
    if (!d) return html`${this._error ? html`<p class="error" role="alert">${m.failed}: ${this._error}</p>` : html`<p>${m.loading}</p>`}`;
    return html`
      ${this._error ? html`<p class="error" role="alert">${m.failed}: ${this._error}</p>` : ''}
      <div @changed=${() => void this.load()}>
        ${this.me.roles.includes('admin') ? html`<ctl-override-mourning .locale=${this.locale} .mourning=${d.mourning} .slogans=${d.slogans}></ctl-override-mourning>` : ''}
        <ctl-override-rehearsal .locale=${this.locale} .zones=${d.zones} .rehearsals=${d.rehearsals} .suggestedAsOf=${this.suggestedAsOf(d.events)}></ctl-override-rehearsal>
        <ctl-override-takeover .locale=${this.locale} .zones=${d.zones} .slogans=${d.slogans} .takeovers=${d.takeovers}></ctl-override-takeover>
      </div>
    `;
  }

  static override styles = [sharedStyles];
}

declare global {
  interface HTMLElementTagNameMap {
    'ctl-override-page': CtlOverridePage;
  }
}
