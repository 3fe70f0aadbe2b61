import { describe, expect, it } from 'vitest';
import {
  AUDIT_CSV_HEADER,
  AuditExportQuerySchema,
  AuditSearchQuerySchema,
  auditCsvRecord,
  csvCell,
  describeChain,
  formatAuditTime,
  type AuditRow,
} from '../../server/protocol/audit.js';
import { exportFileName, toFilters } from '../../server/routes/audit.js';
import { HttpProblem } from '../../server/http/problem.js';

describe('csvCell (RFC 4180, formula-safe)', () => {
  it.each([
    ['plain', 'plain'],
    ['Nguyễn Văn Hành', 'Nguyễn Văn Hành'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['line\r\nbreak', '"line\r\nbreak"'],
    ['=1+1', "'=1+1"],
    ['+84 24 3825', "'+84 24 3825"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\t=1', "'\t=1"],
    ['=HYPERLINK("x","y")', '"\'=HYPERLINK(""x"",""y"")"'],
    ['a=b', 'a=b'],
    ['', ''],
  ])('%j → %j', (input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });

  it('writes null as an empty cell and numbers as they are', () => {
    expect(csvCell(null)).toBe('');
    expect(csvCell(42)).toBe('42');
  });
});

describe('formatAuditTime', () => {
  it('reads the instant in Asia/Ho_Chi_Minh (UTC+7), dd/mm/yyyy HH:mm:ss', () => {
    expect(formatAuditTime('2020-02-02T17:00:00.000Z')).toBe('03/02/2020 00:00:00');
    expect(formatAuditTime('2021-02-01T09:30:05.123Z')).toBe('01/02/2021 16:30:05');
  });
});

describe('auditCsvRecord', () => {
  const row: AuditRow = {
    id: 7,
    at: '2020-10-27T01:02:03.000Z',
    actorId: 1,
    actor: 'admin',
    action: 'user.update',
    target: 'user:3',
    before: { displayName: 'Hành' },
    after: { displayName: 'Nguyễn Văn Hành', roles: ['operator'] },
    remoteAddress: '::1',
    prevSha256: 'a'.repeat(64),
    rowSha256: 'b'.repeat(64),
  };

  it('has one cell per header column, CRLF-terminated', () => {
    const line = auditCsvRecord(row);
    expect(line.endsWith('\r\n')).toBe(true);
    expect(line).toBe(
      `7,27/10/2020 08:02:03,2020-10-27T01:02:03.000Z,admin,1,user.update,user:3,"{""displayName"":""Hành""}",` +
        `"{""displayName"":""Nguyễn Văn Hành"",""roles"":[""operator""]}",::1,${'b'.repeat(64)}\r\n`,
    );
    expect(AUDIT_CSV_HEADER).toHaveLength(11);
  });

  it('leaves absent before/after empty', () => {
    expect(auditCsvRecord({ ...row, before: null, after: null })).toContain(',user:3,,,::1,');
  });
});

describe('search query', () => {
  it('defaults the page size and treats empty form fields as absent', () => {
    expect(AuditSearchQuerySchema.parse({ q: ' ', action: '', limit: '' })).toEqual({ limit: 50 });
  });

  it('normalises the search text to NFC', () => {
    expect(AuditSearchQuerySchema.parse({ q: 'Hằng'.normalize('NFD') }).q).toBe('Hằng'.normalize('NFC'));
  });

  it('refuses unknown parameters, repeated ones, and paging in the export', () => {
    expect(AuditSearchQuerySchema.safeParse({ page: '2' }).success).toBe(false);
    expect(AuditSearchQuerySchema.safeParse({ actor: ['a', 'b'] }).success).toBe(false);
    expect(AuditExportQuerySchema.safeParse({ before: '10' }).success).toBe(false);
  });

  it.each(['2020-02-03', '2020-02-03T08:00:00+07:00', '2020-02-03T01:00Z', '2020-02-03T01:00:00.5Z'])('accepts %s', (bound) => {
    expect(AuditSearchQuerySchema.safeParse({ from: bound }).success).toBe(true);
  });

  it.each(['03/02/2020', '2020-02-30', '2020-02-03T08:00:00', 'hôm qua', '2020-2-3'])('refuses %s', (bound) => {
    expect(AuditSearchQuerySchema.safeParse({ to: bound }).success).toBe(false);
  });
});

describe('toFilters: dates are whole local days in Asia/Ho_Chi_Minh', () => {
  it('"from" a date starts at its local midnight, "to" a date ends at the next one', () => {
    expect(toFilters({ from: '2020-02-03', to: '2020-02-03' })).toEqual({ from: '2020-02-02T17:00:00.000Z', to: '2020-02-03T17:00:00.000Z' });
  });

  it('instants keep their moment, in the stored form', () => {
    expect(toFilters({ from: '2021-02-01T08:00:00+07:00', to: '2021-02-01T02:00Z' })).toEqual({
      from: '2021-02-01T01:00:00.000Z',
      to: '2021-02-01T02:00:00.000Z',
    });
  });

  it('a reversed or empty range is a 400', () => {
    expect(() => toFilters({ from: '2020-02-04', to: '2020-02-03' })).toThrow(HttpProblem);
    expect(() => toFilters({ from: '2020-02-03T10:00Z', to: '2020-02-03T10:00Z' })).toThrow(HttpProblem);
  });
});

it('names the export after the local time', () => {
  expect(exportFileName(new Date('2020-02-02T17:05:00Z'))).toBe('nhat-ky-pano-20200203-0005.csv');
});

it('describes a broken chain with the row and the reason, in both languages', () => {
  expect(describeChain({ intact: false, rows: 5, brokenAt: 5, reason: 'gap' }).vi).toBe(
    'Chuỗi nhật ký bị phá vỡ tại dòng #5: thiếu (các) dòng ngay trước dòng này: đã bị xóa',
  );
  expect(describeChain({ intact: true, rows: 3, anchor: '3:' + 'a'.repeat(64) }).en).toBe('Audit chain intact (3 rows)');
});
