import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { DisplayClock } from '../../server/protocol/messages.js';
import { defineMessages, formatInstant, type Locale } from '../i18n.js';
import { sharedStyles } from './shared-styles.js';

const messages = defineMessages(
  {
    roundTrip: 'khứ hồi {ms} ms',
    measured: 'đo lúc {at}',
    uncertain: 'Chưa chắc chắn',
    uncertainHelp: 'Lần đo đồng hồ gần nhất không đủ tin cậy (khứ hồi quá dài hoặc đã đo lâu): màn hình đang đo lại và có thể chuyển nội dung lệch với các màn hình khác.',
    outOfStep: 'Lệch nhịp với khu vực',
    ahead: 'nhanh {ms} ms',
    behind: 'chậm {ms} ms',
    outOfStepHelp: 'Máy chủ kiểm tra lúc {at}: đồng hồ màn hình {direction} (sai số đo ± {bound} ms), nên màn hình không chuyển nội dung cùng lúc với khu vực.',
  },
  {
    roundTrip: 'round trip {ms} ms',
    measured: 'measured {at}',
    uncertain: 'Uncertain',
    uncertainHelp: 'The last clock measurement cannot be trusted (round trip too long, or measured long ago): the screen is measuring again and may switch out of step with the others.',
    outOfStep: 'Out of step with its zone',
    ahead: '{ms} ms ahead',
    behind: '{ms} ms behind',
    outOfStepHelp: 'Checked by the server at {at}: the screen’s clock is {direction} (check accurate to ± {bound} ms), so it does not switch together with its zone.',
  },
);

/** A display's clock in the displays table: offset, round trip, when measured, and its flags. */
@customElement('ctl-display-clock')
export class CtlDisplayClock extends LitElement {
  @property({ attribute: false }) locale: Locale = 'vi';
  @property({ attribute: false }) clock: DisplayClock | null = null;

  override render() {
    const c = this.clock;
    if (!c) return html`—`;
    const m = messages(this.locale);
    const check = c.check;
    const direction = check ? (check.errorMs > 0 ? m.ahead : m.behind).replace('{ms}', String(Math.round(Math.abs(check.errorMs)))) : '';
    return html`
      <span class="offset">${signed(c.offsetMs)} ms</span>
      ${c.roundTripMs === null ? '' : html`<div class="muted small">${m.roundTrip.replace('{ms}', roundTrip(c.roundTripMs, this.locale))}</div>`}
      ${c.measuredAt ? html`<div class="muted small">${m.measured.replace('{at}', formatInstant(c.measuredAt))}</div>` : ''}
      ${c.outOfStep && check
        ? html`<div class="chip step" data-flag="out-of-step" title=${m.outOfStepHelp.replace('{at}', formatInstant(check.at)).replace('{direction}', direction).replace('{bound}', String(Math.ceil(check.boundMs)))}>
            ${m.outOfStep}: ${direction}
          </div>`
        : ''}
      ${c.uncertain ? html`<div class="chip unsure" data-flag="uncertain" title=${m.uncertainHelp}>${m.uncertain}</div>` : ''}
    `;
  }

  static override styles = [
    sharedStyles,
    css`
      .small { font-size: 0.8rem; }
      .chip { display: inline-block; margin-top: 2px; }
      .chip.unsure { background: #fff4d6; color: #7a5200; }
      .chip.step { background: #fdecea; color: var(--pano-red); }
    `,
  ];
}

function signed(ms: number): string {
  const r = Math.round(ms);
  return r > 0 ? `+${r}` : r < 0 ? `−${-r}` : '0';
}

/** Sub-millisecond round trips (a screen on the server's own machine) keep one decimal. */
function roundTrip(ms: number, locale: Locale): string {
  if (ms >= 10) return String(Math.round(ms));
  return locale === 'vi' ? ms.toFixed(1).replace('.', ',') : ms.toFixed(1);
}

declare global {
  interface HTMLElementTagNameMap {
    'ctl-display-clock': CtlDisplayClock;
  }
}
