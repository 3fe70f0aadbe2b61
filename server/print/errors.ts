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
  /** The disk filled while the job wrote its files. */
  | 'disk-full'
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

/** Why a job stopped when its files or its progress could not be written for lack of space. */
export const diskFullError = (cause?: unknown): PrintError =>
  new PrintError(
    'disk-full',
    'Ổ đĩa đầy: bản in dừng lại và các tệp đã dựng của lệnh này đã được xóa; hãy giải phóng dung lượng rồi tạo lại lệnh in',
    'disk full: the print stopped and the files it had written were removed; free some space and create the job again',
    { cause },
  );

/** ENOSPC (or a quota) anywhere in an error's chain of causes, or SQLITE_FULL. */
export function causedByFullDisk(err: unknown): boolean {
  for (let e = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (code === 'ENOSPC' || code === 'EDQUOT' || code === 'SQLITE_FULL' || code === 'disk-full') return true;
  }
  return false;
}
