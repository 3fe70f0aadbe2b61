import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { MediaCacheStatus } from '../../server/protocol/media.js';
import { defineMessages, formatInstant, type Locale } from '../i18n.js';
import { sharedStyles } from './shared-styles.js';

const messages = defineMessages(
  {
    files: '{cached}/{needed} tệp',
    bytes: '{cached} / {needed}',
    none: 'Không cần ảnh, phim',
    missing: 'Còn thiếu {n} tệp: khi đến lượt, màn hình chuyển sang mục kế tiếp',
    lastError: 'Lỗi tải gần nhất ({at}): {text}',
    notReported: 'Chưa báo cáo',
  },
  {
    files: '{cached}/{needed} files',
    bytes: '{cached} / {needed}',
    none: 'Needs no pictures or clips',
    missing: '{n} files missing: their slots play the next item',
    lastError: 'Last fetch error ({at}): {text}',
    notReported: 'Not reported yet',
  },
);

/** A screen's cache of pictures and clips in the displays table: files and bytes held of those needed, its last fetch error. */
@customElement('ctl-display-media')
export class CtlDisplayMedia extends LitElement {
  @property({ attribute: false }) locale: Locale = 'vi';
  @property({ attribute: false }) media: MediaCacheStatus | undefined;

  override render() {
    const s = this.media;
    const m = messages(this.locale);
    if (!s) return html`<span class="muted small">${m.notReported}</span>`;
    const count = (n: number) => n.toLocaleString(this.locale === 'vi' ? 'vi-VN' : 'en-GB');
    return html`
      ${s.needed === 0
        ? html`<span class="muted small">${m.none}</span>`
        : html`<span data-media-files=${`${s.cached}/${s.needed}`}>${m.files.replace('{cached}', count(s.cached)).replace('{needed}', count(s.needed))}</span>
            <div class="muted small">${m.bytes.replace('{cached}', bytes(s.bytesCached, this.locale)).replace('{needed}', bytes(s.bytesNeeded, this.locale))}</div>`}
      ${s.cached < s.needed ? html`<div class="chip warn" data-media-missing=${s.needed - s.cached}>${m.missing.replace('{n}', count(s.needed - s.cached))}</div>` : ''}
      ${s.lastError
        ? html`<div class="muted small" data-media-error>${m.lastError.replace('{at}', s.lastErrorAt ? formatInstant(new Date(s.lastErrorAt).toISOString()) : '—').replace('{text}', s.lastError)}</div>`
        : ''}
    `;
  }

  static override styles = [
    sharedStyles,
    css`
      .small { font-size: 0.8rem; }
      .chip.warn { display: inline-block; margin-top: 2px; background: #fff4d6; color: #7a4b00; }
    `,
  ];
}

/** 1,5 GB in Vietnamese, 1.5 GB in English. */
function bytes(n: number, locale: Locale): string {
  const units = ['B', 'kB', 'MB', 'GB'];
  let v = n;
  let u = 0;
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000;
    u++;
  }
  return `${v.toLocaleString(locale === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: u === 0 ? 0 : 1 })} ${units[u]}`;
}

declare global {
  interface HTMLElementTagNameMap {
    'ctl-display-media': CtlDisplayMedia;
  }
}
