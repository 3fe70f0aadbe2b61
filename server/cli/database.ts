/** `pano db …`: the PostgreSQL side of an installation — moving to it, migrating it, its app role. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { z } from 'zod';
import { parseConfig } from '../config.js';
import { copyDatabase, CopyError } from '../db/copy.js';
import { databasePath } from '../db/database.js';
import { lockDataDir } from '../db/data-dir-lock.js';
import { openPostgresEngine, openSqliteEngine, type Engine } from '../db/engine.js';
import { appRoleGrants } from '../db/postgres/migrate.js';
import { CliFailure, EXIT_OK, parseFlags, UsageError, validateFlags, type CliIo } from './usage.js';

export const DB_HELP = `Cách dùng:
  pano db copy --to <postgres://…>     chép cài đặt SQLite (DATA_DIR) sang một PostgreSQL mới
  pano db migrate                      đưa PostgreSQL ở DATABASE_URL lên lược đồ của bản này
  pano db grant --role <vai trò>       cấp cho vai trò ứng dụng quyền nó cần, trừ sửa/xóa nhật ký

copy: chép mọi bảng theo thứ tự khóa, nhật ký kiểm toán giữ nguyên từng byte, trong một giao dịch;
cơ sở dữ liệu đích phải trống. Chuỗi nhật ký được kiểm tra ở đích và đầu chuỗi phải trùng với SQLite.
Máy chủ Pano trên DATA_DIR phải dừng trong lúc chép.
migrate và grant chạy bằng vai trò sở hữu lược đồ (DATABASE_URL của người quản trị cơ sở dữ liệu);
các nút Pano nên chạy bằng vai trò ứng dụng, không được UPDATE/DELETE audit_log.

(copy: moves the SQLite installation in DATA_DIR to an empty PostgreSQL database in one
transaction, audit bytes unchanged, chain verified on arrival; stop the server first.
migrate: brings DATABASE_URL to this build's schema. grant: gives the application role what it
needs and revokes UPDATE/DELETE/TRUNCATE on audit_log. Run migrate and grant as the schema owner.)

Biến môi trường: DATA_DIR (mặc định ./data), DATABASE_URL
Mã thoát: 0 xong; 1 không làm được; 2 dòng lệnh sai

Ví dụ: systemctl stop pano && pano db copy --to postgres://pano_owner@db.vpcp.local/pano
`;

const ToSchema = z.object({ to: z.string({ error: 'Thiếu tùy chọn --to (missing --to)' }).regex(/^postgres(ql)?:\/\//, 'Cần địa chỉ postgres://… (a postgres:// URL)') });
const RoleSchema = z.object({ role: z.string({ error: 'Thiếu tùy chọn --role (missing --role)' }).regex(/^[a-z_][a-z0-9_]{0,62}$/, 'Tên vai trò: chữ thường, số, dấu gạch dưới (lower-case letters, digits, underscores)') });

export async function runDatabase(args: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = args;
  switch (command) {
    case 'copy':
      return copy(validateFlags(ToSchema, parseFlags(rest, { to: { type: 'string' } })).to, io);
    case 'migrate':
      return withPostgres(io, async () => {
        io.stdout('Lược đồ PostgreSQL đã ở phiên bản của bản này (the PostgreSQL schema is up to date)\n');
      });
    case 'grant': {
      const { role } = validateFlags(RoleSchema, parseFlags(rest, { role: { type: 'string' } }));
      return withPostgres(io, async (engine) => {
        await sql.raw(appRoleGrants(role)).execute(engine.db);
        io.stdout(`Đã cấp quyền cho ${role}; vai trò này không sửa, xóa được nhật ký kiểm toán (granted; ${role} cannot update or delete the audit log)\n`);
      });
    }
    default:
      throw new UsageError([command === undefined ? 'Thiếu lệnh: copy, migrate hoặc grant (missing command)' : `Lệnh không có: db ${command} (unknown command)`]);
  }
}

async function withPostgres(io: CliIo, work: (engine: Engine) => Promise<void>): Promise<number> {
  const url = parseConfig(io.env).DATABASE_URL;
  if (!url) throw new CliFailure('chưa đặt DATABASE_URL=postgres://… (DATABASE_URL is not set)');
  const engine = await openPostgresEngine(url, { poolSize: 1 });
  try {
    await work(engine);
  } finally {
    await engine.close();
  }
  return EXIT_OK;
}

async function copy(to: string, io: CliIo): Promise<number> {
  const config = parseConfig(io.env);
  if (!existsSync(databasePath(config.DATA_DIR))) {
    throw new CliFailure(`không có cơ sở dữ liệu Pano ở ${databasePath(path.resolve(config.DATA_DIR))} (no Pano database there; set DATA_DIR)`);
  }
  // Holding the data directory's lock keeps the server from writing while its rows are copied.
  const lock = lockDataDir(config.DATA_DIR);
  let source: Engine | undefined;
  let target: Engine | undefined;
  try {
    source = openSqliteEngine(config.DATA_DIR, { synchronous: 'FULL' });
    target = await openPostgresEngine(to, { poolSize: 1 });
    const report = await copyDatabase(source, target, ({ table, rows }) => io.stdout(`  ${table}: ${rows}\n`)).catch((err: unknown) => {
      throw err instanceof CopyError ? new CliFailure(err.message) : err;
    });
    const total = report.tables.reduce((sum, t) => sum + t.rows, 0);
    io.stdout(
      `Đã chép ${total} dòng của ${report.tables.length} bảng; chuỗi nhật ký ${report.chain.rows} dòng nguyên vẹn ở PostgreSQL` +
        (report.chain.intact && report.chain.anchor ? `, đầu chuỗi ${report.chain.anchor}` : '') +
        ` (copied ${total} rows of ${report.tables.length} tables; audit chain intact on PostgreSQL)\n` +
        'Tệp ảnh, đoạn phim và bản in vẫn ở DATA_DIR: đặt DATA_DIR của mọi nút vào cùng một thư mục dùng chung. ' +
        '(Photos, clips and prints stay in DATA_DIR: give every node the same shared DATA_DIR.)\n',
    );
    return EXIT_OK;
  } finally {
    await target?.close();
    await source?.close();
    lock.release();
  }
}
