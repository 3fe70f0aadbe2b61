/**
 * Free space on DATA_DIR's disk. Below the reserve, /healthz reports it and requests that add
 * data are refused with 507 before SQLite or a file write meets the full disk (a full disk gave
 * generic 500s while health said "ok"). A write that did meet ENOSPC or SQLITE_FULL counts as
 * full until the disk shows more room than it had then.
 */
import { statfsSync } from 'node:fs';
import type { RequestHandler } from 'express';
import { HttpProblem, sendProblem } from './problem.js';

export interface DiskState {
  ok: boolean;
  freeBytes: number;
  /** Why not ok, Vietnamese and English. */
  reason?: { vi: string; en: string };
}

const MB = 1024 * 1024;
/** Room freed after a failed write before writes are allowed again. */
const RECOVERY_BYTES = MB;

export class DiskSpace {
  private freeAtFailure: number | undefined;

  constructor(
    readonly dir: string,
    readonly reserveBytes: number,
  ) {}

  /** One statfs call: cheap enough for every write request and health check. */
  freeBytes(): number {
    const s = statfsSync(this.dir);
    return s.bavail * s.bsize;
  }

  state(): DiskState {
    const freeBytes = this.freeBytes();
    if (this.freeAtFailure !== undefined && freeBytes >= this.freeAtFailure + RECOVERY_BYTES) this.freeAtFailure = undefined;
    if (freeBytes >= this.reserveBytes && this.freeAtFailure === undefined) return { ok: true, freeBytes };
    const free = megabytes(freeBytes);
    const reserve = megabytes(this.reserveBytes);
    return {
      ok: false,
      freeBytes,
      reason: {
        vi: `Ổ đĩa chứa dữ liệu gần đầy: còn ${free} MB trống (cần tối thiểu ${reserve} MB).`,
        en: `The data disk is nearly full: ${free} MB free (at least ${reserve} MB needed).`,
      },
    };
  }

  /** A write failed for lack of space. */
  noteFull(): void {
    this.freeAtFailure = this.freeBytes();
  }
}

const megabytes = (bytes: number) => (bytes / MB).toLocaleString('vi-VN', { maximumFractionDigits: 1 });

/** Whether an error means the disk is full: ENOSPC from a file write, SQLITE_FULL from the database. */
export function isDiskFull(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === 'ENOSPC' || code === 'EDQUOT' || code === 'SQLITE_FULL';
}

export function diskFullProblem(state?: DiskState): HttpProblem {
  const why = state?.reason ?? { vi: 'Ổ đĩa chứa dữ liệu đã đầy.', en: 'The data disk is full.' };
  return new HttpProblem(
    507,
    'Ổ đĩa đầy, chưa lưu được (disk full)',
    `${why.vi} Thay đổi này chưa được lưu. Hãy xóa bớt tệp in cũ hoặc báo quản trị viên giải phóng dung lượng, rồi thử lại. ` +
      `(${why.en} This change was not saved. Delete old print files or ask the administrator to free space, then try again.)`,
  );
}

/**
 * Refuses requests that add data while the disk is below its reserve. Deleting (which frees
 * space), signing in and out, and cancelling a print job still pass: they are how space is freed.
 */
export function diskGuard(disk: DiskSpace): RequestHandler {
  return (req, res, next) => {
    if (req.method !== 'POST' && req.method !== 'PUT' && req.method !== 'PATCH') return next();
    if (req.path.startsWith('/api/auth/') || req.path.endsWith('/cancel')) return next();
    const state = disk.state();
    if (state.ok) return next();
    sendProblem(res, diskFullProblem(state), req.originalUrl);
  };
}
