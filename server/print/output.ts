/**
 * Output files appear complete or not at all: data goes to a hidden temp file beside the target
 * (same filesystem, so rename is atomic) and is renamed only once fully written and synced.
 */
import { randomBytes } from 'node:crypto';
import { accessSync, constants, rmSync, statSync } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
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

/** Writes `data` to `file` atomically; on any failure the temp file is removed and `file` untouched. */
export async function writeFileAtomically(file: string, data: Uint8Array): Promise<void> {
  const target = path.resolve(file);
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}-${randomBytes(4).toString('hex')}.part`);
  partialFiles.add(temp);
  try {
    const handle = await open(temp, 'wx', 0o644);
    try {
      await handle.writeFile(data);
      // Durable before it is visible under the final name.
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, target);
  } catch (err) {
    await rm(temp, { force: true });
    const reason = err instanceof Error ? err.message : String(err);
    throw unwritable(`Không ghi được tệp ${target}: ${reason}`, `could not write ${target}`, err);
  } finally {
    partialFiles.delete(temp);
  }
}

/** Synchronous, for signal handlers: removes temp files of writes still in progress. */
export function removePartialFiles(): void {
  for (const temp of partialFiles) rmSync(temp, { force: true });
  partialFiles.clear();
}

function unwritable(vi: string, en: string, cause?: unknown): PrintError {
  return new PrintError('unwritable', vi, en, { cause });
}
