/**
 * The certificate and key for HTTPS, read and checked only where the server starts: the config
 * carries just the paths, so `pano` commands never need to read the service's private key.
 */
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createSecureContext } from 'node:tls';
import { invalidSettings, type Config } from './config.js';
import type { Logger } from './log.js';
import { formatDate } from './protocol/wall-clock.js';

export interface TlsMaterial {
  cert: Buffer;
  key: Buffer;
  /** End of validity of the first (the server's own) certificate in the chain. */
  validTo: Date;
}

type TlsSetting = 'TLS_CERT_FILE' | 'TLS_KEY_FILE';

/** Reads both files and checks that they serve together; throws a ConfigError naming the setting. */
export function loadTls(config: Pick<Config, 'tls'>): TlsMaterial | undefined {
  if (!config.tls) return undefined;
  const cert = readPem(config.tls.certFile, 'TLS_CERT_FILE');
  const key = readPem(config.tls.keyFile, 'TLS_KEY_FILE');
  let validTo: Date;
  try {
    validTo = new Date(new X509Certificate(cert).validTo);
  } catch (err) {
    throw invalid('TLS_CERT_FILE', `tệp ${config.tls.certFile} không phải chứng chỉ PEM (not a PEM certificate: ${reason(err)})`);
  }
  try {
    createSecureContext({ cert, key });
  } catch (err) {
    throw invalid('TLS_KEY_FILE', `chứng chỉ và khóa không dùng được cùng nhau (certificate and key do not work together: ${reason(err)})`);
  }
  return { cert, key, validTo };
}

/** Warn this long ahead: enough to get a certificate from the office's CA and restart. */
const EXPIRY_WARNING_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Logs a warning when the certificate has expired or expires within EXPIRY_WARNING_DAYS. */
export function warnCertificateExpiry(tls: TlsMaterial, timeZone: string, log: Logger, now: Date = new Date()): void {
  const left = tls.validTo.getTime() - now.getTime();
  if (left > EXPIRY_WARNING_DAYS * DAY_MS) return;
  const expires = formatDate(tls.validTo, timeZone);
  const fields = { validTo: tls.validTo.toISOString(), expires };
  if (left <= 0) {
    log.warn('tls certificate expired', {
      ...fields,
      detail:
        `Chứng chỉ TLS đã hết hạn ngày ${expires}: trình duyệt của màn hình sẽ từ chối kết nối; hãy gia hạn rồi khởi động lại Pano ` +
        `(the TLS certificate expired on ${expires}: kiosk browsers will refuse it; renew it, then restart Pano)`,
    });
    return;
  }
  const daysLeft = Math.ceil(left / DAY_MS);
  log.warn('tls certificate expires soon', {
    ...fields,
    daysLeft,
    detail:
      `Chứng chỉ TLS hết hạn ngày ${expires} (còn ${daysLeft} ngày); hãy gia hạn rồi khởi động lại Pano ` +
      `(the TLS certificate expires on ${expires}, in ${daysLeft} days; renew it, then restart Pano)`,
  });
}

function readPem(file: string, setting: TlsSetting): Buffer {
  try {
    return readFileSync(file);
  } catch (err) {
    const code = err instanceof Error && 'code' in err ? String(err.code) : reason(err);
    throw invalid(setting, `không đọc được tệp ${file} (cannot read the file: ${code})`);
  }
}

const invalid = (setting: TlsSetting, message: string) => invalidSettings([{ setting, message }]);

const reason = (err: unknown) => (err instanceof Error ? err.message : String(err));
