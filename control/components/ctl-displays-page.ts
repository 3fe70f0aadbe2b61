import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { User } from '../../server/protocol/auth.js';
import type { DisplayStatus } from '../../server/protocol/messages.js';
import type { CaptureResult } from '../../server/protocol/displays.js';
import { live } from '../data/live.js';
import { captureDisplay, commandDisplay, listZones, proofReportCsvUrl, revokeDisplay, type ZoneOption } from '../data/displays.js';
import { describeProblem } from '../data/http.js';
import { defineMessages, displayRoleNames, formatInstant, storedLocale, type Locale } from '../i18n.js';
import { sharedStyles } from './shared-styles.js';
import './ctl-display-pair-form.js';
import './ctl-display-thumbnail.js';
import './ctl-display-clock.js';
import './ctl-display-media.js';

const messages = defineMessages(
  {
    heading: 'Màn hình',
    name: 'Tên',
    zone: 'Khu vực',
    state: 'Trạng thái',
    online: 'Trực tuyến',
    offline: 'Mất kết nối',
    lastSeen: 'Lần cuối',
    app: 'Phiên bản',
    clock: 'Lệch đồng hồ',
    timeline: 'Lịch phát',
    latency: 'Độ trễ áp dụng',
    media: 'Ảnh và phim',
    showing: 'Đang chiếu',
    actions: 'Thao tác',
    none: 'Chưa có màn hình nào được ghép nối.',
    applied: 'đã áp dụng',
    pending: 'đang chờ',
    identify: 'Nhận diện',
    reload: 'Tải lại',
    revoke: 'Thu hồi',
    confirmRevoke: 'Thu hồi màn hình "{name}"? Màn hình sẽ quay về màn hình ghép nối.',
    notDelivered: 'Màn hình đang mất kết nối, lệnh không được gửi.',
    report: 'Tải báo cáo phát 30 ngày qua (CSV)',
    refused: 'Đã gửi {n} lượt phát không hợp lệ',
    horizon: 'Lịch đến {at}',
    capture: 'Chụp màn hình',
    captured: 'Ảnh chụp thật từ màn hình lúc {at}',
    pastHorizon: 'Đã hết lịch đã gửi: màn hình đang phát khẩu hiệu thường trực',
    refusedHint: 'Lượt phát cho nội dung chưa từng được gửi tới màn hình này, trước khi ghép nối, ở tương lai hoặc trùng giờ: không được tính vào báo cáo. Lần cuối: {at}.',
  },
  {
    heading: 'Displays',
    name: 'Name',
    zone: 'Zone',
    state: 'State',
    online: 'Online',
    offline: 'Offline',
    lastSeen: 'Last seen',
    app: 'Version',
    clock: 'Clock offset',
    timeline: 'Timeline',
    latency: 'Apply latency',
    media: 'Pictures and clips',
    showing: 'Now showing',
    actions: 'Actions',
    none: 'No display is paired yet.',
    applied: 'applied',
    pending: 'pending',
    identify: 'Identify',
    reload: 'Reload',
    revoke: 'Revoke',
    confirmRevoke: 'Revoke display "{name}"? It goes back to the pairing screen.',
    notDelivered: 'The display is offline; the command was not sent.',
    report: 'Download the last 30 days’ proof of play (CSV)',
    refused: 'Sent {n} refused plays',
    horizon: 'Timeline until {at}',
    capture: 'Capture screen',
    captured: 'Real capture from the screen at {at}',
    pastHorizon: 'Past the timeline it was sent: the screen plays evergreen slogans',
    refusedHint: 'Plays of content never sent to this display, from before its pairing, in the future or overlapping: not counted in the report. Last: {at}.',
  },
);

const REPORT_DAYS = 30;

/** Paired displays with live status and a thumbnail of what each shows; pairing, identify, reload, revoke. */
@customElement('ctl-displays-page')
export class CtlDisplaysPage extends LitElement {
  @property({ attribute: false }) locale: Locale = 'vi';
  @property({ attribute: false }) me!: User;
  @state() private _displays: DisplayStatus[] = [];
  @state() private _zones: ZoneOption[] = [];
  @state() private _error: string | undefined;
  /** The latest capture of each display, shown beside what the server believes it shows. */
  @state() private _captures: Record<string, CaptureResult> = {};
  private unsubscribe: (() => void) | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    this.unsubscribe = live.subscribeDisplays((d) => (this._displays = d));
    listZones().then(
      (zones) => (this._zones = zones),
      (err: unknown) => (this._error = describe(err)),
    );
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.unsubscribe?.();
  }

  private get canOperate(): boolean {
    return this.me.roles.some((r) => r === 'operator' || r === 'admin');
  }

  private async run(action: () => Promise<unknown>): Promise<void> {
    this._error = undefined;
    try {
      await action();
    } catch (err) {
      this._error = describe(err);
    }
  }

  private command(d: DisplayStatus, command: 'identify' | 'reload') {
    void this.run(async () => {
      if (!(await commandDisplay(d.id, command))) this._error = messages(this.locale).notDelivered;
    });
  }

  private capture(d: DisplayStatus) {
    void this.run(async () => {
      const shot = await captureDisplay(d.id);
      this._captures = { ...this._captures, [d.id]: shot };
    });
  }

  private revoke(d: DisplayStatus) {
    if (!confirm(messages(this.locale).confirmRevoke.replace('{name}', d.name))) return;
    void this.run(() => revokeDisplay(d.id));
  }

  override render() {
    const m = messages(this.locale);
    const zoneName = (id: string) => this._zones.find((z) => z.id === id)?.name ?? id;
    const to = new Date();
    const from = new Date(to.getTime() - REPORT_DAYS * 24 * 60 * 60 * 1000);
    return html`
      <h2>${m.heading} (${this._displays.length})</h2>
      ${this.canOperate ? html`<ctl-display-pair-form .locale=${this.locale} .zones=${this._zones}></ctl-display-pair-form>` : ''}
      ${this._error ? html`<p class="error" role="alert">${this._error}</p>` : ''}
      ${this._displays.length === 0
        ? html`<p class="muted">${m.none}</p>`
        : html`
            <table>
              <thead>
                <tr>
                  <th>${m.name}</th><th>${m.zone}</th><th>${m.state}</th><th>${m.app}</th><th>${m.clock}</th>
                  <th>${m.timeline}</th><th>${m.media}</th><th>${m.latency}</th><th>${m.showing}</th>${this.canOperate ? html`<th>${m.actions}</th>` : ''}
                </tr>
              </thead>
              <tbody>
                ${this._displays.map(
                  (d) => html`
                    <tr data-display=${d.id} data-online=${String(d.online)}>
                      <td>${d.name}</td>
                      <td>${zoneName(d.zoneId)}${d.role ? html` <span class="chip">${displayRoleNames(this.locale)[d.role]}</span>` : ''}</td>
                      <td>
                        <span class="chip ${d.online ? 'on' : 'off'}">${d.online ? m.online : m.offline}</span>
                        <div class="muted small">${m.lastSeen}: ${d.lastSeenAt ? formatInstant(d.lastSeenAt) : '—'}</div>
                        ${d.refusedPlays > 0
                          ? html`<div class="chip warn" data-refused=${d.refusedPlays} title=${m.refusedHint.replace('{at}', d.lastRefusedAt ? formatInstant(d.lastRefusedAt) : '—')}>
                              ${m.refused.replace('{n}', d.refusedPlays.toLocaleString(this.locale === 'vi' ? 'vi-VN' : 'en-GB'))}
                            </div>`
                          : ''}
                      </td>
                      <td>${d.app ?? '—'}${d.screen ? html`<div class="muted small">${d.screen.width} × ${d.screen.height}</div>` : ''}</td>
                      <td><ctl-display-clock .locale=${this.locale} .clock=${d.clock}></ctl-display-clock></td>
                      <td>
                        <code>${d.ackedVersion ?? '—'}</code>
                        ${d.online ? html`<div class="muted small">${d.ackedVersion === d.timelineVersion ? m.applied : m.pending}</div>` : ''}
                        ${d.horizonEnd
                          ? Date.parse(d.horizonEnd) <= to.getTime()
                            ? html`<div class="chip warn" data-past-horizon>${m.pastHorizon}</div>`
                            : html`<div class="muted small">${m.horizon.replace('{at}', formatInstant(d.horizonEnd))}</div>`
                          : ''}
                      </td>
                      <td><ctl-display-media .locale=${this.locale} .media=${d.media}></ctl-display-media></td>
                      <td>${d.ackLatencyMs === null ? '—' : `${d.ackLatencyMs} ms`}</td>
                      <td><div class="showing">
                        <ctl-display-thumbnail .showing=${d.showing} .screen=${d.screen}></ctl-display-thumbnail>
                        ${this._captures[d.id]
                          ? html`<figure>
                              <img
                                src=${`data:image/jpeg;base64,${this._captures[d.id]!.jpegBase64}`}
                                width=${this._captures[d.id]!.width}
                                height=${this._captures[d.id]!.height}
                                alt=${m.captured.replace('{at}', formatInstant(this._captures[d.id]!.capturedAt))}
                              />
                              <figcaption class="muted small">${m.captured.replace('{at}', formatInstant(this._captures[d.id]!.capturedAt))}</figcaption>
                            </figure>`
                          : ''}
                      </div></td>
                      ${this.canOperate
                        ? html`<td class="actions">
                            <button @click=${() => this.command(d, 'identify')}>${m.identify}</button>
                            <button ?disabled=${!d.online} @click=${() => this.capture(d)}>${m.capture}</button>
                            <button @click=${() => this.command(d, 'reload')}>${m.reload}</button>
                            <button class="danger" @click=${() => this.revoke(d)}>${m.revoke}</button>
                          </td>`
                        : ''}
                    </tr>
                  `,
                )}
              </tbody>
            </table>
          `}
      <p><a href=${proofReportCsvUrl(from, to, this.locale)} download>${m.report}</a></p>
    `;
  }

  static override styles = [
    sharedStyles,
    css`
      .small { font-size: 0.8rem; }
      .chip.on { background: #e3f4e8; color: #13652f; }
      .chip.off { background: #fdecea; color: var(--pano-red); }
      .chip.warn { display: inline-block; margin-top: 4px; background: #fff4d6; color: #7a4b00; cursor: help; }
      .actions { white-space: nowrap; }
      div.showing { display: flex; gap: 8px; align-items: flex-start; }
      figure { margin: 0; }
      figure img { display: block; width: 240px; height: auto; border: 1px solid #ccc; }
      .actions button { padding: 4px 8px; margin: 0 2px 2px 0; }
      button.danger { color: var(--pano-red); }
    `,
  ];
}

function describe(err: unknown): string {
  return describeProblem(err, storedLocale());
}

declare global {
  interface HTMLElementTagNameMap {
    'ctl-displays-page': CtlDisplaysPage;
  }
}
