import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../server/log.js';
import { warnCertificateExpiry, type TlsMaterial } from '../../../server/tls.js';

/** 21:40 UTC on 3 September is already 4 September in Vietnam. */
const validTo = new Date('2025-09-03T21:40:37Z');
const tls: TlsMaterial = { cert: Buffer.alloc(0), key: Buffer.alloc(0), validTo };
const DAY = 24 * 60 * 60 * 1000;

function warnings(now: Date, timeZone = 'Asia/Ho_Chi_Minh') {
  const lines: string[] = [];
  warnCertificateExpiry(tls, timeZone, createLogger('debug', (l) => lines.push(l)), now);
  return lines.map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('certificate expiry warning', () => {
  it('says nothing while more than 30 days are left', () => {
    expect(warnings(new Date(validTo.getTime() - 31 * DAY))).toEqual([]);
  });

  it('warns within 30 days, with the date as Vietnam reads it', () => {
    expect(warnings(new Date(validTo.getTime() - 30 * DAY))).toEqual([
      expect.objectContaining({ level: 'warn', msg: 'tls certificate expires soon', expires: '04/09/2025', daysLeft: 30, validTo: validTo.toISOString() }),
    ]);
    const [soon] = warnings(new Date(validTo.getTime() - 2 * DAY + 1000));
    expect(soon).toMatchObject({ daysLeft: 2 });
    expect(soon!.detail).toBe(
      'Chứng chỉ TLS hết hạn ngày 04/09/2025 (còn 2 ngày); hãy gia hạn rồi khởi động lại Pano ' +
        '(the TLS certificate expires on 04/09/2025, in 2 days; renew it, then restart Pano)',
    );
  });

  it('follows PANO_TIME_ZONE', () => {
    expect(warnings(new Date(validTo.getTime() - DAY), 'UTC')).toEqual([expect.objectContaining({ expires: '03/09/2025' })]);
  });

  it('says an expired certificate has expired', () => {
    for (const now of [validTo, new Date(validTo.getTime() + 400 * DAY)]) {
      const [expired] = warnings(now);
      expect(expired).toMatchObject({ level: 'warn', msg: 'tls certificate expired', expires: '04/09/2025' });
      expect(expired!.detail).toContain('Chứng chỉ TLS đã hết hạn ngày 04/09/2025');
      expect(expired!.detail).toContain('(the TLS certificate expired on 04/09/2025');
    }
  });
});
