/**
 * Photo bytes on disk: DATA_DIR/photos/<sha256>.<ext>. Content-addressed, so a file is written
 * once and never changed; each write goes to a temporary file that is fsynced and renamed, so a
 * crash leaves either no file or the whole file, never half of one.
 */
import { randomUUID } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { PhotoMime } from './protocol.js';

/** Shared with the CLI, which reads the files without a PhotoFiles (see cli/artworks.ts). */
export const PHOTO_EXTENSIONS: Record<PhotoMime, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp' };
const TEMP_SUFFIX = '.tmp';

export class PhotoFiles {
  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true });
    // Temporary files are only ever left behind by a crash mid-write: nothing refers to them.
    for (const name of readdirSync(dir)) if (name.endsWith(TEMP_SUFFIX)) rmSync(path.join(dir, name), { force: true });
  }

  /** Where a photo's bytes live; `id` must already be a validated SHA-256 hex string. */
  pathFor(id: string, mime: PhotoMime): string {
    return path.join(this.dir, `${id}.${PHOTO_EXTENSIONS[mime]}`);
  }

  exists(id: string, mime: PhotoMime): boolean {
    return statSync(this.pathFor(id, mime), { throwIfNoEntry: false })?.isFile() ?? false;
  }

  /**
   * Synchronous on purpose: the upload route writes the file and inserts its row with no await
   * in between, so no other request can see one without the other.
   */
  write(id: string, mime: PhotoMime, bytes: Uint8Array): void {
    const temp = path.join(this.dir, `${id}.${randomUUID()}${TEMP_SUFFIX}`);
    try {
      const fd = openSync(temp, 'wx', 0o640);
      try {
        for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done, bytes.length - done);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(temp, this.pathFor(id, mime));
    } catch (err) {
      rmSync(temp, { force: true });
      throw err;
    }
    // The rename is durable only once the directory entry is on disk too.
    const dirFd = openSync(this.dir, 'r');
    try {
      fsyncSync(dirFd);
    } finally {
      closeSync(dirFd);
    }
  }

  /** The names of the whole files (no temporary ones). */
  list(): string[] {
    return readdirSync(this.dir).filter((name) => !name.endsWith(TEMP_SUFFIX));
  }

  remove(id: string, mime: PhotoMime): void {
    rmSync(this.pathFor(id, mime), { force: true });
  }
}
