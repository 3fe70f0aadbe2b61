/**
 * Where print jobs' finished files live, so that any node serves a file another node rendered.
 * Names are `<job id>/<file name>`; the job's own file list is the only source of names (no path
 * from a request reaches the store).
 *
 * The default is a directory: DATA_DIR/print on one node, or a shared mount (NFS, CephFS …) that
 * every node sees at the same path. An S3-compatible bucket implements the same interface (put as
 * PutObject or a multipart upload of the stream, get as GetObject's body, stat as HeadObject,
 * remove as DeleteObject, or DeleteObjects over the `<job id>/` prefix); with it a node renders
 * into a local work folder and puts each finished file, so a job taken over by another node
 * starts again from its first file instead of resuming.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { atomicFile } from './output.js';

export interface PrintFileStore {
  /** Stores a file whole under `name`: readers see the old one or the new one, never a part. */
  put(name: string, data: Readable | Uint8Array): Promise<void>;
  /** The file's bytes; undefined when there is no such file. */
  get(name: string): Promise<Readable | undefined>;
  stat(name: string): Promise<{ bytes: number } | undefined>;
  /** Removes the file, or everything under a name ending in `/` (a job's files); nothing there is no error. */
  remove(name: string): Promise<void>;
}

/** A directory, on this machine or a shared mount; jobs render straight into it (`localPath`). */
export class DirectoryFileStore implements PrintFileStore {
  constructor(readonly dir: string) {}

  /** Where `name` lives on disk: a job renders its files here, and a node that takes it over finds them. */
  localPath(name: string): string {
    const full = path.resolve(this.dir, name);
    // Names come from job ids and the job's own file list; this only guards against a mistake.
    if (full !== path.resolve(this.dir) && !full.startsWith(path.resolve(this.dir) + path.sep)) throw new Error(`print file name outside the store: ${name}`);
    return full;
  }

  async put(name: string, data: Readable | Uint8Array): Promise<void> {
    const target = this.localPath(name);
    await mkdir(path.dirname(target), { recursive: true });
    const out = atomicFile(target);
    try {
      if (data instanceof Uint8Array) await writeFile(out.temp, data, { mode: 0o644 });
      else await pipeline(data, createWriteStream(out.temp, { mode: 0o644 }));
    } catch (err) {
      await out.abort();
      throw err;
    }
    await out.commit();
  }

  async get(name: string): Promise<Readable | undefined> {
    const file = this.localPath(name);
    if (!(await this.stat(name))) return undefined;
    return createReadStream(file);
  }

  async stat(name: string): Promise<{ bytes: number } | undefined> {
    const found = await stat(this.localPath(name)).catch(() => undefined);
    return found?.isFile() ? { bytes: found.size } : undefined;
  }

  async remove(name: string): Promise<void> {
    await rm(this.localPath(name), { recursive: name.endsWith('/'), force: true });
  }
}
