/** Why a print was refused or failed; `vi` is shown to the operator, `en` follows it. */
export type PrintErrorCode =
  /** The requested size or resolution is impossible or unsupported: the caller's input is wrong. */
  | 'invalid-size'
  | 'unknown-slogan'
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
    options?: { cause?: unknown },
  ) {
    super(`${vi} (${en})`, options);
    this.name = 'PrintError';
  }
}
