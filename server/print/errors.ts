/** Why a print was refused or failed; `vi` is shown to the operator, `en` follows it. */
export type PrintErrorCode =
  /** The requested size or resolution is impossible or unsupported: the caller's input is wrong. */
  | 'invalid-size'
  | 'unknown-slogan'
  /** A backdrop's event is not in the register, or is not a congress. */
  | 'unknown-event'
  | 'not-congress'
  /** A panel's photo is not uploaded, or its file is gone or altered. */
  | 'unknown-photo'
  | 'not-approved'
  | 'unwritable'
  | 'render-failed'
  /** CMYK output needs Ghostscript, which is not installed. */
  | 'ghostscript-missing'
  | 'cancelled';

export class PrintError extends Error {
  constructor(
    readonly code: PrintErrorCode,
    readonly vi: string,
    readonly en: string,
    options?: { cause?: unknown; field?: (string | number)[] },
  ) {
    super(`${vi} (${en})`, options);
    this.name = 'PrintError';
    this.field = options?.field;
  }

  /** The request field at fault (e.g. ['photoIds', 2]), for a problem+json error path. */
  readonly field: (string | number)[] | undefined;
}
