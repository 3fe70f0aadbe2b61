/**
 * Clip bytes on disk: DATA_DIR/clips/<sha256>.<webm|mp4>. An upload streams into a temporary file
 * beside them (never into memory), hashed and counted on the way and cut off at the size limit;
 * only a clip that passed every check is renamed into place, fsynced, so a crash leaves either no
 * file or the whole file. A refused upload's temporary file is removed when its response ends.
 */
import { createHash, randomUUID } from 'node:crypto';
import { closeSync, createWriteStream, fsyncSync, mkdirSync, openSync, readdirSync, readSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ClipContainer } from './clip-protocol.js';

const TEMP_SUFFIX = '.part';

export interface ReceivedClip {
  /** The temporary file holding the bytes. */
  file: string;
  sha256: string;
  bytes: number;
}

/** The body ran past the size limit; what was written of it is gone. */
export class ClipTooLarge extends Error {
  constructor() {
    super('clip larger than the limit');
  }
}

export class ClipFiles {
  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true });
    // Temporary files are only ever left behind by a crash mid-upload: nothing refers to them.
    for (const name of readdirSync(dir)) if (name.endsWith(TEMP_SUFFIX)) rmSync(path.join(dir, name), { force: true });
  }

  /** Where a clip's bytes live; `id` must already be a validated SHA-256 hex string. */
  pathFor(id: string, container: ClipContainer): string {
    return path.join(this.dir, `${id}.${container}`);
  }

  exists(id: string, container: ClipContainer): boolean {
    return statSync(this.pathFor(id, container), { throwIfNoEntry: false })?.isFile() ?? false;
  }

  /** Streams `body` into a new temporary file, at most `maxBytes`; rejects with ClipTooLarge past it. */
  async receive(body: Readable, maxBytes: number): Promise<ReceivedClip> {
    const file = path.join(this.dir, `${randomUUID()}${TEMP_SUFFIX}`);
    const hash = createHash('sha256');
    let bytes = 0;
    const counted = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        bytes += chunk.length;
        if (bytes > maxBytes) return done(new ClipTooLarge());
        hash.update(chunk);
        done(null, chunk);
      },
    });
    // Piped rather than in the pipeline: an error (the limit) must not destroy the request, whose
    // socket still carries the 413 answer back.
    const written = pipeline(counted, createWriteStream(file, { flags: 'wx', mode: 0o640 }));
    body.once('error', (err) => counted.destroy(err));
    body.once('close', () => {
      if (!body.readableEnded) counted.destroy(new Error('upload aborted'));
    });
    body.pipe(counted);
    try {
      await written;
    } catch (err) {
      body.unpipe(counted);
      rmSync(file, { force: true });
      throw err;
    }
    return { file, sha256: hash.digest('hex'), bytes };
  }

  /** The first bytes of a received file, for its type. */
  head(file: string, length = 64): Buffer {
    const fd = openSync(file, 'r');
    try {
      const b = Buffer.alloc(length);
      return b.subarray(0, readSync(fd, b, 0, length, 0));
    } finally {
      closeSync(fd);
    }
  }

  /**
   * A received file becomes the clip `id`. The upload route moves the file before it inserts its
   * row, so no other request sees the row without the file.
   */
  commit(received: ReceivedClip, container: ClipContainer): void {
    const fd = openSync(received.file, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(received.file, this.pathFor(received.sha256, container));
    // The rename is durable only once the directory entry is on disk too.
    const dirFd = openSync(this.dir, 'r');
    try {
      fsyncSync(dirFd);
    } finally {
      closeSync(dirFd);
    }
  }

  /** Removes a received file that was not committed (a no-op once it was). */
  discard(received: Pick<ReceivedClip, 'file'>): void {
    rmSync(received.file, { force: true });
  }

  remove(id: string, container: ClipContainer): void {
    rmSync(this.pathFor(id, container), { force: true });
  }
}
