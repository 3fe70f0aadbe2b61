import os from 'node:os';
import { z } from 'zod';

const optionalFile = z.preprocess((v) => (v === '' ? undefined : v), z.string().min(1).optional());

/** Every setting comes from the environment, parsed once at start; bad values stop the process. */
const ConfigSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('./data'),
  /**
   * PostgreSQL (postgres://user:password@host:5432/pano) shared by several Pano nodes; unset, the
   * database is SQLite in DATA_DIR as always. Never logged as it is: it holds a password.
   */
  DATABASE_URL: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z
      .string()
      .refine(isPostgresUrl, {
        message: 'phải là địa chỉ PostgreSQL dạng postgres://người-dùng:mật-khẩu@máy:5432/tên-cơ-sở-dữ-liệu (must be a postgres:// or postgresql:// URL)',
      })
      .optional(),
  ),
  /** Which node answered, in /healthz and the log: several nodes behind one load balancer. */
  PANO_NODE_ID: z
    .string()
    .trim()
    .default(() => os.hostname())
    .pipe(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/, 'tên nút gồm 1–63 ký tự A–Z, a–z, 0–9, . _ - (node id: 1–63 letters, digits, . _ -)')),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  PANO_TIME_ZONE: z
    .string()
    .default('Asia/Ho_Chi_Minh')
    .refine(isTimeZone, { message: 'không phải múi giờ IANA hợp lệ (ví dụ Asia/Ho_Chi_Minh)' }),
  /** Extra origins allowed for state-changing requests and WS upgrades; the server's own origin always is. */
  ALLOWED_ORIGINS: z
    .string()
    .default('')
    .transform((s) => s.split(',').map((o) => o.trim()).filter(Boolean))
    .pipe(z.array(z.url({ message: 'mỗi origin phải là URL đầy đủ, ví dụ http://10.0.0.5:8080' }))),
  /** The first admin account; without ADMIN_PASSWORD a one-time setup link is logged instead. */
  ADMIN_USER: z
    .string()
    .regex(/^[a-z0-9][a-z0-9._-]{1,31}$/, 'tên đăng nhập gồm 2–32 ký tự a–z, 0–9, . _ -')
    .default('admin'),
  ADMIN_PASSWORD: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.string().min(12, 'cần ít nhất 12 ký tự').max(256).optional(),
  ),
  /** Behind a TLS-terminating reverse proxy: trust its X-Forwarded-* so cookies get Secure. */
  TRUST_PROXY: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  /** Host names (no port) browsers use to reach Pano besides IP addresses and localhost, comma-separated. */
  ALLOWED_HOSTS: z
    .string()
    .default('')
    .transform((s) => s.split(',').map((h) => h.trim().toLowerCase()).filter(Boolean))
    .pipe(z.array(z.string().regex(/^[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?$/, 'mỗi tên máy gồm a–z, 0–9, dấu chấm, gạch ngang, ví dụ pano.vpcp.local'))),
  /**
   * Requests per minute one client address may make to the web zone's public channel (JSON, feed,
   * banner); behind a reverse proxy set TRUST_PROXY, or every visitor counts as the proxy.
   */
  WEB_CHANNEL_REQUESTS_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(120),
  /** SQLite synchronous level: NORMAL survives process crashes, FULL also power loss. */
  DB_SYNCHRONOUS: z.enum(['NORMAL', 'FULL']).default('FULL'),
  /** How long a write waits for a database lock held elsewhere (a backup, a `pano` command) before it fails. */
  DB_BUSY_TIMEOUT_MS: z.coerce.number().int().min(0).max(600_000).default(5000),
  /**
   * Free space kept on DATA_DIR's disk: below it, /healthz says degraded and requests that add
   * data are refused (507) before SQLite or a file write meets a full disk.
   */
  DISK_RESERVE_MB: z.coerce.number().min(0).max(1_000_000).default(64),
  /**
   * Serve HTTPS (and WSS) directly with this PEM certificate chain and key. A secure origin lets
   * kiosks' service workers run, so a screen restarts offline without a browser flag.
   */
  TLS_CERT_FILE: optionalFile,
  TLS_KEY_FILE: optionalFile,
})
  .transform((c, ctx) => {
    const { TLS_CERT_FILE: certFile, TLS_KEY_FILE: keyFile, ...rest } = c;
    if (!certFile && !keyFile) return { ...rest, tls: undefined };
    if (!certFile || !keyFile) {
      ctx.addIssue({ code: 'custom', path: [certFile ? 'TLS_KEY_FILE' : 'TLS_CERT_FILE'], message: 'TLS_CERT_FILE và TLS_KEY_FILE phải đặt cùng nhau' });
      return z.NEVER;
    }
    // Only the paths: the files are read where the server starts (server/tls.ts), so `pano`
    // commands run by someone who cannot read the service's key still work.
    return { ...rest, tls: { certFile, keyFile } };
  });

export type Config = z.infer<typeof ConfigSchema>;

export class ConfigError extends Error {}

/** One error naming every bad setting; callers exit 78. */
export function invalidSettings(issues: { setting: string; message: string }[]): ConfigError {
  const lines = issues.map((i) => `  ${i.setting}: ${i.message}`);
  return new ConfigError(`Cấu hình không hợp lệ (invalid configuration):\n${lines.join('\n')}`);
}

export function parseConfig(env: Record<string, string | undefined>): Config {
  const result = ConfigSchema.safeParse(env);
  if (!result.success) {
    throw invalidSettings(result.error.issues.map((i) => ({ setting: i.path.join('.'), message: i.message })));
  }
  return result.data;
}

/**
 * postgres://[user[:password]@]host[:port]/database[?…], or a Unix socket directory in ?host=
 * with no host before the path (postgresql://postgres@/pano?host=/run/postgresql), which
 * WHATWG's URL refuses but libpq and node-postgres take.
 */
const POSTGRES_URL = /^postgres(?:ql)?:\/\/(?:[^@/?#\s]*@)?([^/?#@\s]*)(\/[^?#\s]*)?(\?[^#\s]*)?$/;

function isPostgresUrl(text: string): boolean {
  const match = POSTGRES_URL.exec(text);
  return match !== null && (match[1] !== '' || /[?&]host=/.test(match[3] ?? ''));
}

/** The database as the log may show it: SQLite's folder, or PostgreSQL's URL without its password. */
export function databaseLabel(config: Pick<Config, 'DATABASE_URL' | 'DATA_DIR'>): string {
  if (!config.DATABASE_URL) return `sqlite:${config.DATA_DIR}`;
  return config.DATABASE_URL.replace(/^(postgres(?:ql)?:\/\/[^:@/?#]*):[^@/?#]*@/, '$1:***@').replace(/([?&]password=)[^&#]*/g, '$1***');
}

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
