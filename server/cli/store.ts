/**
 * The server's database, as `pano` commands use it: opened only where it already exists, and
 * every print recorded in its audit log under the operating-system user who ran the command.
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseConfig, type Config } from '../config.js';
import type { RenderItem } from '../print/engine.js';
import type { ResolvedSettings } from '../protocol/print.js';
import { openStore, type Store } from '../store.js';
import { CliFailure, type CliIo } from './usage.js';

export const DATABASE_FILE = 'pano.sqlite3';

/**
 * Opens the server's database: PostgreSQL at DATABASE_URL, or the SQLite file in DATA_DIR,
 * refusing to create one: run from another folder, a command would otherwise start an empty
 * installation with the sample plan and print from that instead.
 */
export async function openServerStore(io: CliIo): Promise<{ store: Store; config: Config }> {
  const config = parseConfig(io.env);
  if (config.DATABASE_URL) return { store: await openStore(config.DATA_DIR, config.DB_SYNCHRONOUS, undefined, config.DATABASE_URL), config };
  const file = path.resolve(config.DATA_DIR, DATABASE_FILE);
  if (!existsSync(file)) {
    const where = io.env.DATA_DIR === undefined ? `DATA_DIR chưa đặt, nên là ${path.resolve(config.DATA_DIR)}` : `DATA_DIR=${io.env.DATA_DIR}`;
    const whereEn = io.env.DATA_DIR === undefined ? `DATA_DIR is not set, so ${path.resolve(config.DATA_DIR)}` : `DATA_DIR=${io.env.DATA_DIR}`;
    throw new CliFailure(
      `không có cơ sở dữ liệu Pano ở ${file} (${where}). Lệnh pano dùng dữ liệu của máy chủ: đặt DATA_DIR là thư mục dữ liệu của máy chủ, ví dụ DATA_DIR=/srv/pano/data npx pano …` +
        ` (no Pano database at ${file}, ${whereEn}; pano commands use the server's data: set DATA_DIR to the server's data folder)`,
    );
  }
  return { store: await openStore(config.DATA_DIR, config.DB_SYNCHRONOUS), config };
}

/** Who ran a command, as the audit log shows it: "cli:<operating-system user>". */
export function cliActor(): string {
  return `cli:${os.userInfo().username}`;
}

/** One audit row for a print made from the command line: what was printed, at which size, where to. */
export async function auditCliPrint(store: Store, what: { artwork: string; items: RenderItem[]; settings: ResolvedSettings; files: string[] }): Promise<void> {
  await store.audit.append({
    actorId: null,
    actor: cliActor(),
    action: 'print.cli',
    target: what.items.length === 1 ? `print:${what.items[0]!.key}` : `print:${what.items.length}`,
    after: {
      artwork: what.artwork,
      items: what.items.map((item) => ({
        key: item.key,
        ...('revisionId' in item ? { revisionId: item.revisionId } : {}),
        textSha256: item.textSha256,
      })),
      widthMm: what.settings.widthMm,
      heightMm: what.settings.heightMm,
      format: what.settings.format,
      files: what.files.map((f) => path.resolve(f)),
    },
  });
}
