/** Dispatches `pano <command>` and maps every failure to a bilingual message and an exit code. */
import { ConfigError } from '../config.js';
import { APP_VERSION } from '../paths.js';
import { PrintError } from '../print/index.js';
import { BANNER_HELP, runBanner } from './banner.js';
import { BATCH_HELP, runBatch } from './batch.js';
import { AUDIT_HELP, runAudit } from './audit.js';
import { BACKUP_HELP, RESTORE_HELP, runBackup, runRestore } from './backup.js';
import { DB_HELP, runDatabase } from './database.js';
import { CopyError } from '../db/copy.js';
import { BackupError } from '../db/backup.js';
import { DataDirLockedError } from '../db/data-dir-lock.js';
import { DatabaseFileError } from '../db/database.js';
import { BACKDROP_HELP, PANEL_HELP, runBackdrop, runPanel } from './artworks.js';
import { CliFailure, EXIT_FAILURE, EXIT_OK, EXIT_USAGE, UsageError, wantsHelp, type CliIo } from './usage.js';

export const MAIN_HELP = `Pano ${APP_VERSION}: khẩu hiệu đã duyệt lên màn hình, băng rôn, phông và pa nô

Cách dùng: pano <lệnh> [tùy chọn]

Lệnh:
  banner      in một khẩu hiệu đã duyệt thành băng rôn PDF/PNG đúng kích thước
  batch       in nhiều khẩu hiệu đã duyệt cùng một khổ: PDF nhiều trang, ZIP hoặc PNG
  backdrop    in phông hội trường của một đại hội, các dòng mặc định (tên lấy từ danh sách sự kiện)
  panel       in lại pa nô ảnh của một lệnh in đã được Ban Tuyên giáo duyệt
              (phông, pa nô có chữ tự nhập: tạo và duyệt ở trang In của bảng điều khiển)
  audit       kiểm tra chuỗi băm của nhật ký thay đổi (verify), xuất CSV (export)
  backup      sao lưu cơ sở dữ liệu khi máy chủ đang chạy (--out <tệp>)
  restore     khôi phục cơ sở dữ liệu từ bản sao lưu (khi máy chủ đã dừng)
  db          PostgreSQL cho nhiều máy chủ: chép cài đặt SQLite sang (copy), cập nhật lược đồ (migrate),
              cấp quyền cho vai trò ứng dụng (grant)

Tùy chọn chung:
  -h, --help  hiện hướng dẫn (pano banner --help: hướng dẫn của lệnh)
  --version   hiện phiên bản

Biến môi trường: DATA_DIR      thư mục dữ liệu (mặc định ./data)
                 DATABASE_URL  PostgreSQL dùng chung cho nhiều máy chủ Pano (postgres://…); không đặt thì
                               dùng SQLite trong DATA_DIR
`;

const COMMANDS: Record<string, { help: string; run: (args: string[], io: CliIo) => Promise<number> }> = {
  banner: { help: BANNER_HELP, run: runBanner },
  batch: { help: BATCH_HELP, run: runBatch },
  backdrop: { help: BACKDROP_HELP, run: runBackdrop },
  panel: { help: PANEL_HELP, run: runPanel },
  audit: { help: AUDIT_HELP, run: runAudit },
  backup: { help: BACKUP_HELP, run: runBackup },
  restore: { help: RESTORE_HELP, run: runRestore },
  db: { help: DB_HELP, run: runDatabase },
};

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...args] = argv;
  try {
    if (name === undefined) throw new UsageError(['Thiếu lệnh, ví dụ: pano banner (missing command)']);
    if (name === '--help' || name === '-h') {
      io.stdout(MAIN_HELP);
      return EXIT_OK;
    }
    if (name === '--version') {
      io.stdout(`${APP_VERSION}\n`);
      return EXIT_OK;
    }
    const command = COMMANDS[name];
    if (!command) throw new UsageError([`Không có lệnh "${name}" (unknown command "${name}")`]);
    if (wantsHelp(args)) {
      io.stdout(command.help);
      return EXIT_OK;
    }
    return await command.run(args, io);
  } catch (err) {
    return report(err, name && COMMANDS[name] ? `pano ${name} --help` : 'pano --help', io);
  }
}

function report(err: unknown, helpCommand: string, io: CliIo): number {
  if (err instanceof UsageError) {
    io.stderr(err.problems.map((p) => `Lỗi: ${p}\n`).join('') + `Xem hướng dẫn: ${helpCommand} (see ${helpCommand})\n`);
    return EXIT_USAGE;
  }
  if (err instanceof PrintError) {
    io.stderr(`Lỗi: ${err.message}\n`);
    // A size the print service refuses is a wrong command line, not a failed run.
    return err.code === 'invalid-size' ? EXIT_USAGE : EXIT_FAILURE;
  }
  if (err instanceof ConfigError || err instanceof CliFailure || err instanceof BackupError || err instanceof CopyError || err instanceof DataDirLockedError || err instanceof DatabaseFileError) {
    io.stderr(`Lỗi: ${err.message}\n`);
    return EXIT_FAILURE;
  }
  const detail = err instanceof Error ? (err.stack ?? err.message) : String(err);
  io.stderr(`Lỗi không mong đợi (unexpected error): ${detail}\n`);
  return EXIT_FAILURE;
}
