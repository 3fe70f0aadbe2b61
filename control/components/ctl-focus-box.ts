import { LitElement, css, html } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import { FocusBoxSchema, WHOLE_PICTURE, type FocusBox } from '../../server/protocol/media.js';
import { defineMessages, type Locale } from '../i18n.js';
import { sharedStyles } from './shared-styles.js';

const messages = defineMessages(
  {
    heading: 'Phần phải giữ khi cắt ảnh',
    hint: 'Kéo chuột (hoặc ngón tay) trên ảnh để vẽ khung; màn hình chỉ cắt ảnh bên ngoài khung này. Mặc định: giữ toàn bộ ảnh.',
    whole: 'Giữ toàn bộ ảnh',
    left: 'Trái (%)',
    top: 'Trên (%)',
    width: 'Rộng (%)',
    height: 'Cao (%)',
    outside: 'Khung phải nằm trong ảnh',
  },
  {
    heading: 'What must stay when the picture is cropped',
    hint: 'Drag over the picture to draw the box; screens crop only outside it. By default the whole picture stays.',
    whole: 'Keep the whole picture',
    left: 'Left (%)',
    top: 'Top (%)',
    width: 'Width (%)',
    height: 'Height (%)',
    outside: 'The box must lie inside the picture',
  },
);

/** A drag shorter than this (a fraction of the picture) is a click, not a box. */
const MIN_SIDE = 0.02;
const clamp = (v: number) => Math.min(1, Math.max(0, v));
/** Percent with at most one decimal, as the numeric fields show it. */
const pct = (v: number) => String(Math.round(v * 1000) / 10);

/**
 * The focus box editor: the picture upright as Chromium draws it (the same <img> the approver sees),
 * a rectangle the operator drags over it, and four numbers for those who cannot drag. Emits
 * `focus-change` with the box as fractions of the upright picture.
 */
@customElement('ctl-focus-box')
export class CtlFocusBox extends LitElement {
  @property({ attribute: false }) locale: Locale = 'vi';
  @property() src = '';
  @property({ attribute: false }) value: FocusBox = WHOLE_PICTURE;
  @query('.frame') private frame!: HTMLElement;
  private start: { x: number; y: number } | undefined;
  private invalid = false;

  private at(e: PointerEvent): { x: number; y: number } {
    const r = this.frame.getBoundingClientRect();
    return { x: clamp((e.clientX - r.left) / r.width), y: clamp((e.clientY - r.top) / r.height) };
  }

  private down(e: PointerEvent): void {
    e.preventDefault();
    this.frame.setPointerCapture(e.pointerId);
    this.start = this.at(e);
  }

  private move(e: PointerEvent): void {
    if (!this.start) return;
    const p = this.at(e);
    const box = { x: Math.min(this.start.x, p.x), y: Math.min(this.start.y, p.y), width: Math.abs(p.x - this.start.x), height: Math.abs(p.y - this.start.y) };
    if (box.width >= MIN_SIDE && box.height >= MIN_SIDE) this.set(box);
  }

  private up(): void {
    this.start = undefined;
  }

  private set(box: FocusBox): void {
    this.invalid = false;
    this.value = box;
    this.dispatchEvent(new CustomEvent<FocusBox>('focus-change', { detail: box, bubbles: true, composed: true }));
  }

  /** The numeric fallback: all four numbers, in percent, checked as the server checks them. */
  private typed(): void {
    const read = (name: string) => Number(this.renderRoot.querySelector<HTMLInputElement>(`input[name=${name}]`)!.value) / 100;
    const parsed = FocusBoxSchema.safeParse({ x: read('focus-x'), y: read('focus-y'), width: read('focus-width'), height: read('focus-height') });
    if (parsed.success) this.set(parsed.data);
    else {
      this.invalid = true;
      this.requestUpdate();
    }
  }

  override render() {
    const m = messages(this.locale);
    const f = this.value;
    const field = (name: string, label: string, v: number) =>
      html`<label>${label}<input name=${name} type="number" min="0" max="100" step="0.1" .value=${pct(v)} @change=${this.typed} /></label>`;
    return html`
      <fieldset>
        <legend>${m.heading}</legend>
        <p class="muted hint">${m.hint}</p>
        <div class="frame" data-testid="focus-editor" @pointerdown=${this.down} @pointermove=${this.move} @pointerup=${this.up} @pointercancel=${this.up}>
          <img src=${this.src} alt="" draggable="false" />
          <div class="box" style="left:${f.x * 100}%;top:${f.y * 100}%;width:${f.width * 100}%;height:${f.height * 100}%"></div>
        </div>
        <div class="numbers">
          ${field('focus-x', m.left, f.x)} ${field('focus-y', m.top, f.y)} ${field('focus-width', m.width, f.width)} ${field('focus-height', m.height, f.height)}
          <button type="button" @click=${() => this.set(WHOLE_PICTURE)}>${m.whole}</button>
        </div>
        ${this.invalid ? html`<p class="error" role="alert">${m.outside}</p>` : ''}
      </fieldset>
    `;
  }

  static override styles = [
    sharedStyles,
    css`
      fieldset { border: 1px solid var(--pano-line); border-radius: var(--pano-radius); display: grid; gap: 8px; min-width: 0; }
      .hint { margin: 0; font-size: 0.85rem; }
      .frame { position: relative; display: inline-block; justify-self: start; max-width: 100%; line-height: 0; cursor: crosshair; touch-action: none; user-select: none; overflow: hidden; }
      img { image-orientation: from-image; max-width: 100%; max-height: 360px; display: block; pointer-events: none; }
      .box { position: absolute; box-sizing: border-box; border: 3px solid var(--pano-red); box-shadow: 0 0 0 9999px rgb(0 0 0 / 0.3); pointer-events: none; }
      .numbers { display: flex; flex-wrap: wrap; gap: 8px; align-items: end; }
      .numbers input { width: 6em; }
    `,
  ];
}

declare global {
  interface HTMLElementTagNameMap {
    'ctl-focus-box': CtlFocusBox;
  }
}
