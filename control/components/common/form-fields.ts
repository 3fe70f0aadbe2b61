import { css, html } from 'lit';
import { messageFor, type FieldError } from '../../field-errors.js';

/**
 * A labelled text box with the server's (or the form's) message for it right beside it, matched
 * by the problem's path ("body.document.number"). Values are read back with FormData on submit.
 */
export function textField(opts: {
  label: string;
  name: string;
  value?: string;
  errors: readonly FieldError[];
  path: string;
  placeholder?: string;
  maxlength?: number;
  multiline?: boolean;
  size?: number;
}) {
  const error = messageFor(opts.errors, opts.path);
  return html`<label class=${error ? 'invalid' : ''}>
    ${opts.label}
    ${opts.multiline
      ? html`<textarea name=${opts.name} rows="3" maxlength=${opts.maxlength ?? 2000} aria-invalid=${error ? 'true' : 'false'} .value=${opts.value ?? ''}></textarea>`
      : html`<input name=${opts.name} placeholder=${opts.placeholder ?? ''} maxlength=${opts.maxlength ?? 500} size=${opts.size ?? 20}
          aria-invalid=${error ? 'true' : 'false'} .value=${opts.value ?? ''} />`}
    ${error ? html`<span class="field-error" data-field=${opts.name}>${error}</span>` : ''}
  </label>`;
}

/** A labelled choice among named values: people see names, never the values themselves. */
export function selectField<V extends string>(opts: {
  label: string;
  name: string;
  value?: V;
  options: readonly V[];
  names: Record<V, string>;
  errors: readonly FieldError[];
  path: string;
}) {
  const error = messageFor(opts.errors, opts.path);
  return html`<label class=${error ? 'invalid' : ''}>
    ${opts.label}
    <select name=${opts.name}>
      ${opts.options.map((o) => html`<option value=${o} ?selected=${o === opts.value}>${opts.names[o]}</option>`)}
    </select>
    ${error ? html`<span class="field-error" data-field=${opts.name}>${error}</span>` : ''}
  </label>`;
}

export const fieldStyles = css`
  /* Wider than the shared form: a plan's title is a long sentence. */
  form { max-width: 760px; }
  .row { display: flex; gap: 12px; flex-wrap: wrap; align-items: start; }
  label.invalid input, label.invalid textarea, label.invalid select { border-color: var(--pano-red); }
  .field-error { color: var(--pano-red); font-size: 0.85rem; }
`;
