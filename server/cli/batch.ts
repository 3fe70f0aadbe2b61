/** `pano batch`: many approved slogans × one size → one multi-page PDF and/or a ZIP, or PNGs. */
import { mkdir, mkdtemp, readdir, rename, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { checkDestination, checkSpec, findPrintableSlogan, printableItem, removeOrphanedPartials, renderJob, STAGING_PREFIX, trackPartial } from '../print/index.js';
import type { PlayableSlogan } from '../db/content-repository.js';
import { normalizeText } from '../protocol/text.js';
import type { Store } from '../store.js';
import { auditCliPrint, openServerStore } from './store.js';
import { progressBar, requireSize, settingsFromFlags, SIZE_FLAGS, SIZE_HELP, SizeFlagsSchema } from './print-flags.js';
import { EXIT_OK, parseFlags, UsageError, validateFlags, type CliIo } from './usage.js';

export const BATCH_HELP = `Cách dùng: pano batch (--slogans <mã,mã,…> | --all [--tag <thẻ>] [--event <sự kiện>]) (--preset <mã> | --width <mm> --height <mm>) --out-dir <thư mục> [tùy chọn]

In nhiều khẩu hiệu ĐÃ DUYỆT cùng một khổ:
  PDF  một tệp PDF nhiều trang (mỗi khẩu hiệu một trang); --zip thêm tệp ZIP, mỗi khẩu hiệu một PDF
  PNG  mỗi khẩu hiệu một ảnh PNG; --zip gộp các ảnh vào một tệp ZIP
Tên tệp theo khẩu hiệu và khổ, ví dụ greet-vpcp-congress-xxvi_5000x800mm.pdf; tệp trùng tên
trong thư mục đích bị thay. Trên terminal có thanh tiến độ.

Chọn khẩu hiệu:
  --slogans <mã,…>    số thứ tự hoặc khóa, cách nhau bằng dấu phẩy, theo thứ tự in
  --all               mọi khẩu hiệu đã duyệt; lọc thêm bằng --tag (ví dụ greeting) hoặc --event
  --format <pdf|png>  mặc định pdf
  --zip               thêm/gộp tệp ZIP
  --out-dir <thư mục> nơi ghi các tệp (tạo nếu chưa có)

${SIZE_HELP}

  -h, --help          hiện hướng dẫn này

Mã thoát: 0 thành công; 1 không in được; 2 dòng lệnh sai

Ví dụ: pano batch --all --preset bang-ron-5x0.8 --marks --slug --out-dir in/
`;

const BatchFlagsSchema = SizeFlagsSchema.extend({
  slogans: z
    .string()
    .transform((s) => s.split(',').map((r) => normalizeText(r)).filter(Boolean))
    .optional(),
  all: z.boolean().optional(),
  tag: z.string().optional(),
  event: z.string().optional(),
  format: z.enum(['pdf', 'png'], { error: '--format phải là pdf hoặc png (--format must be pdf or png)' }).default('pdf'),
  zip: z.boolean().optional(),
  'out-dir': z.string({ error: 'Thiếu tùy chọn --out-dir (missing --out-dir)' }),
}).superRefine(requireSize);

const FLAGS = {
  ...SIZE_FLAGS,
  slogans: { type: 'string' },
  all: { type: 'boolean' },
  tag: { type: 'string' },
  event: { type: 'string' },
  format: { type: 'string' },
  zip: { type: 'boolean' },
  'out-dir': { type: 'string' },
} as const;

export async function runBatch(args: string[], io: CliIo): Promise<number> {
  const flags = validateFlags(BatchFlagsSchema, parseFlags(args, FLAGS));
  if (!flags.all === !flags.slogans?.length) {
    throw new UsageError(['Chọn khẩu hiệu bằng --slogans hoặc --all, một trong hai (use either --slogans or --all)']);
  }
  if (!flags.all && (flags.tag || flags.event)) throw new UsageError(['--tag và --event chỉ dùng với --all (--tag and --event go with --all)']);
  const settings = settingsFromFlags(flags, flags.format, flags.zip ?? false);
  await checkSpec(settings);
  const { store, config } = await openServerStore(io);
  try {
    const outDir = path.resolve(flags['out-dir']);
    await mkdir(outDir, { recursive: true }).catch(() => undefined);
    checkDestination(path.join(outDir, 'pano-batch'));
    await removeOrphanedPartials(outDir);
    const ofEvent = flags.event ? new Set((await store.content.listItems({ kind: 'slogan', event: flags.event })).map((i) => i.id)) : undefined;
    const slogans = flags.all
      ? (await store.content.listApprovedSlogans()).filter((s) => (!flags.tag || s.tags.includes(flags.tag)) && (!ofEvent || ofEvent.has(s.id)))
      : await printableInOrder(store.content, flags.slogans!);
    if (slogans.length === 0) throw new UsageError(['Không có khẩu hiệu đã duyệt nào khớp bộ lọc (no approved slogan matches)']);
    const items = slogans.map(printableItem);
    if (new Set(items.map((i) => i.itemId)).size !== items.length) throw new UsageError(['Mỗi khẩu hiệu chỉ chọn một lần (a slogan is listed twice)']);
    // Rendered in a hidden folder beside the outputs, then moved in: no partial file under a real name,
    // and files already in the folder are replaced rather than mistaken for finished work.
    const staging = await mkdtemp(path.join(outDir, `${STAGING_PREFIX}${process.pid}-`));
    const untrack = trackPartial(staging);
    const bar = progressBar(io.stderr, io.isTty ?? false);
    try {
      const files = await renderJob(
        { settings, items, outDir: staging, baseName: 'bang-ron', createdAt: new Date().toISOString(), author: os.userInfo().username, timeZone: config.PANO_TIME_ZONE },
        { onProgress: (p) => bar.update(p.done, p.total, p.unit) },
      );
      bar.end();
      for (const name of await readdir(staging)) await rename(path.join(staging, name), path.join(outDir, name));
      await auditCliPrint(store, { artwork: 'banner', items, settings, files: files.map((f) => path.join(outDir, f.name)) });
      const kb = (b: number) => `${Math.max(1, Math.round(b / 1024))} KB`;
      io.stdout(`Đã in ${items.length} khẩu hiệu, ${settings.widthMm} × ${settings.heightMm} mm:\n${files.map((f) => `  ${path.join(outDir, f.name)} (${kb(f.bytes)})\n`).join('')}`);
      return EXIT_OK;
    } finally {
      await rm(staging, { recursive: true, force: true });
      untrack();
    }
  } finally {
    await store.close();
  }
}

/** The slogans named, one after the other: the first wrong name is the one reported. */
async function printableInOrder(content: Store['content'], refs: readonly string[]): Promise<PlayableSlogan[]> {
  const slogans: PlayableSlogan[] = [];
  for (const ref of refs) slogans.push(await findPrintableSlogan(content, ref));
  return slogans;
}
