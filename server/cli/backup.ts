/** `pano backup` and `pano restore`: a consistent copy of the database while the server runs, and putting one back. */
import path from 'node:path';
import { z } from 'zod';
import { parseConfig } from '../config.js';
import { backupDatabase, postgresBackupRefused, restoreDatabase } from '../db/backup.js';
import { EXIT_OK, parseFlags, UsageError, validateFlags, type CliIo } from './usage.js';

export const BACKUP_HELP = `Cách dùng: pano backup --out <tệp.sqlite3>

Sao lưu cơ sở dữ liệu của Pano trong khi máy chủ vẫn chạy: bản sao nhất quán tại một thời điểm
(API sao lưu của SQLite), được kiểm tra (toàn vẹn, chuỗi nhật ký) trước khi ghi ra tệp; tệp chỉ
xuất hiện khi đã ghi xong. Ảnh tải lên nằm ở DATA_DIR/photos: sao lưu cả thư mục đó.

Tùy chọn:
  --out   tệp sao lưu (ví dụ /srv/sao-luu/pano-2021-01-25.sqlite3); tệp cũ cùng tên bị thay

Biến môi trường: DATA_DIR  thư mục dữ liệu (mặc định ./data)
Mã thoát: 0 đã sao lưu; 1 không sao lưu được; 2 dòng lệnh sai

Ví dụ: pano backup --out /srv/sao-luu/pano-$(date +%F).sqlite3
`;

export const RESTORE_HELP = `Cách dùng: pano restore <tệp sao lưu>

Khôi phục cơ sở dữ liệu từ một bản sao lưu của pano backup. Tệp được kiểm tra trước (toàn vẹn,
chuỗi nhật ký, phiên bản lược đồ); chỉ chạy khi máy chủ Pano đã dừng. Cơ sở dữ liệu đang có
không bị xóa: nó được đổi tên thành pano.sqlite3.truoc-khoi-phuc-<thời điểm> bên cạnh.

Biến môi trường: DATA_DIR  thư mục dữ liệu (mặc định ./data)
Mã thoát: 0 đã khôi phục; 1 tệp hỏng, máy chủ còn chạy hoặc không ghi được; 2 dòng lệnh sai

Ví dụ: systemctl stop pano && pano restore /srv/sao-luu/pano-2021-01-25.sqlite3 && systemctl start pano
`;

const BackupFlagsSchema = z.object({ out: z.string({ error: 'Thiếu tùy chọn --out (missing --out)' }).min(1) });

export async function runBackup(args: string[], io: CliIo): Promise<number> {
  const flags = validateFlags(BackupFlagsSchema, parseFlags(args, { out: { type: 'string' } }));
  const config = parseConfig(io.env);
  if (config.DATABASE_URL) throw postgresBackupRefused('backup');
  const report = await backupDatabase(config.DATA_DIR, flags.out);
  io.stdout(
    `Đã sao lưu vào ${report.file}: ${(report.bytes / 1024).toFixed(0)} KB, nhật ký ${report.auditRows} dòng nguyên vẹn ` +
      `(backed up to ${report.file}, audit chain of ${report.auditRows} rows intact)\n`,
  );
  return EXIT_OK;
}

export async function runRestore(args: string[], io: CliIo): Promise<number> {
  const [file, ...rest] = args;
  if (file === undefined || file.startsWith('-')) throw new UsageError(['Thiếu tệp sao lưu, ví dụ: pano restore pano.sqlite3 (missing backup file)']);
  if (rest.length > 0) throw new UsageError([`Đối số thừa: ${rest.join(' ')} (unexpected arguments)`]);
  const config = parseConfig(io.env);
  if (config.DATABASE_URL) throw postgresBackupRefused('restore');
  const report = await restoreDatabase(config.DATA_DIR, path.resolve(file));
  io.stdout(
    `Đã khôi phục từ ${path.resolve(file)} (nhật ký ${report.auditRows} dòng nguyên vẹn)` +
      (report.previous ? `; cơ sở dữ liệu cũ giữ ở ${report.previous}` : '') +
      ` (restored${report.previous ? `; the previous database is kept as ${report.previous}` : ''})\n`,
  );
  return EXIT_OK;
}
