/**
 * The register's repositories (items, revisions and their files, decisions; the national calendar;
 * the plan report's reads) run the same queries on SQLite and on PostgreSQL, with the same
 * answers: filters on JSON arrays, search with escaped LIKE, the upsert of a draft's file,
 * approvals withdrawn, the calendar's order, and proof of play read page by page.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresEngine, openSqliteEngine, type Engine } from '../../server/db/engine.js';
import { ContentRepository, type Actor, type NewItem } from '../../server/db/content-repository.js';
import { NationalDayRepository } from '../../server/db/national-day-repository.js';
import { PlanReportRepository, type ProofSpan } from '../../server/db/plan-report-repository.js';
import { WHOLE_PICTURE, type RevisionMedia } from '../../server/protocol/media.js';
import { usePostgres, type TestPostgres } from '../support/postgres.js';

const AT = new Date('2026-01-05T02:00:00.000Z');
const GREETING = 'Nhiệt liệt chào mừng Đại hội Đảng bộ lần thứ XXVI';
const GREETING_2 = 'NHIỆT LIỆT CHÀO MỪNG THÀNH CÔNG ĐẠI HỘI ĐẢNG BỘ LẦN THỨ XXVI: KỶ NIỆM, ĐOÀN KẾT, TIẾN LÊN';

function slogan(key: string, text: string, extra: Partial<NewItem> = {}): NewItem {
  return {
    key,
    kind: 'slogan',
    text,
    title: null,
    tags: ['greeting'],
    celebratory: true,
    events: ['dai-hoi-xxvi'],
    places: ['lobby'],
    source: { document: '38-KH/ĐU', issuer: 'Đảng ủy Văn phòng Chính phủ', issuedOn: '2020-02-17', section: 'II.1' },
    sourceDocumentId: null,
    ...extra,
  };
}

const picture = (mediaId: string, credit: string): RevisionMedia => ({ kind: 'picture', mediaId, credit, takenOn: '2025-12-30', focus: WHOLE_PICTURE, width: 1600, height: 900 });

async function addUser(engine: Engine, username: string): Promise<Actor> {
  const { id } = await engine.db
    .insertInto('users')
    .values({ username, display_name: username, roles_json: '["operator"]', password_hash: null, setup_token_sha256: null, created_at: AT.toISOString(), updated_at: AT.toISOString() })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id, username };
}

describe.each(['sqlite', 'postgres'] as const)('on %s', (kind) => {
  let engine: Engine;
  let postgres: TestPostgres | undefined;
  let dataDir: string | undefined;

  beforeAll(async () => {
    if (kind === 'sqlite') {
      dataDir = mkdtempSync(path.join(tmpdir(), 'pano-content-'));
      engine = openSqliteEngine(dataDir, { synchronous: 'NORMAL' });
    } else {
      postgres = await usePostgres();
      engine = await openPostgresEngine(await postgres.createDatabase());
    }
  }, 120_000);
  afterAll(async () => {
    await engine?.close();
    await postgres?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps the register: create, submit, approve, a new revision in review, filters, search, retire', async () => {
    const content = new ContentRepository(engine.db);
    const operator = await addUser(engine, 'van-hanh');
    const approver = await addUser(engine, 'duyet');

    const id = await content.create(slogan('chao-mung', GREETING), operator, AT);
    expect(await content.workflowState(id)).toEqual({ retired: false, hasApproved: false, latest: { status: 'draft', createdBy: operator.id, submittedBy: null } });
    await content.submit(id, operator, AT);
    await content.decide(id, 'approve', 'Đúng tinh thần Kế hoạch 38-KH/ĐU', approver, AT);
    const approved = (await content.listApprovedSlogans()).find((s) => s.id === id)!;
    expect(approved).toMatchObject({ key: 'chao-mung', text: GREETING, status: 'approved', tags: ['greeting'] });
    expect((await content.findSlogan(String(id)))!.revisionId).toBe(approved.revisionId);
    expect((await content.findSlogan('chao-mung'))!.revisionId).toBe(approved.revisionId);
    expect(await content.findSlogan('khong-co')).toBeUndefined();

    // An edit of approved text is a new revision; screens keep the approved one meanwhile.
    await content.revise(id, GREETING_2, null, operator, AT, true);
    await content.submit(id, operator, AT);
    const item = (await content.getItem(id))!;
    expect(item).toMatchObject({ status: 'approved', approved: { number: 1, text: GREETING }, latest: { number: 2, status: 'submitted', text: GREETING_2, createdBy: 'van-hanh', submittedBy: 'van-hanh' } });
    expect((await content.listApprovedSlogans()).find((s) => s.id === id)!.text).toBe(GREETING);
    expect((await content.listSlogans()).find((s) => s.id === id)!.text).toBe(GREETING);

    const other = await content.create(slogan('doan-ket', 'Đoàn kết, kỷ cương, đổi mới, sáng tạo', { tags: ['evergreen'], events: [], celebratory: false }), operator, AT, 'submitted');
    const ids = async (query: Parameters<ContentRepository['listItems']>[0]) => (await content.listItems(query)).map((i) => i.id);
    expect(await ids({})).toEqual([id, other]);
    expect(await ids({ status: 'submitted' })).toEqual([id, other]);
    expect(await ids({ status: 'approved' })).toEqual([id]);
    expect(await ids({ event: 'dai-hoi-xxvi' })).toEqual([id]);
    expect(await ids({ tag: 'evergreen' })).toEqual([other]);
    expect(await ids({ kind: 'message' })).toEqual([]);
    expect(await ids({ source: '38-KH/ĐU' })).toEqual([id, other]);
    // Any revision's words; ASCII letters in any case; % and _ are letters, not wildcards.
    expect(await ids({ q: 'Đại hội' })).toEqual([id]);
    expect(await ids({ q: 'xxvi' })).toEqual([id]);
    expect(await ids({ q: 'kỷ cương' })).toEqual([other]);
    expect(await ids({ q: '100%' })).toEqual([]);
    expect(await ids({ q: '_' })).toEqual([]);
    // Typed decomposed, found composed.
    expect(await ids({ q: 'kỷ cương'.normalize('NFD') })).toEqual([other]);

    const detail = (await content.getDetail(id))!;
    expect(detail.revisions.map((r) => [r.number, r.status])).toEqual([[1, 'approved'], [2, 'submitted']]);
    expect(detail.decisions.map((d) => [d.decision, d.revisionNumber, d.by, d.reason])).toEqual([
      ['submit', 1, 'van-hanh', ''],
      ['approve', 1, 'duyet', 'Đúng tinh thần Kế hoạch 38-KH/ĐU'],
      ['submit', 2, 'van-hanh', ''],
    ]);
    expect(await content.getDetail(999_999)).toBeUndefined();
    expect((await content.findByKey('doan-ket'))!.id).toBe(other);
    expect(await content.keyExists('chao-mung')).toBe(true);
    expect(await content.freeKey('chao-mung')).toBe('chao-mung-2');
    expect(await content.freeKey('moi')).toBe('moi');

    await content.retire(id, 'Quốc tang: thu hồi khẩn cấp', approver, AT);
    expect((await content.getItem(id))!.status).toBe('retired');
    expect((await content.listApprovedSlogans()).map((s) => s.id)).not.toContain(id);
  });

  it('withdraws approvals no person gave, and only those, in one transaction', async () => {
    const content = new ContentRepository(engine.db);
    const approver = { id: (await engine.db.selectFrom('users').select('id').where('username', '=', 'duyet').executeTakeFirstOrThrow()).id, username: 'duyet' };
    const byPlan = await content.create(slogan('muon-nam', 'Nước Cộng hòa xã hội chủ nghĩa Việt Nam muôn năm!'), null, AT, 'submitted');
    const byPerson = await content.create(slogan('quang-vinh', 'Đảng Cộng sản Việt Nam quang vinh muôn năm!'), null, AT, 'submitted');
    await content.decide(byPerson, 'approve', 'Duyệt', approver, AT);
    // As version 9 stored the plan's items: approved, with no decision by anyone.
    const revision = (await content.getItem(byPlan))!.latest.id;
    await engine.db.updateTable('content_revisions').set({ status: 'approved' }).where('id', '=', revision).execute();
    await engine.db.updateTable('content_items').set({ status: 'approved', approved_revision_id: revision }).where('id', '=', byPlan).execute();

    expect(await content.withdrawApprovalsWithoutPerson(AT)).toEqual([{ id: byPlan, key: 'muon-nam', revisionId: revision }]);
    expect(await content.getItem(byPlan)).toMatchObject({ status: 'submitted', approved: null, latest: { status: 'submitted', submittedAt: AT.toISOString() } });
    expect((await content.getItem(byPerson))!.status).toBe('approved');
    expect(await content.withdrawApprovalsWithoutPerson(AT)).toEqual([]);
  });

  it("stores a picture's file with its revision, and replaces it while a draft", async () => {
    const content = new ContentRepository(engine.db);
    const operator = { id: (await engine.db.selectFrom('users').select('id').where('username', '=', 'van-hanh').executeTakeFirstOrThrow()).id, username: 'van-hanh' };
    const hall = picture('a'.repeat(64), 'Ban Tuyên giáo Đảng ủy');
    const id = await content.create({ ...slogan('hoi-truong', 'Hội trường Đại hội'), kind: 'picture', media: hall }, operator, AT);
    expect((await content.getItem(id))!.latest.media).toEqual(hall);
    const flags = { ...picture('b'.repeat(64), 'Cờ hoa rực rỡ'), focus: { x: 0.1, y: 0.2, width: 0.5, height: 0.5 } };
    await content.revise(id, 'Cờ hoa chào mừng Đại hội', null, operator, AT, false, flags);
    const detail = (await content.getDetail(id))!;
    expect(detail.revisions).toHaveLength(1);
    expect(detail.latest).toMatchObject({ text: 'Cờ hoa chào mừng Đại hội', media: flags });
    expect((await content.getItem((await content.findByKey('chao-mung'))!.id))!.latest.media).toBeNull();
  });

  it('keeps the national calendar: ordered as a year runs, found by date, renamed, its uses named, deleted', async () => {
    const days = new NationalDayRepository(engine.db);
    const founding = await days.create({ id: 'thanh-lap-co-quan', nameVi: 'Ngày thành lập Văn phòng', nameEn: 'Office founding day', kind: 'anniversary', calendar: 'solar', month: 8, day: 28 }, AT);
    expect(founding).toMatchObject({ id: 'thanh-lap-co-quan', calendar: 'solar', builtIn: false, note: null });
    await days.create({ id: 'le-hoi-lang', nameVi: 'Lễ hội làng', nameEn: 'Village festival', kind: 'holiday', calendar: 'lunar', month: 1, day: 6, note: 'Âm lịch' }, AT);
    await days.create({ id: 'ngay-dau-nam', nameVi: 'Ngày đầu năm của cơ quan', nameEn: 'Office new year', kind: 'holiday', calendar: 'solar', month: 1, day: 2 }, AT);
    const mine = (await days.list()).map((d) => d.id).filter((d) => ['thanh-lap-co-quan', 'le-hoi-lang', 'ngay-dau-nam'].includes(d));
    expect(mine).toEqual(['ngay-dau-nam', 'thanh-lap-co-quan', 'le-hoi-lang']);
    expect((await days.findByDate({ calendar: 'solar', month: 8, day: 28 }))?.id).toBe('thanh-lap-co-quan');
    expect(await days.findByDate({ calendar: 'lunar', month: 8, day: 28 })).toBeUndefined();
    const renamed = await days.update('thanh-lap-co-quan', { nameVi: 'Ngày truyền thống Văn phòng', date: { calendar: 'solar', month: 8, day: 29 } }, AT);
    expect(renamed).toMatchObject({ nameVi: 'Ngày truyền thống Văn phòng', nameEn: 'Office founding day', month: 8, day: 29 });

    const content = new ContentRepository(engine.db);
    const anchored = 'Chào mừng Ngày truyền thống: ĐOÀN KẾT, KỶ CƯƠNG';
    await content.create(slogan('truyen-thong', anchored, { validFrom: { nationalDay: 'thanh-lap-co-quan', year: 2026 } }), null, AT);
    expect(await days.uses('thanh-lap-co-quan')).toEqual([{ kind: 'item', name: anchored }]);
    expect(await days.uses('ngay-dau-nam')).toEqual([]);
    await days.delete('ngay-dau-nam');
    expect(await days.find('ngay-dau-nam')).toBeUndefined();
  });

  it("reads a plan's proof of play page by page in start order, and its finished backdrops by event", async () => {
    const content = new ContentRepository(engine.db);
    const item = (await content.findByKey('doan-ket'))!;
    const at = AT.toISOString();
    const { id: planId } = await engine.db
      .insertInto('plans')
      .values({ number: '99-KH/ĐU', title: 'Kế hoạch thử', issuer: 'Đảng ủy', issued_on: '2026-01-01', state: 'active', document_id: null, created_by: null, note: null, created_at: at, updated_at: at })
      .returning('id')
      .executeTakeFirstOrThrow();
    await engine.db.insertInto('plan_items').values({ plan_id: planId, item_id: item.id, campaign_id: null, phase_id: null, linked_at: at, linked_by: null }).execute();
    await engine.db.insertInto('zones').values({ id: 'sanh-thu', kind: 'lobby', name: 'Sảnh thử' }).onConflict((oc) => oc.doNothing()).execute();
    await engine.db.insertInto('displays').values({ id: 'man-hinh-1', name: 'Màn hình 1', zone_id: 'sanh-thu', token_sha256: 'c'.repeat(64), paired_at: at }).execute();
    const play = (startedAt: string) => ({
      display_id: 'man-hinh-1', zone_id: 'sanh-thu', item_id: item.id, revision_id: item.latest.id, template: 'banner', started_at: startedAt,
      ended_at: new Date(Date.parse(startedAt) + 10_000).toISOString(), content_sha256: item.latest.sha256, content_matches: 1, received_at: at,
    });
    const starts = ['2026-01-05T03:00:00.000Z', '2026-01-05T01:00:00.000Z', '2026-01-05T02:00:00.000Z', '2026-01-06T01:00:00.000Z'];
    await engine.db.insertInto('proof_of_play').values(starts.map(play)).execute();
    // Two screens starting the same moment: pages part between them without losing or repeating one.
    await engine.db.insertInto('displays').values({ id: 'man-hinh-2', name: 'Màn hình 2', zone_id: 'sanh-thu', token_sha256: 'd'.repeat(64), paired_at: at }).execute();
    await engine.db.insertInto('proof_of_play').values({ ...play(starts[0]!), display_id: 'man-hinh-2' }).execute();
    const spans = async (from: string | null, until: string | null, page?: number) => {
      const out: ProofSpan[] = [];
      for await (const span of new PlanReportRepository(engine.db, page).proofSpans(planId, from, until)) out.push(span);
      return out;
    };
    const all = [...starts, starts[0]!].sort();
    expect((await spans(null, null)).map((s) => s.startedAt)).toEqual(all);
    for (const page of [1, 2, 3]) expect(await spans(null, null, page)).toEqual(await spans(null, null));
    expect((await spans(null, null, 1)).map((s) => s.displayId).filter((d) => d === 'man-hinh-2')).toHaveLength(1);
    expect(await spans('2026-01-05T02:00:00.000Z', '2026-01-06T00:00:00.000Z')).toEqual(
      [
        ['man-hinh-1', '2026-01-05T02:00:00.000Z'],
        ['man-hinh-1', '2026-01-05T03:00:00.000Z'],
        ['man-hinh-2', '2026-01-05T03:00:00.000Z'],
      ].map(([displayId, startedAt]) => ({
        itemId: item.id, zoneId: 'sanh-thu', zoneName: 'Sảnh thử', displayId, startedAt, endedAt: new Date(Date.parse(startedAt!) + 10_000).toISOString(), linkPhaseId: null,
      })),
    );

    await engine.db
      .insertInto('events')
      .values({ id: 'dai-hoi-thu', key: 'dai-hoi-thu', plan_id: planId, kind: 'congress', name: 'Đại hội thử', opens: '2026-01-05T08:00', closes: '2026-01-06T17:00', date_source: 'plan', note: null, updated_at: at })
      .execute();
    const job = (artworkJson: object, finishedAt: string) => ({
      status: 'done', artwork: 'backdrop', artwork_json: JSON.stringify(artworkJson), settings_json: '{"widthMm":6000,"heightMm":3000}', created_by: null, created_by_name: 'van-hanh', created_at: at, finished_at: finishedAt,
    });
    await engine.db
      .insertInto('print_jobs')
      .values([
        job({ eventId: 'dai-hoi-thu', eventName: 'ĐẠI HỘI ĐẢNG BỘ LẦN THỨ XXVI' }, '2026-01-04T09:00:00.000Z'),
        job({ eventId: 'su-kien-khac', eventName: 'Sự kiện khác' }, '2026-01-04T10:00:00.000Z'),
      ])
      .execute();
    const printed = await new PlanReportRepository(engine.db).printed(planId, null, null);
    expect(printed.map((p) => [p.artwork, p.eventName, p.itemId, p.finishedAt])).toEqual([['backdrop', 'ĐẠI HỘI ĐẢNG BỘ LẦN THỨ XXVI', null, '2026-01-04T09:00:00.000Z']]);
    expect(await new PlanReportRepository(engine.db).printed(planId, '2026-01-05T00:00:00.000Z', null)).toEqual([]);
  });
});
