import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_PLAN_LINES, readPlan } from '../../../server/domain/plan-reader/index.js';
import { fixArtefacts } from '../../../server/domain/plan-reader/lines.js';
import { phaseTiming } from '../../../server/domain/plan-reader/time-phrases.js';
import { PlanSchema } from '../../../server/protocol/plan.js';
import { readingGaps, readingToPlan, type PlanReading } from '../../../server/protocol/plan-reading.js';
import { PLAN_SLOGANS } from '../../support/plan-slogans.js';

const fixture = (name: string) => readFileSync(path.join(import.meta.dirname, '../../fixtures/plans', name), 'utf8');
/** The seed document as received (a copy of seed/ke-hoach-38-KH-DU.txt, scan artefacts included). */
const seedText = fixture('ke-hoach-38-KH-DU.txt');
const handTranscription = JSON.parse(readFileSync(path.join(import.meta.dirname, '../../../assets/plans/38-KH-DU.json'), 'utf8')) as {
  items: { text: string; celebratory: boolean }[];
};

function read(text: string): PlanReading {
  const outcome = readPlan([{ text }], 2026);
  if (!outcome.ok) throw new Error(outcome.reason);
  return outcome.reading;
}

/** The operator's part: a date for every event the document left undated. */
function dateEvents(r: PlanReading): PlanReading {
  return { ...r, events: r.events.map((e, i) => (e.opens ? e : { ...e, opens: `2030-0${i + 1}-10T08:00`, closes: `2030-0${i + 1}-12T17:00`, dateSource: 'operator-entry' as const })) };
}

describe('reading Kế hoạch 38-KH/ĐU (the seed text)', () => {
  const r = read(seedText);

  it('finds all 15 slogans verbatim and NFC, as the hand transcription has them', () => {
    const texts = r.slogans.map((s) => s.text);
    expect(texts).toEqual([...PLAN_SLOGANS]);
    expect(texts).toEqual(handTranscription.items.map((i) => i.text.normalize('NFC')));
    for (const t of texts) expect(t).toBe(t.normalize('NFC'));
    expect(r.slogans[0]!.section).toBe('II.1 Đợt 1');
    expect(r.slogans.slice(1).every((s) => s.section === 'II.3')).toBe(true);
    // Each slogan shows the line it came from.
    for (const s of r.slogans) expect(s.source.text).toContain(s.text.slice(0, 20));
  });

  it('guesses each slogan\'s celebratory nature as the hand transcription states it, without the legacy tag', () => {
    expect(r.slogans.map((s) => s.celebratory)).toEqual(handTranscription.items.map((i) => i.celebratory));
    expect(r.slogans.some((s) => s.tags.includes('celebratory'))).toBe(false);
  });

  it('reads the heading, the scanned "Số 38 -KH/ĐU" rejoined', () => {
    expect(r.document.number.value).toBe('38-KH/ĐU');
    expect(r.document.number.source?.text).toBe('Số 38 -KH/ĐU');
    expect(r.document.issuedOn.value).toBe('2020-02-17');
    expect(r.document.place.value).toBe('Hà Nội');
    expect(r.document.issuer.value).toBe('Đảng ủy Văn phòng Chính phủ');
    expect(r.document.title.value).toMatch(/^Tuyên truyền đại hội đảng các cấp, .* lần thứ XIII của Đảng$/);
    expect(r.document.signer.value).toBe('Nguyễn Đức Minh');
    expect(r.document.signerPosition.value).toBe('Phó Bí thư, T/M Ban Thường vụ');
  });

  it('finds two campaigns with 4 and 3 đợt, anchored to the congresses they name', () => {
    expect(r.campaigns.map((c) => [c.section, c.phases.length])).toEqual([
      ['II.1', 4],
      ['II.2', 3],
    ]);
    const congress = (re: RegExp) => r.events.find((e) => re.test(e.name))!;
    const vpcp = congress(/Văn phòng Chính phủ lần thứ XXVI$/);
    const khoi = congress(/Khối các cơ quan Trung ương lần thứ XIII$/);
    const national = congress(/^Đại hội đại biểu toàn quốc lần thứ XIII của Đảng$/);
    for (const e of [vpcp, khoi, national]) {
      expect(e.kind).toBe('congress');
      expect(e.opens, `${e.name} is undated in the plan`).toBeNull();
    }
    expect(khoi.hint).toBe('cuối tháng 10/2020');

    const [a, b] = r.campaigns as [PlanReading['campaigns'][0], PlanReading['campaigns'][0]];
    expect(a.phases.map((p) => [p.starts, p.ends])).toEqual([
      [{ date: '2020-01-01' }, { date: '2020-07-01' }],
      [{ date: '2020-07-01' }, { date: '2020-09-01' }],
      [{ date: '2020-08-01' }, { event: khoi.id, edge: 'closes' }],
      [{ event: khoi.id, edge: 'closes' }, null],
    ]);
    expect(b.phases.map((p) => [p.starts, p.ends])).toEqual([
      [{ event: national.id, edge: 'opens', offsetDays: -30 }, { event: national.id, edge: 'opens' }],
      [{ event: national.id, edge: 'opens' }, { event: national.id, edge: 'closes' }],
      [{ event: national.id, edge: 'closes' }, null],
    ]);
    // The guessed start says so.
    expect(b.phases[0]!.note).toMatch(/không ghi ngày bắt đầu/);
    expect(a.phases[3]!.themes).toHaveLength(2);
    expect(a.phases[3]!.source.text).toBe('Đợt 4: Sau khi bế mạc Đại hội lần thứ XIII Đảng bộ Khối:');
    // The anniversary of đợt 1 carries its date from the text.
    expect(r.events.find((e) => e.kind === 'anniversary')).toMatchObject({ opens: '2020-02-03T00:00', closes: '2020-02-04T00:00' });
  });

  it('finds the places it mentions, the scanned "công cơ quan" read as the gate', () => {
    expect(r.places.map((p) => [p.kind, p.name])).toEqual([
      ['web', 'Trang tin Văn phòng Chính phủ'],
      ['gate', 'Cổng cơ quan'],
      ['hall', 'Hội trường'],
    ]);
    expect(r.places.find((p) => p.kind === 'gate')!.source.text).toContain('tại công cơ quan');
  });

  it('becomes a valid pano-plan/1 once an operator dates the congresses, and not before', () => {
    expect(readingGaps(r).map((g) => g.vi)).toEqual(expect.arrayContaining([expect.stringContaining('Chưa có ngày của sự kiện')]));
    const dated = dateEvents(r);
    expect(readingGaps(dated)).toEqual([]);
    const parsed = PlanSchema.safeParse(readingToPlan(dated));
    expect(parsed.error?.issues ?? []).toEqual([]);
    expect(parsed.data!.items).toHaveLength(15);
  });
});

describe('the operator states each slogan\'s celebratory nature', () => {
  const r = dateEvents(read(seedText));

  it('the plan carries what the operator chose, not the guess, and drops a legacy tag that would contradict a "no"', () => {
    const cheer = r.slogans.findIndex((s) => s.text === 'Nước Cộng hòa xã hội chủ nghĩa Việt Nam muôn năm!');
    expect(r.slogans[cheer]!.celebratory).toBe(true);
    const chosen = structuredClone(r);
    chosen.slogans[cheer]!.celebratory = false;
    chosen.slogans[cheer]!.tags.push('celebratory');
    chosen.slogans[0]!.celebratory = false;
    const plan = PlanSchema.parse(readingToPlan(chosen));
    expect(plan.items[cheer]).toMatchObject({ text: 'Nước Cộng hòa xã hội chủ nghĩa Việt Nam muôn năm!', celebratory: false, tags: ['evergreen'] });
    const expected = r.slogans.map((s) => s.celebratory);
    [expected[0], expected[cheer]] = [false, false];
    expect(plan.items.map((i) => i.celebratory)).toEqual(expected);
  });

  it('a slogan added by hand states nothing until the operator chooses: a gap, and no plan', () => {
    const added = structuredClone(r);
    added.slogans.push({ id: 'them-1', text: 'Toàn dân đoàn kết xây dựng đời sống văn hóa ở khu dân cư!', section: 'Thêm', tags: ['evergreen'], celebratory: null, events: [], source: { line: 1, text: 'Thêm tay' } });
    expect(readingGaps(added)).toEqual([{ vi: 'Khẩu hiệu thứ 16 chưa chọn có tính chất mừng, cổ vũ hay không', en: 'Slogan 16 does not say whether it is celebratory' }]);
    expect(() => readingToPlan(added)).toThrow(/Slogan 16/);
    added.slogans[15]!.celebratory = true;
    expect(readingGaps(added)).toEqual([]);
    expect(PlanSchema.parse(readingToPlan(added)).items[15]!.celebratory).toBe(true);
  });
});

describe('other shapes of plan', () => {
  it('a yearly plan with themes by month: one phase per month, each anniversary dated by the text', () => {
    const r = read(fixture('ke-hoach-tuyen-truyen-nam-2027.txt'));
    expect(r.document).toMatchObject({ number: { value: '105-KH/ĐU' }, issuedOn: { value: '2027-01-05' }, signer: { value: 'Trần Thị Thu Hằng' } });
    expect(r.campaigns).toHaveLength(1);
    expect(r.campaigns[0]!.phases.map((p) => [p.title, p.starts, p.ends])).toEqual([
      ['Tháng 1/2027', { date: '2027-01-01' }, { date: '2027-02-01' }],
      ['Tháng 2/2027', { date: '2027-02-01' }, { date: '2027-03-01' }],
      ['Tháng 4/2027', { date: '2027-04-01' }, { date: '2027-05-01' }],
      ['Tháng 5/2027', { date: '2027-05-01' }, { date: '2027-06-01' }],
      ['Tháng 9/2027', { date: '2027-09-01' }, { date: '2027-10-01' }],
    ]);
    expect(r.events.map((e) => e.opens)).toEqual(['2027-02-03T00:00', '2027-04-30T00:00', '2027-05-19T00:00', '2027-09-02T00:00']);
    expect(r.places.map((p) => p.kind).sort()).toEqual(['gate', 'hall', 'lobby', 'web']);
    expect(r.slogans.map((s) => s.text)).toContain('Đảng Cộng sản Việt Nam quang vinh muôn năm!');
    expect(readingGaps(r)).toEqual([]);
    expect(PlanSchema.safeParse(readingToPlan(r)).success).toBe(true);
  });

  it('a short anniversary plan with numbered slogans, one wrapped over two lines and two with scan artefacts', () => {
    const r = read(fixture('ke-hoach-ky-niem-135-nam-ngay-sinh-bac.txt'));
    expect(r.document.number.value).toBe('21-KH/ĐU');
    expect(r.document.place.value).toBe('Đà Nẵng');
    expect(r.document.signer.value).toBe('Lê Văn Ễ Thể');
    expect(r.slogans.map((s) => s.text)).toEqual([
      'Nhiệt liệt kỷ niệm 135 năm Ngày sinh Chủ tịch Hồ Chí Minh vĩ đại (19/5/1890 - 19/5/2025)!',
      'Chủ tịch Hồ Chí Minh vĩ đại sống mãi trong sự nghiệp của chúng ta!',
      'Đời đời nhớ ơn Chủ tịch Hồ Chí Minh - Người anh hùng giải phóng dân tộc, danh nhân văn hóa thế giới!',
      'Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh!',
    ]);
    expect(r.slogans[0]!.source.text).toBe('1. Nhiệt liệt kỷ niệm 135 năm Ngày sinh Chủ tịch Hồ Chí\nMinh vĩ đại (19/5/1890 - 19/5/2025)!');
    expect(r.campaigns[0]!.phases[0]).toMatchObject({ starts: { date: '2025-05-01' }, ends: { date: '2025-05-20' } });
    expect(r.events).toMatchObject([{ kind: 'anniversary', opens: '2025-05-19T00:00', name: 'Kỷ niệm 135 năm Ngày sinh Chủ tịch Hồ Chí Minh (19/5/1890 - 19/5/2025)' }]);
    expect(PlanSchema.safeParse(readingToPlan(r)).success).toBe(true);
  });

  it('text that is not a plan, and text with no letters, are told apart from a plan', () => {
    expect(readPlan([{ text: 'Biên bản họp chi bộ tháng 3.\nCác đồng chí thống nhất ý kiến.' }], 2026)).toEqual({ ok: false, reason: 'not-a-plan' });
    expect(readPlan([{ text: ' \n\t\n 12 34 ' }], 2026)).toEqual({ ok: false, reason: 'empty' });
    expect(readPlan([{ text: 'KẾ HOẠCH\n'.repeat(MAX_PLAN_LINES + 1) }], 2026)).toEqual({ ok: false, reason: 'too-long' });
  });
});

describe('artefacts and time phrases', () => {
  it('rejoins a one-sided hyphen and drops a space before "!"', () => {
    expect(fixArtefacts('Đảng Cộng sản Việt Nam -Người lãnh đạo !')).toBe('Đảng Cộng sản Việt Nam - Người lãnh đạo!');
    expect(fixArtefacts('nhiệm kỳ 2020- 2025')).toBe('nhiệm kỳ 2020 - 2025');
    expect(fixArtefacts('COVID-19 và kinh tế - xã hội')).toBe('COVID-19 và kinh tế - xã hội');
  });

  it('turns the time phrases of đợt into anchors', () => {
    const event = (p: string) => (/Đại hội/.test(p) ? 'e' : undefined);
    expect(phaseTiming('Từ tháng 7/2020 đến tháng 8/2020, tuyên truyền', 2020, event)).toEqual({ starts: { date: '2020-07-01' }, ends: { date: '2020-09-01' } });
    expect(phaseTiming('Từ tháng 11/2020 đến tháng 12/2020', 2020, event)).toEqual({ starts: { date: '2020-11-01' }, ends: { date: '2021-01-01' } });
    expect(phaseTiming('Từ ngày 01/5/2025 đến ngày 19/5/2025', 2025, event)).toEqual({ starts: { date: '2025-05-01' }, ends: { date: '2025-05-20' } });
    expect(phaseTiming('Quý II/2027', 2027, event)).toEqual({ starts: { date: '2027-04-01' }, ends: { date: '2027-07-01' } });
    expect(phaseTiming('Sau khi bế mạc Đại hội', 2020, event)).toEqual({ starts: { event: 'e', edge: 'closes' }, ends: null });
    expect(phaseTiming('Trong thời gian diễn ra Đại hội', 2020, event)).toEqual({ starts: { event: 'e', edge: 'opens' }, ends: { event: 'e', edge: 'closes' } });
    expect(phaseTiming('Từ tháng 8/2020 đến khi khai mạc Đại hội', 2020, event)).toEqual({ starts: { date: '2020-08-01' }, ends: { event: 'e', edge: 'opens' } });
    expect(phaseTiming('tuyên truyền sâu rộng', 2020, event)).toBeUndefined();
  });
});
