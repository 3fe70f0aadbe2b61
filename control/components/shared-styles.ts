import { css } from 'lit';

/** Form, table and button styles every page shares; themed by the CSS custom properties in theme.css. */
export const sharedStyles = css`
  :host { display: block; }
  h2 { font-size: 1.1rem; margin: 24px 0 8px; }
  table { width: 100%; border-collapse: collapse; background: var(--pano-surface); border-radius: var(--pano-radius); }
  th, td { text-align: left; padding: 8px 12px; border-bottom: 1px solid var(--pano-line); vertical-align: top; }
  th { font-weight: 500; color: var(--pano-muted); font-size: 0.85rem; }
  form { display: grid; gap: 12px; max-width: 420px; background: var(--pano-surface); padding: 16px; border-radius: var(--pano-radius); }
  label { display: grid; gap: 4px; font-size: 0.9rem; color: var(--pano-muted); }
  input, select, textarea {
    font: inherit; color: var(--pano-ink); padding: 8px 10px; border: 1px solid var(--pano-line);
    border-radius: var(--pano-radius); background: #fff;
  }
  button {
    font: inherit; padding: 8px 14px; border-radius: var(--pano-radius); border: 1px solid var(--pano-line);
    background: #fff; color: var(--pano-ink); cursor: pointer;
  }
  button.primary { background: var(--pano-red); border-color: var(--pano-red); color: #fff; }
  button:disabled { opacity: 0.6; cursor: default; }
  .error { color: var(--pano-red); }
  .muted { color: var(--pano-muted); }
  .warning { color: var(--pano-warn); background: #fef7e0; padding: 8px 12px; border-radius: var(--pano-radius); }
  .chip { display: inline-block; font-size: 0.8rem; padding: 2px 8px; border-radius: 999px; background: var(--pano-ground); margin-right: 4px; white-space: nowrap; }
`;
