/** `pano audit`: check the audit log's hash chain, or export it to CSV, straight from the database. */
import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { describeChain, formatAnchor, parseAnchor, type AuditAnchor } from '../protocol/audit.js';
import { AuditRepository } from '../db/audit-repository.js';
import { auditCsvChunks } from '../routes/audit.js';
import type { Store } from '../store.js';
import { openServerStore } from './store.js';
import { EXIT_FAILURE, EXIT_OK, parseFlags, UsageError, validateFlags, type CliIo } from './usage.js';

export const AUDIT_HELP = `Cách dùng: pano audit verify [--anchor <mã dòng>:<SHA-256>]...
          pano audit export --out <tệp.csv>

Nhật ký thay đổi của Pano: mỗi dòng giữ mã băm của dòng trước, nên sửa, xóa hay đổi chỗ
một dòng cũ (kể cả sửa thẳng trong tệp SQLite) đều bị phát hiện.

Lệnh con:
  verify          kiểm tra toàn bộ chuỗi; in số dòng và mốc đầu chuỗi <mã dòng>:<SHA-256>, hoặc
                  dòng đầu tiên bị phá vỡ và lý do
    --anchor      đối chiếu một mốc đã ghi trước đây (dùng được nhiều lần): dòng đó phải còn và có
                  đúng mã băm ấy. Người sửa được tệp SQLite có thể tính lại cả chuỗi, nhưng không
                  giữ được mốc đã ghi ở nơi khác (biên bản đại hội, máy khác, nhật ký máy chủ: khi
                  khởi động và mỗi 24 giờ máy chủ kiểm tra chuỗi rồi ghi một mốc "audit anchor",
                  hoặc "audit chain broken" nếu chuỗi bị phá vỡ)
  export --out    ghi toàn bộ nhật ký ra CSV (UTF-8 có BOM, mở được bằng Excel), mới nhất trước;
                  tệp chỉ xuất hiện khi đã ghi xong

Biến môi trường: DATA_DIR      thư mục dữ liệu (mặc định ./data)
                 DATABASE_URL  PostgreSQL của các máy chủ Pano, nếu có (postgres://…)

Mã thoát: 0 chuỗi nguyên vẹn và mọi mốc khớp / đã xuất; 1 chuỗi bị phá vỡ, mốc không khớp,
          không có cơ sở dữ liệu hoặc không ghi được tệp; 2 dòng lệnh sai (kể cả mốc sai dạng)

Ví dụ: pano audit verify
       pano audit verify --anchor 1234:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
       pano audit export --out nhat-ky.csv
`;

const VerifyFlagsSchema = z.object({ anchor: z.array(z.string()).default([]) });

const ExportFlagsSchema = z.object({
  out: z
    .string({ error: 'Thiếu tùy chọn --out (missing --out)' })
    .refine((file) => path.extname(file).toLowerCase() === '.csv', { error: '--out phải kết thúc bằng .csv (--out must end in .csv)' }),
});

export async function runAudit(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  switch (sub) {
    case 'verify': {
      const flags = validateFlags(VerifyFlagsSchema, parseFlags(rest, { anchor: { type: 'string', multiple: true } }));
      const anchors = parseAnchors(flags.anchor);
      return withStore(io, (store) => verify(store, anchors, io));
    }
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

async function withStore(io: CliIo, run: (store: Store) => Promise<number>): Promise<number> {
  // Never a new database: a mistyped DATA_DIR would then read as "intact, 0 rows".
  const { store } = await openServerStore(io);
  try {
    return await run(store);
  } finally {
    await store.close();
  }
}

function parseAnchors(texts: string[]): AuditAnchor[] {
  const bad = texts.filter((text) => !parseAnchor(text));
  if (bad.length) {
    throw new UsageError(
      bad.map((text) => `Mốc "${text}" sai dạng: cần <mã dòng>:<SHA-256 gồm 64 ký tự hex> (anchor must be <row id>:<64 hex SHA-256>)`),
    );
  }
  return texts.map((text) => parseAnchor(text)!);
}

async function verify(store: Store, anchors: AuditAnchor[], io: CliIo): Promise<number> {
  // One snapshot: the chain and the anchors' rows are read from the same moment, even while a
  // server appends.
  const { report, found } = await store.engine.transaction(
    async (tx) => {
      const audit = new AuditRepository(tx);
      const report = await audit.verify();
      const found: (string | undefined)[] = [];
      for (const anchor of anchors) found.push(await audit.rowSha256(anchor.id));
      return { report, found };
    },
    { readOnly: true },
  );
  const text = describeChain(report);
  let ok = report.intact;
  if (report.intact) {
    io.stdout(`${text.vi} (${text.en})\n`);
    if (report.anchor) {
      io.stdout(
        `Mốc đầu chuỗi (head anchor): ${report.anchor}\n` +
          'Hãy lưu mốc này ở nơi khác (biên bản đại hội, máy khác) để sau này đối chiếu bằng --anchor ' +
          '(keep this anchor elsewhere, e.g. in the minutes of the congress or on another machine, and check it later with --anchor)\n',
      );
    }
  } else {
    io.stderr(`Lỗi: ${text.vi} (${text.en})\nDòng (row id): ${report.brokenAt}\nLý do (reason): ${report.reason}\n`);
  }
  anchors.forEach((anchor, i) => {
    const name = formatAnchor(anchor);
    const sha = found[i];
    if (sha === anchor.sha256) {
      io.stdout(`Mốc khớp (anchor matches): ${name}\n`);
      return;
    }
    ok = false;
    io.stderr(
      sha === undefined
        ? `Lỗi: mốc ${name}: không còn dòng #${anchor.id}, nhật ký đã bị cắt (anchor: row #${anchor.id} is missing, the log was cut)\n`
        : `Lỗi: mốc ${name}: dòng #${anchor.id} có mã băm ${sha}, chuỗi đã bị viết lại tại hoặc trước dòng này ` +
            `(anchor: row #${anchor.id} has a different hash, the chain was rewritten at or before this row)\n`,
    );
  });
  return ok ? EXIT_OK : EXIT_FAILURE;
}

/** Writes beside the destination and renames, so a half-written export never looks finished. */
async function exportCsv(store: Store, out: string, io: CliIo): Promise<number> {
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
      for await (const chunk of auditCsvChunks(store.audit, {})) writeSync(fd, chunk);
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
