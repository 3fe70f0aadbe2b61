/**
 * Reading plan documents through the HTTP API: .txt, .docx (slogans in a table) and PDF are read
 * into proposals with their sources and nothing is stored; confirming is the ordinary plan
 * import. Bad documents (empty, not a plan, too large, binary, a .docx bomb) get a clear
 * problem+json and store nothing.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app.js';
import { userWithRoles, type ApiClient } from '../support/session.js';
import { docxBomb, textPdf, zipOf } from '../support/plan-documents.js';
import { tablePlanDocx, TABLE_PLAN_SLOGANS } from '../fixtures/plans/table-plan-docx.js';
import { PLAN_SLOGANS } from '../support/plan-slogans.js';
import { ItemListSchema, PlanListSchema } from '../../server/protocol/content.js';
import { PlanReadResultSchema, readingGaps, readingToPlan, type PlanReadResult } from '../../server/protocol/plan-reading.js';
import { AuditPageSchema } from '../../server/protocol/audit.js';
import { PLAN_DOCUMENT_LIMITS } from '../../server/routes/plan-reader.js';

const fixture = (name: string) => readFileSync(path.join(import.meta.dirname, '../fixtures/plans', name));

const app = useTestApp({ approver: ['ban-tuyen-giao', ['approver']], operator: ['van-hanh', ['operator']] });

function send(client: ApiClient, body: Uint8Array | string, contentType = 'application/octet-stream'): Promise<Response> {
  return fetch(`${client.baseUrl}/api/plans/read`, {
    method: 'POST',
    headers: { 'Content-Type': contentType, ...(client.cookie ? { Cookie: client.cookie } : {}) },
    body: typeof body === 'string' ? body : new Blob([new Uint8Array(body)]),
  });
}

async function read(client: ApiClient, body: Uint8Array | string, contentType?: string): Promise<PlanReadResult> {
  const res = await send(client, body, contentType);
  if (res.status !== 200) throw new Error(`read: ${res.status} ${await res.text()}`);
  return PlanReadResultSchema.parse(await res.json());
}

/** What would show that something was stored: the plans, the register and the audit log. */
async function stored() {
  const plans = PlanListSchema.parse(await app.admin.json('/api/plans')).plans.length;
  const items = ItemListSchema.parse(await app.admin.json('/api/items')).items.length;
  const audit = AuditPageSchema.parse(await app.admin.json('/api/audit?limit=200')).rows.length;
  return { plans, items, audit };
}

describe('reading a plan document', () => {
  it('reads 38-KH/ĐU as plain text (and as pasted text/plain) into its 15 slogans and 4 + 3 đợt, storing nothing', async () => {
    const before = await stored();
    const result = await read(app.approver, fixture('ke-hoach-38-KH-DU.txt'));
    expect(result.format).toBe('text');
    expect(result.reading.slogans.map((s) => s.text)).toEqual([...PLAN_SLOGANS]);
    expect(result.reading.campaigns.map((c) => c.phases.length)).toEqual([4, 3]);
    const pasted = await read(app.admin, fixture('ke-hoach-38-KH-DU.txt').toString('utf8'), 'text/plain; charset=utf-8');
    expect(pasted.reading).toEqual(result.reading);
    expect(await stored()).toEqual(before);
  });

  it('reads a .docx whose slogans sit in a table, and confirming imports it as a plan whose items await approval', async () => {
    const before = await stored();
    const result = await read(app.approver, await tablePlanDocx());
    expect(result.format).toBe('docx');
    const r = result.reading;
    expect(r.slogans.map((s) => s.text)).toEqual([...TABLE_PLAN_SLOGANS]);
    // The wrapped cell shows where it came from.
    expect(r.slogans[2]!.source.text).toContain('Thi đua lập thành tích chào mừng thành công Đại hội đại biểu Đảng bộ Sở Thử nghiệm lần thứ V!');
    expect(r.events).toMatchObject([{ kind: 'congress', opens: '2025-10-14T00:00', closes: '2025-10-17T00:00', dateSource: 'plan' }]);
    expect(r.places.map((p) => p.kind).sort()).toEqual(['gate', 'hall', 'lobby', 'web']);
    // Pano's guess at each slogan's celebratory nature, for the operator to confirm or change.
    expect(r.slogans.map((s) => s.celebratory)).toEqual([true, true, true, false]);
    expect(await stored()).toEqual(before);

    // The operator corrects one slogan and says the last one is celebratory after all, then confirms: the ordinary import.
    r.slogans[1]!.text = 'Đảng Cộng sản Việt Nam quang vinh muôn năm muôn năm!';
    r.slogans[3]!.celebratory = true;
    r.slogans[0]!.celebratory = false;
    expect(readingGaps(r)).toEqual([]);
    const res = await app.approver.post('/api/plans/import', readingToPlan(r));
    expect(res.status, await res.clone().text()).toBe(201);
    const items = ItemListSchema.parse(await app.admin.json('/api/items?source=07-KH%2F%C4%90U')).items;
    expect(items.map((i) => [i.status, i.latest.text])).toEqual([
      ['submitted', TABLE_PLAN_SLOGANS[0]],
      ['submitted', 'Đảng Cộng sản Việt Nam quang vinh muôn năm muôn năm!'],
      ['submitted', TABLE_PLAN_SLOGANS[2]],
      ['submitted', TABLE_PLAN_SLOGANS[3]],
    ]);
    expect(items.map((i) => i.celebratory)).toEqual([false, true, true, true]);
    const audit = AuditPageSchema.parse(await app.admin.json('/api/audit?limit=200')).rows;
    // The import audits the confirmation, by the person who confirmed.
    expect(audit.filter((a) => a.action === 'plan.import' && a.actor === 'ban-tuyen-giao')).toMatchObject([{ after: { document: { number: '07-KH/ĐU' } } }]);
    expect((await stored()).plans).toBe(before.plans + 1);
  });

  it('reads a .txt saved by Notepad as "Unicode" (UTF-16 with its BOM)', async () => {
    const text = fixture('ke-hoach-tuyen-truyen-nam-2027.txt').toString('utf8');
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const result = await read(app.approver, utf16);
    expect(result.format).toBe('text');
    expect(result.reading.document.signer.value).toBe('Trần Thị Thu Hằng');
    expect(result.reading.campaigns[0]!.phases).toHaveLength(5);
  });

  it('reads the text layer of a PDF', async () => {
    const result = await read(app.approver, textPdf(fixture('ke-hoach-ky-niem-135-nam-ngay-sinh-bac.txt').toString('utf8')));
    expect(result.format).toBe('pdf');
    expect(result.reading.document.number.value).toBe('21-KH/ĐU');
    expect(result.reading.slogans.map((s) => s.text)).toEqual([
      'Nhiệt liệt kỷ niệm 135 năm Ngày sinh Chủ tịch Hồ Chí Minh vĩ đại (19/5/1890 - 19/5/2025)!',
      'Chủ tịch Hồ Chí Minh vĩ đại sống mãi trong sự nghiệp của chúng ta!',
      'Đời đời nhớ ơn Chủ tịch Hồ Chí Minh - Người anh hùng giải phóng dân tộc, danh nhân văn hóa thế giới!',
      'Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh!',
    ]);
  });
});

describe('bad documents get a clear error and store nothing', () => {
  async function refused(body: Uint8Array | string, status: number, detail: RegExp, contentType?: string) {
    const before = await stored();
    const res = await send(app.approver, body, contentType);
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    const problem = (await res.json()) as { title: string; detail: string };
    expect(problem.detail).toMatch(detail);
    // Vietnamese first, then English.
    expect(problem.detail).toMatch(/ — EN: /);
    expect(await stored()).toEqual(before);
  }

  it('an empty file', () => refused(new Uint8Array(0), 400, /Tệp trống/));
  it('a text that is not a plan', () => refused('Biên bản họp chi bộ tháng 3/2026.\nCác đồng chí nhất trí thông qua.', 422, /không giống một kế hoạch/, 'text/plain'));
  it('a binary file renamed .docx', () => refused(Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)), 400, /không phải văn bản/));
  it('a zip that is not a Word document', () => refused(zipOf([{ name: 'anh.txt', data: Buffer.from('xin chào') }]), 400, /không phải văn bản Word/));
  it('a Word 97-2003 .doc', () => refused(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), 400, /Word 97-2003/));
  it('a .docx bomb that declares its huge XML', () => refused(docxBomb(40 * 1024 * 1024, { lie: false }), 413, /bom nén/));
  it('a .docx bomb that lies about its sizes', () => refused(docxBomb(40 * 1024 * 1024, { lie: true }), 413, /bom nén/));
  it('a 50 MB file, refused at the HTTP boundary', () => refused(Buffer.alloc(50 * 1024 * 1024, 0x41), 413, /tối đa 10 MB/));

  it('only those who may import plans may read one', async () => {
    expect((await send(app.operator, 'KẾ HOẠCH')).status).toBe(403);
    expect((await send(new (app.operator.constructor as typeof ApiClient)(app.server.url), 'KẾ HOẠCH')).status).toBe(401);
  });
});

describe('rate limit', () => {
  it(`allows ${PLAN_DOCUMENT_LIMITS.perMinute} reads a minute per user, then 429 with Retry-After`, async () => {
    const reader = await userWithRoles(app.admin, 'doc-nhieu', ['approver']);
    for (let i = 0; i < PLAN_DOCUMENT_LIMITS.perMinute; i++) expect((await send(reader, new Uint8Array(0))).status).toBe(400);
    const res = await send(reader, new Uint8Array(0));
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
