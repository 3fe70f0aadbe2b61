/**
 * Output files appear complete or not at all: data goes to a hidden temp file beside the target
 * (same filesystem, so rename is atomic) and is renamed only once fully written and synced.
 */
import { randomBytes } from 'node:crypto';
import { accessSync, constants, rmSync, statSync } from 'node:fs';
import { open, readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PrintError } from './errors.js';

/** Temp files being written, so a signal handler can remove them (removePartialFiles). */
const partialFiles = new Set<string>();

/** Fails early, before any rendering, if `file` cannot be created where asked. */
export function checkDestination(file: string): void {
  const target = path.resolve(file);
  const dir = path.dirname(target);
  let dirStat;
  try {
    dirStat = statSync(dir);
  } catch {
    throw unwritable(`Thư mục ${dir} không tồn tại`, `directory ${dir} does not exist`);
  }
  if (!dirStat.isDirectory()) throw unwritable(`${dir} không phải là thư mục`, `${dir} is not a directory`);
  try {
    accessSync(dir, constants.W_OK);
  } catch {
    throw unwritable(`Không có quyền ghi vào thư mục ${dir}`, `no permission to write in ${dir}`);
  }
  const existing = statSync(target, { throwIfNoEntry: false });
  if (existing?.isDirectory()) throw unwritable(`${target} là một thư mục`, `${target} is a directory`);
}

/** A file being written under a hidden temporary name; it appears under its own only on commit(). */
export interface AtomicFile {
  /** Where to write meanwhile. */
  temp: string;
  target: string;
  /** Syncs the temp file and renames it over the target. */
  commit(): Promise<void>;
  /** Removes the temp file; the target is untouched. */
  abort(): Promise<void>;
}

/** Temp files are named `.<target>.<pid>-<random>.part`: hidden, and recognisable for cleanup. */
export const PARTIAL_SUFFIX = '.part';

export function atomicFile(file: string): AtomicFile {
  const target = path.resolve(file);
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}-${randomBytes(4).toString('hex')}${PARTIAL_SUFFIX}`);
  partialFiles.add(temp);
  const forget = () => partialFiles.delete(temp);
  return {
    temp,
    target,
    async commit() {
      try {
        const handle = await open(temp, 'r+');
        try {
          // Durable before it is visible under the final name.
          await handle.sync();
        } finally {
          await handle.close();
        }
        await rename(temp, target);
        forget();
      } catch (err) {
        await rm(temp, { force: true });
        forget();
        const reason = err instanceof Error ? err.message : String(err);
        throw unwritable(`Không ghi được tệp ${target}: ${reason}`, `could not write ${target}`, err);
      }
    },
    async abort() {
      await rm(temp, { force: true });
      forget();
    },
  };
}

/** Writes `data` to `file` atomically; on any failure the temp file is removed and `file` untouched. */
export async function writeFileAtomically(file: string, data: Uint8Array): Promise<void> {
  const out = atomicFile(file);
  try {
    await writeFile(out.temp, data, { flag: 'wx', mode: 0o644 });
  } catch (err) {
    await out.abort();
    const reason = err instanceof Error ? err.message : String(err);
    throw unwritable(`Không ghi được tệp ${out.target}: ${reason}`, `could not write ${out.target}`, err);
  }
  await out.commit();
}

/** Removes temp files a killed process left in `dir`: never under a final name, so never mistaken for output. */
export async function removeStalePartials(dir: string): Promise<void> {
  const names = await readdir(dir).catch(() => [] as string[]);
  await Promise.all(names.filter((n) => n.startsWith('.') && n.endsWith(PARTIAL_SUFFIX)).map((n) => rm(path.join(dir, n), { force: true })));
}

/** Hidden folder a batch renders into before moving its files in: `.pano-batch-<pid>-<random>`. */
export const STAGING_PREFIX = '.pano-batch-';

/** The writer's pid in a temp name (`.<target>.<pid>-<hex>.part`, `.pano-batch-<pid>-…`), if any. */
function writerPid(name: string): number | undefined {
  const match = name.startsWith(STAGING_PREFIX)
    ? /^\.pano-batch-(\d+)-/.exec(name)
    : name.startsWith('.') && name.endsWith(PARTIAL_SUFFIX)
      ? /\.(\d+)-[0-9a-f]+\.part$/.exec(name)
      : null;
  return match ? Number(match[1]) : undefined;
}

/** Whether process `pid` still runs on this machine. */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes what a killed print (even SIGKILL, which no handler sees) left in a destination folder:
 * temp files and staging folders whose writing process no longer runs. Another print still
 * writing into the same folder keeps its files.
 */
export async function removeOrphanedPartials(dir: string): Promise<void> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const orphaned = names.filter((name) => {
    const pid = writerPid(name);
    return pid !== undefined && pid !== process.pid && !isRunning(pid);
  });
  await Promise.all(orphaned.map((name) => rm(path.join(dir, name), { recursive: true, force: true })));
}

/** Registers a temp file or folder for removePartialFiles; returns the unregister function. */
export function trackPartial(temp: string): () => void {
  partialFiles.add(temp);
  return () => partialFiles.delete(temp);
}

/** Synchronous, for signal handlers: removes temp files (and staging folders) of writes still in progress. */
export function removePartialFiles(): void {
  for (const temp of partialFiles) rmSync(temp, { recursive: true, force: true });
  partialFiles.clear();
}

function unwritable(vi: string, en: string, cause?: unknown): PrintError {
  return new PrintError('unwritable', vi, en, { cause });
}
