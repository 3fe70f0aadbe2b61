/** `pano audit`: check the audit log's hash chain, or export it to CSV, straight from the database. */
import { closeSync, existsSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { parseConfig } from '../config.js';
import { describeChain } from '../protocol/audit.js';
import { auditCsvChunks } from '../routes/audit.js';
import { openStore, type Store } from '../store.js';
import { EXIT_FAILURE, EXIT_OK, parseFlags, UsageError, validateFlags, type CliIo } from './usage.js';

export const AUDIT_HELP = `Cách dùng: pano audit verify
          pano audit export --out <tệp.csv>

Nhật ký thay đổi của Pano: mỗi dòng giữ mã băm của dòng trước, nên sửa, xóa hay đổi chỗ
một dòng cũ (kể cả sửa thẳng trong tệp SQLite) đều bị phát hiện.

Lệnh con:
  verify          kiểm tra toàn bộ chuỗi; in số dòng và mã băm đầu chuỗi (hãy ghi lại mã này ở nơi
                  khác: nó cho biết chuỗi có bị viết lại toàn bộ hay không), hoặc dòng đầu tiên bị
                  phá vỡ và lý do
  export --out    ghi toàn bộ nhật ký ra CSV (UTF-8 có BOM, mở được bằng Excel), mới nhất trước;
                  tệp chỉ xuất hiện khi đã ghi xong

Biến môi trường: DATA_DIR  thư mục dữ liệu (mặc định ./data)

Mã thoát: 0 chuỗi nguyên vẹn / đã xuất; 1 chuỗi bị phá vỡ, không có cơ sở dữ liệu hoặc không ghi
          được tệp; 2 dòng lệnh sai

Ví dụ: pano audit verify
       pano audit export --out nhat-ky.csv
`;

const ExportFlagsSchema = z.object({
  out: z
    .string({ error: 'Thiếu tùy chọn --out (missing --out)' })
    .refine((file) => path.extname(file).toLowerCase() === '.csv', { error: '--out phải kết thúc bằng .csv (--out must end in .csv)' }),
});

export async function runAudit(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  switch (sub) {
    case 'verify':
      parseFlags(rest, {});
      return withStore(io, (store) => verify(store, io));
    case 'export': {
      const flags = validateFlags(ExportFlagsSchema, parseFlags(rest, { out: { type: 'string' } }));
      return withStore(io, (store) => exportCsv(store, flags.out, io));
    }
    case undefined:
      throw new UsageError(['Thiếu lệnh con: verify hoặc export (missing subcommand)']);
    default:
      throw new UsageError([`Không có lệnh con "${sub}" (unknown subcommand "${sub}")`]);
  }
}

function withStore(io: CliIo, run: (store: Store) => number): number {
  const config = parseConfig(io.env);
  // Opening would create an empty database, and a mistyped DATA_DIR would then read as "intact, 0 rows".
  const file = path.join(config.DATA_DIR, 'pano.sqlite3');
  if (!existsSync(file)) {
    io.stderr(`Lỗi: không có cơ sở dữ liệu ${path.resolve(file)}; kiểm tra DATA_DIR (no database here; check DATA_DIR)\n`);
    return EXIT_FAILURE;
  }
  const store = openStore(config.DATA_DIR, config.DB_SYNCHRONOUS);
  try {
    return run(store);
  } finally {
    store.close();
  }
}

function verify(store: Store, io: CliIo): number {
  const report = store.audit.verify();
  const text = describeChain(report);
  if (report.intact) {
    io.stdout(`${text.vi} (${text.en})\nMã băm đầu chuỗi (head SHA-256): ${report.head}\n`);
    return EXIT_OK;
  }
  io.stderr(`Lỗi: ${text.vi} (${text.en})\nDòng (row id): ${report.brokenAt}\nLý do (reason): ${report.reason}\n`);
  return EXIT_FAILURE;
}

/** Writes beside the destination and renames, so a half-written export never looks finished. */
function exportCsv(store: Store, out: string, io: CliIo): number {
  const temp = path.join(path.dirname(out), `.${path.basename(out)}.${process.pid}.tmp`);
  let fd: number;
  try {
    fd = openSync(temp, 'wx');
  } catch (err) {
    io.stderr(`Lỗi: không ghi được ${path.resolve(out)} (cannot write): ${(err as Error).message}\n`);
    return EXIT_FAILURE;
  }
  try {
    try {
      for (const chunk of auditCsvChunks(store.audit, {})) writeSync(fd, chunk);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, out);
  } catch (err) {
    rmSync(temp, { force: true });
    throw err;
  }
  io.stdout(`Đã ghi nhật ký ra ${path.resolve(out)} (audit log written)\n`);
  return EXIT_OK;
}
