/** The audit API: who may read it, what the auth paths record, search, paging, CSV, bad queries. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditPageSchema, type AuditRow } from '../../server/protocol/audit.js';
import { openTestStore, startTestServer, type TestServer } from '../support/server.js';
import { ADMIN_PASSWORD, ApiClient, login, loginAdmin, userWithRoles, USER_PASSWORD } from '../support/session.js';

let server: TestServer;
let admin: ApiClient;
let operator: ApiClient;

/** Every row matching the query, newest first, following the keyset pages. */
async function allRows(query = ''): Promise<AuditRow[]> {
  const rows: AuditRow[] = [];
  let before: number | null | undefined;
  do {
    const sep = query ? '&' : '';
    const page = AuditPageSchema.parse(await admin.json(`/api/audit?${query}${sep}limit=200${before ? `&before=${before}` : ''}`));
    rows.push(...page.rows);
    before = page.nextBefore;
  } while (before);
  return rows;
}

/** RFC 4180, enough for the test: quoted fields with "" escapes and CRLF records. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') record.push(field), (field = '');
    else if (c === '\r' && text[i + 1] === '\n') {
      record.push(field), records.push(record), (record = []), (field = ''), i++;
    } else field += c;
  }
  expect(field, 'the file ends with CRLF').toBe('');
  return records;
}

beforeAll(async () => {
  server = await startTestServer();
  admin = await loginAdmin(server.url);
  operator = await userWithRoles(admin, 'van-hanh', ['operator']);
});
afterAll(() => server.cleanup());

describe('access', () => {
  for (const path of ['/api/audit', '/api/audit/export.csv', '/api/audit/verify']) {
    it(`${path}: 401 without a session, 403 for an operator, 200 for the admin`, async () => {
      for (const [client, status] of [[new ApiClient(server.url), 401], [operator, 403]] as const) {
        const res = await client.get(path);
        expect(res.status).toBe(status);
        expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
      }
      expect((await admin.get(path)).status).toBe(200);
    });
  }
});

describe('what the sign-in and user paths record', () => {
  it('a failed login is found by the username that was tried, with the address', async () => {
    expect((await new ApiClient(server.url).post('/api/auth/login', { username: 'khach-la', password: 'đoán mò' })).status).toBe(401);
    const rows = await allRows('q=khach-la');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ action: 'login.failed', actor: 'khach-la', actorId: null, target: 'username:khach-la' });
    expect(rows[0]!.remoteAddress).toMatch(/127\.0\.0\.1/);
    expect(await allRows('actor=khach-la&action=login.failed')).toEqual(rows);
  });

  it('throttled logins, user create/update, password change and logout each leave one row', async () => {
    const anon = new ApiClient(server.url);
    for (let i = 0; i < 6; i++) await anon.post('/api/auth/login', { username: 'ke-do-mat-khau', password: `sai ${i}` });
    expect((await allRows('actor=ke-do-mat-khau&action=login.failed')).length).toBe(5);
    expect((await allRows('actor=ke-do-mat-khau&action=login.throttled')).length).toBe(1);

    const created = (await allRows('action=user.create')).find((r) => r.target.startsWith('user:') && (r.after as { username: string }).username === 'van-hanh')!;
    expect(created).toMatchObject({ actor: 'admin', before: null, after: { username: 'van-hanh', roles: ['operator'] } });
    expect(JSON.stringify(created.after)).not.toMatch(/password_hash|passwordHash|scrypt/);

    const id = Number(created.target.slice('user:'.length));
    expect((await admin.patch(`/api/users/${id}`, { roles: ['operator', 'approver'] })).status).toBe(200);
    const [updated] = await allRows(`action=user.update&q=${encodeURIComponent(`user:${id}`)}`);
    expect(updated).toMatchObject({ actor: 'admin', before: { roles: ['operator'] }, after: { roles: ['operator', 'approver'] } });

    const again = await login(server.url, 'van-hanh', USER_PASSWORD);
    expect((await again.post('/api/auth/password', { currentPassword: USER_PASSWORD, newPassword: 'mật khẩu mới đủ dài 2021' })).status).toBe(200);
    expect((await again.post('/api/auth/password', { currentPassword: 'không đúng', newPassword: 'mật khẩu mới đủ dài 2022' })).status).toBe(403);
    expect((await again.post('/api/auth/logout', {})).status).toBe(200);
    const mine = await allRows('actor=van-hanh');
    expect(mine.map((r) => r.action).slice(0, 4)).toEqual(['user.logout', 'password.change-failed', 'user.password-change', 'user.login']);
  });
});

describe('search and paging', () => {
  it('pages newest first without overlap and ends with nextBefore null', async () => {
    const everything = await allRows();
    const paged: AuditRow[] = [];
    let before: number | null = null;
    do {
      const page = AuditPageSchema.parse(await admin.json(`/api/audit?limit=3${before ? `&before=${before}` : ''}`));
      expect(page.rows.length).toBeLessThanOrEqual(3);
      paged.push(...page.rows);
      before = page.nextBefore;
    } while (before);
    expect(paged.map((r) => r.id)).toEqual(everything.map((r) => r.id));
    expect(paged.map((r) => r.id)).toEqual([...paged.map((r) => r.id)].sort((a, b) => b - a));
  });

  it('filters by local calendar day (Asia/Ho_Chi_Minh) and by instant', async () => {
    const now = new Date();
    const today = new Date(now.getTime() + 7 * 3600_000).toISOString().slice(0, 10);
    const yesterday = new Date(now.getTime() + 7 * 3600_000 - 86_400_000).toISOString().slice(0, 10);
    const all = await allRows();
    expect(await allRows(`from=${today}&to=${today}`)).toEqual(all);
    expect(await allRows(`to=${yesterday}`)).toEqual([]);
    expect(await allRows(`from=${encodeURIComponent(new Date(now.getTime() + 60_000).toISOString())}`)).toEqual([]);
    expect(await allRows(`to=${encodeURIComponent(new Date(now.getTime() + 60_000).toISOString().replace('Z', '+00:00'))}`)).toEqual(all);
  });

  it('finds Vietnamese text typed in decomposed form (NFD)', async () => {
    const name = 'Nguyễn Thị Hằng';
    expect((await admin.post('/api/users', { username: 'hang', displayName: name.normalize('NFD'), roles: ['viewer'], password: USER_PASSWORD })).status).toBe(201);
    const rows = await allRows(`q=${encodeURIComponent('Thị Hằng'.normalize('NFD'))}`);
    expect(rows.map((r) => r.action)).toContain('user.create');
    expect((rows[0]!.after as { displayName: string }).displayName).toBe(name.normalize('NFC'));
  });
});

describe('bad queries are refused with 400 problem+json', () => {
  const BAD = [
    '/api/audit?limit=0',
    '/api/audit?limit=201',
    '/api/audit?limit=nhiều',
    '/api/audit?before=-1',
    '/api/audit?bogus=1',
    '/api/audit?q=a&q=b',
    '/api/audit?action=User%20Login',
    '/api/audit?from=03/02/2020',
    '/api/audit?from=2020-02-30',
    '/api/audit?from=2020-02-03T08:00:00',
    '/api/audit?from=2020-02-04&to=2020-02-03',
    '/api/audit/export.csv?limit=5',
    '/api/audit/export.csv?to=h%C3%B4m%20qua',
    '/api/audit/verify?x=1',
  ];
  for (const path of BAD) {
    it(path, async () => {
      const res = await admin.get(path);
      const body = (await res.json()) as { status: number; errors?: { path: string; message: string }[] };
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect(body.errors?.[0]?.path).toMatch(/^query/);
      expect(body.errors?.[0]?.message).toBeTruthy();
    });
  }
});

describe('CSV export', () => {
  it('is UTF-8 with a BOM, RFC 4180, a header, both times, and Vietnamese in NFC', async () => {
    const res = await admin.get('/api/audit/export.csv');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="nhat-ky-pano-\d{8}-\d{4}\.csv"$/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    const [header, ...records] = parseCsv(text.slice(1));
    expect(header![0]).toBe('Mã dòng (id)');
    expect(header).toHaveLength(11);
    const all = await allRows();
    expect(records.map((r) => Number(r[0]))).toEqual(all.map((r) => r.id));
    const created = records.find((r) => r[5] === 'user.create' && r[8]!.includes('"hang"'))!;
    expect(created[8]).toContain('Nguyễn Thị Hằng'.normalize('NFC'));
    expect(created[8]!.normalize('NFC')).toBe(created[8]);
    expect(JSON.parse(created[8]!)).toMatchObject({ username: 'hang' });
    expect(created[1]).toMatch(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2}$/);
    expect(created[2]).toBe(all.find((r) => r.id === Number(created[0]))!.at);
  });

  it('neutralises cells that a spreadsheet would run as formulas', async () => {
    // Actors come from many places (displays, imports, the CLI); the export must not trust any.
    const store = await openTestStore(server);
    for (const actor of ['=HYPERLINK("http://x.invalid","bấm")', '+1+1', '-2+3', '@SUM(A1)']) {
      await store.audit.append({ actorId: null, actor, action: 'test.formula', target: 'csv' });
    }
    await store.close();
    const text = await (await admin.get('/api/audit/export.csv?action=test.formula')).text();
    const [, ...records] = parseCsv(text.replace(/^\uFEFF/, ''));
    expect(records.map((r) => r[3]).sort()).toEqual(["'+1+1", "'-2+3", '\'=HYPERLINK("http://x.invalid","bấm")', "'@SUM(A1)"].sort());
    expect(text).toContain('"\'=HYPERLINK(""http://x.invalid"",""bấm"")"');
  });

  it('applies the same filters as the search', async () => {
    const text = await (await admin.get('/api/audit/export.csv?q=khach-la')).text();
    const [, ...records] = parseCsv(text.replace(/^\uFEFF/, ''));
    expect(records.map((r) => r[5])).toEqual(['login.failed']);
  });
});

it('the admin password never appears in the log', async () => {
  const text = await (await admin.get('/api/audit/export.csv')).text();
  expect(text).not.toContain(ADMIN_PASSWORD);
  expect(text).not.toContain(USER_PASSWORD);
});
