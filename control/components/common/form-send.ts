import { html, type TemplateResult } from 'lit';
import { problemOf, type FieldError } from '../../field-errors.js';
import './ctl-refusal.js';

/**
 * Sends an editing form's change. Done: the page is told ("changed", out of the shadow root) and
 * nothing is left to show; refused: the problem's field messages and message, to show beside
 * the fields and under them.
 */
export async function sendChange(host: HTMLElement, send: () => Promise<unknown>): Promise<{ errors: FieldError[]; message: string }> {
  try {
    await send();
    host.dispatchEvent(new CustomEvent('changed', { bubbles: true, composed: true }));
    return { errors: [], message: '' };
  } catch (err) {
    const p = problemOf(err);
    return { errors: p.fields, message: p.message };
  }
}

/** The foot of an editing form: what the server refused that no field shows, Save (submits) and Cancel. */
export function formFoot(opts: {
  message: string;
  reasons: readonly FieldError[];
  save: string;
  cancel: string;
  onCancel: () => void;
  busy?: boolean;
}): TemplateResult {
  return html`
    <ctl-refusal .message=${opts.message} .reasons=${opts.reasons}></ctl-refusal>
    <div>
      <button class="primary" type="submit" ?disabled=${opts.busy ?? false}>${opts.save}</button>
      <button type="button" @click=${opts.onCancel}>${opts.cancel}</button>
    </div>
  `;
}
