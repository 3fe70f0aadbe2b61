import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { Preview } from '../../server/protocol/schedule.js';
import type { TemplateId } from '../../server/protocol/timeline.js';
import type { SlideFields } from '../../display/render/index.js';
import { defineMessages, formatInstant, type Locale } from '../i18n.js';
import { formatMs } from '../time.js';
import './ctl-slide-preview.js';

type ZonePreview = Preview['zones'][number];

const messages = defineMessages(
  {
    nothing: 'Không có nội dung vào lúc này',
    rehearsal: 'TỔNG DUYỆT — đang phát như lúc',
    end: 'Kết thúc tổng duyệt',
    items: 'nội dung trong vòng quay',
    phase: 'Theo đợt',
    schedule: 'Lịch phát',
    takeover: 'Chiếm màn hình',
    mourning: 'Quốc tang',
    fallback: 'Dự phòng',
  },
  {
    nothing: 'Nothing plays at this moment',
    rehearsal: 'REHEARSAL — playing as of',
    end: 'End rehearsal',
    items: 'items in rotation',
    phase: 'By phase',
    schedule: 'Schedule',
    takeover: 'Takeover',
    mourning: 'Mourning',
    fallback: 'Fallback',
  },
);

/** Screen sizes by zone kind, in device pixels: what a typical screen of that place draws. */
const SCREEN_SIZE: Record<ZonePreview['zoneKind'], { width: number; height: number }> = {
  gate: { width: 1536, height: 192 },
  lobby: { width: 1920, height: 1080 },
  hall: { width: 1920, height: 1080 },
  web: { width: 1280, height: 720 },
  other: { width: 1920, height: 1080 },
};

/** The fields a screen would pass the renderer at `at`: the interval's, the entry's caption, the local date and clock. */
function slideFields(z: ZonePreview, at: string): SlideFields {
  const caption = z.entry?.caption ?? z.fields?.caption;
  const [date, clock] = formatInstant(at).split(' ');
  const media = z.entry?.media;
  return { ...z.fields, ...(caption ? { caption } : {}), ...(media ? { media } : {}), date: date!, clock: clock! };
}

/**
 * What every zone shows at the scrubber's moment, one thumbnail per zone drawn by display/render.
 * A rehearsing zone is marked and, for operators, can be ended from here (`end-rehearsal`).
 */
@customElement('ctl-preview-grid')
export class CtlPreviewGrid extends LitElement {
  @property({ attribute: false }) locale: Locale = 'vi';
  @property({ attribute: false }) preview: Preview | undefined;
  @property({ type: Boolean }) canEdit = false;

  private endRehearsal(zoneId: string): void {
    this.dispatchEvent(new CustomEvent<string>('end-rehearsal', { detail: zoneId, bubbles: true, composed: true }));
  }

  private card(z: ZonePreview, at: string) {
    const m = messages(this.locale);
    const size = SCREEN_SIZE[z.zoneKind];
    const kind = z.intervalKind && z.intervalKind !== 'rehearsal' ? m[z.intervalKind] : '';
    const caption = z.entry?.caption ?? z.fields?.caption ?? '';
    return html`
      <figure data-zone=${z.zoneId} data-caption=${caption} class=${z.rehearsalAsOf ? 'rehearsing' : ''}>
        <figcaption>
          <strong>${z.zoneName}</strong>
          ${caption ? html`<span>${caption}</span>` : ''}
          ${kind ? html`<span class="chip">${kind}</span>` : ''}
          ${z.playlistLength ? html`<span class="muted">${z.playlistLength} ${m.items}</span>` : ''}
        </figcaption>
        ${z.rehearsalAsOf
          ? html`<div class="rehearsal" role="status" data-testid="rehearsal-${z.zoneId}">
              ${m.rehearsal} ${formatMs(Date.parse(z.rehearsalAsOf))}
              ${this.canEdit ? html`<button @click=${() => this.endRehearsal(z.zoneId)}>${m.end}</button>` : ''}
            </div>`
          : ''}
        ${z.entry && z.template
          ? html`<ctl-slide-preview
              .template=${z.template as TemplateId}
              .text=${z.entry.text}
              .fields=${slideFields(z, at)}
              .width=${size.width}
              .height=${size.height}
              .label=${`${z.zoneName}: ${z.entry.text}`}
            ></ctl-slide-preview>`
          : html`<div class="empty" style="aspect-ratio:${size.width}/${size.height}">${m.nothing}</div>`}
      </figure>
    `;
  }

  override render() {
    if (!this.preview) return html``;
    const at = this.preview.at;
    return html`<div class="grid">${this.preview.zones.map((z) => this.card(z, at))}</div>`;
  }

  static override styles = css`
    :host { display: block; }
    .grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(280px, 1fr)); gap: 12px; }
    figure { margin: 0; background: var(--pano-surface); border-radius: var(--pano-radius); padding: 10px; display: grid; gap: 8px; align-content: start; border: 2px solid transparent; }
    figure.rehearsing { border-color: #7b1fa2; }
    figcaption { display: flex; gap: 8px; align-items: baseline; flex-wrap: wrap; font-size: 0.9rem; }
    .chip { font-size: 0.75rem; padding: 1px 8px; border-radius: 999px; background: var(--pano-ground); }
    .muted { color: var(--pano-muted); font-size: 0.8rem; }
    .rehearsal { background: #7b1fa2; color: #fff; font-weight: 700; font-size: 0.85rem; padding: 6px 8px; border-radius: 4px; display: flex; gap: 8px; align-items: center; flex-wrap: wrap; }
    .rehearsal button { font: inherit; font-weight: 500; padding: 2px 10px; border-radius: 4px; border: 1px solid #fff; background: transparent; color: #fff; cursor: pointer; }
    .empty { display: grid; place-items: center; background: var(--pano-ground); color: var(--pano-muted); font-size: 0.85rem; border-radius: 4px; }
  `;
}

declare global {
  interface HTMLElementTagNameMap {
    'ctl-preview-grid': CtlPreviewGrid;
  }
}
