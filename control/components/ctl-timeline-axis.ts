import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { EventView } from '../../server/protocol/schedule.js';
import type { IntervalKind, TimelineInterval } from '../../server/protocol/timeline.js';
import type { PhaseSpan } from '../plan-axis.js';
import { countOf, defineMessages, type Locale } from '../i18n.js';
import { barOf, DAY_MS, dayTicks, formatMs, localToMs, msAt, xOf, type AxisScale } from '../time.js';

export interface ZoneLane {
  zoneId: string;
  name: string;
  intervals: TimelineInterval[];
}

const messages = defineMessages(
  {
    events: 'Sự kiện',
    phases: 'Đợt',
    scrubber: 'Thời điểm xem trước',
    phase: 'Đợt',
    schedule: 'Lịch phát',
    takeover: 'Chiếm màn hình',
    mourning: 'Quốc tang',
    rehearsal: 'Tổng duyệt',
    fallback: 'Dự phòng',
    items: 'nội dung',
    item: 'nội dung',
  } satisfies Record<IntervalKind | string, string>,
  {
    events: 'Events',
    phases: 'Phases',
    scrubber: 'Preview moment',
    phase: 'Phase',
    schedule: 'Schedule',
    takeover: 'Takeover',
    mourning: 'Mourning',
    rehearsal: 'Rehearsal',
    fallback: 'Fallback',
    items: 'items',
    item: 'item',
  },
);

/** The keyboard steps of the scrubber: an hour, a day. */
const STEP = { small: 3_600_000, large: DAY_MS };

/**
 * One time axis: events, phases and every zone's compiled intervals as bars, and a scrubber
 * (drag, click, or the arrow keys: ±1 h, Shift ±1 day) that emits `scrub` with the instant.
 * Positions are percentages, so the axis fits any width without measuring itself.
 */
@customElement('ctl-timeline-axis')
export class CtlTimelineAxis extends LitElement {
  @property({ attribute: false }) locale: Locale = 'vi';
  @property({ type: Number }) fromMs = 0;
  @property({ type: Number }) toMs = DAY_MS;
  @property({ type: Number }) at = 0;
  @property({ attribute: false }) events: EventView[] = [];
  @property({ attribute: false }) phases: PhaseSpan[] = [];
  @property({ attribute: false }) lanes: ZoneLane[] = [];

  private get scale(): AxisScale {
    return { fromMs: this.fromMs, toMs: this.toMs, width: 100 };
  }

  private emit(ms: number): void {
    const clamped = Math.min(this.toMs, Math.max(this.fromMs, ms));
    this.dispatchEvent(new CustomEvent<number>('scrub', { detail: clamped, bubbles: true, composed: true }));
  }

  private pointerToMs(ev: PointerEvent): number {
    const rect = this.renderRoot.querySelector('.axis')!.getBoundingClientRect();
    return msAt({ ...this.scale, width: rect.width }, ev.clientX - rect.left);
  }

  /** Bars stay hoverable for their titles, so the whole element listens and the axis only measures. */
  private onPointerDown(ev: PointerEvent): void {
    const rect = this.renderRoot.querySelector('.axis')!.getBoundingClientRect();
    if (ev.clientX < rect.left) return;
    (ev.currentTarget as HTMLElement).setPointerCapture(ev.pointerId);
    this.emit(this.pointerToMs(ev));
  }

  private onPointerMove(ev: PointerEvent): void {
    if ((ev.currentTarget as HTMLElement).hasPointerCapture(ev.pointerId)) this.emit(this.pointerToMs(ev));
  }

  private onKey(ev: KeyboardEvent): void {
    const step = ev.shiftKey ? STEP.large : STEP.small;
    const next: Record<string, number> = {
      ArrowLeft: this.at - step,
      ArrowRight: this.at + step,
      ArrowDown: this.at - step,
      ArrowUp: this.at + step,
      PageDown: this.at - STEP.large,
      PageUp: this.at + STEP.large,
      Home: this.fromMs,
      End: this.toMs,
    };
    if (!(ev.key in next)) return;
    ev.preventDefault();
    this.emit(next[ev.key]!);
  }

  private bar(startMs: number, endMs: number, label: string, title: string, cls: string) {
    const b = barOf(this.scale, startMs, endMs);
    if (!b) return nothing;
    return html`<div class="bar ${cls}" style="left:${b.x}%;width:${b.w}%" title=${title}><span>${label}</span></div>`;
  }

  private lane(name: string, bars: unknown, attrs: { zone?: string } = {}) {
    return html`<div class="lane" data-lane=${attrs.zone ?? name}><div class="name">${name}</div><div class="track">${bars}</div></div>`;
  }

  override render() {
    const m = messages(this.locale);
    const ticks = dayTicks(this.scale);
    const atX = xOf(this.scale, this.at);
    return html`
      <div class="wrap" @pointerdown=${this.onPointerDown} @pointermove=${this.onPointerMove}>
      <div class="axis">
        <div class="ticks">
          ${ticks.map((t) => html`<span class="tick" style="left:${xOf(this.scale, t)}%">${formatMs(t).slice(0, 5)}</span>`)}
        </div>
        ${ticks.map((t) => html`<div class="gridline" style="left:${xOf(this.scale, t)}%"></div>`)}
        <div class="scrubber" style="left:${atX}%" role="slider" tabindex="0" data-testid="scrubber"
          aria-label=${m.scrubber} aria-valuemin=${this.fromMs} aria-valuemax=${this.toMs} aria-valuenow=${this.at}
          aria-valuetext=${formatMs(this.at)} @keydown=${this.onKey}><span>${formatMs(this.at)}</span></div>
      </div>
      ${this.lane(m.events, this.events.map((e) => this.bar(localToMs(e.opens), localToMs(e.closes), e.name, e.name, 'event')))}
      ${this.lane(m.phases, this.phases.map((p) => this.bar(p.startMs, p.endMs ?? this.toMs, p.label, p.label, 'phase')))}
      ${this.lanes.map((l) =>
        this.lane(
          l.name,
          l.intervals.map((i) => {
            const kind = i.kind ?? 'schedule';
            // Phase intervals carry the phase on each entry ("II.1 Đợt 2"), not on the interval.
            const label = i.fields?.caption ?? i.playlist[0]?.caption ?? m[kind];
            const title = `${m[kind]} · ${label} · ${formatMs(Date.parse(i.start))} – ${formatMs(Date.parse(i.end))} · ${countOf(i.playlist.length, this.locale, { one: m.item, other: m.items })}`;
            return this.bar(Date.parse(i.start), Date.parse(i.end), label, title, `kind-${kind}`);
          }),
          { zone: l.zoneId },
        ),
      )}
      </div>
    `;
  }

  static override styles = css`
    :host { display: block; position: relative; background: var(--pano-surface); border-radius: var(--pano-radius); padding: 8px 12px 12px; user-select: none; }
    .wrap { position: relative; padding-top: 26px; cursor: ew-resize; touch-action: none; }
    .axis { position: absolute; left: 130px; right: 0; top: 0; bottom: 0; pointer-events: none; }
    .ticks { position: relative; height: 24px; }
    .tick { position: absolute; top: 6px; font-size: 0.75rem; color: var(--pano-muted); transform: translateX(-50%); white-space: nowrap; }
    .gridline { position: absolute; top: 24px; bottom: 8px; width: 0; border-left: 1px dashed var(--pano-line); pointer-events: none; }
    .scrubber { pointer-events: auto; position: absolute; top: 18px; bottom: 4px; width: 0; border-left: 2px solid var(--pano-red); z-index: 3; outline: none; }
    .scrubber span { position: absolute; bottom: -2px; left: 4px; font-size: 0.72rem; background: var(--pano-red); color: #fff; padding: 1px 5px; border-radius: 4px; white-space: nowrap; }
    .scrubber::before { content: ''; position: absolute; top: -6px; left: -7px; border: 6px solid transparent; border-top-color: var(--pano-red); }
    .scrubber:focus-visible { box-shadow: 0 0 0 3px rgb(218 37 29 / 35%); }
    .lane { display: grid; grid-template-columns: 130px 1fr; align-items: center; min-height: 30px; position: relative; }
    .name { font-size: 0.85rem; font-weight: 500; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; padding-right: 8px; }
    .track { position: relative; height: 24px; border-bottom: 1px solid var(--pano-ground); pointer-events: none; }
    .bar { position: absolute; top: 2px; bottom: 2px; border-radius: 3px; overflow: hidden; font-size: 0.72rem; line-height: 20px; color: #fff; box-shadow: inset -1px 0 0 rgb(255 255 255 / 60%); }
    .bar span { padding: 0 4px; white-space: nowrap; }
    .event { background: #3c4b64; }
    .phase, .kind-phase { background: #b3261e; }
    .kind-schedule { background: #1a73e8; }
    .kind-takeover { background: #e37400; }
    .kind-mourning { background: #202124; }
    .kind-rehearsal { background: repeating-linear-gradient(45deg, #7b1fa2 0 8px, #9c27b0 8px 16px); }
    .kind-fallback { background: #80868b; }
  `;
}

declare global {
  interface HTMLElementTagNameMap {
    'ctl-timeline-axis': CtlTimelineAxis;
  }
}
