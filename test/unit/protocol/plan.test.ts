import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PlanSchema, resolveAnchor, type Anchor, type Plan, type PlanInput, type PlanItem } from '../../../server/protocol/plan.js';
import { checkText, detectLegacyEncoding } from '../../../server/protocol/text.js';
import { PLAN_SLOGANS } from '../../support/plan-slogans.js';

const raw: PlanInput = JSON.parse(readFileSync(new URL('../../../assets/plans/38-KH-DU.json', import.meta.url), 'utf8'));
const plan: Plan = PlanSchema.parse(raw);

const SLOGANS = PLAN_SLOGANS;

const allThemes = plan.campaigns.flatMap((c) => c.phases.flatMap((p) => p.themes));

/** Every user-visible string of the plan, with where it is. */
function texts(node: unknown, path = ''): [string, string][] {
  if (typeof node === 'string') return [[path, node]];
  if (Array.isArray(node)) return node.flatMap((v, i) => texts(v, `${path}.${i}`));
  if (node && typeof node === 'object') {
    return Object.entries(node)
      .filter(([k]) => !['format', 'timeZone', 'id', 'kind', 'event', 'edge', 'dateSource', 'tags', 'events', 'places', 'section', 'opens', 'closes', 'date', 'issuedOn'].includes(k))
      .flatMap(([k, v]) => texts(v, path ? `${path}.${k}` : k));
  }
  return [];
}

const at = (anchor: Anchor | undefined, p: Plan = plan) => anchor && resolveAnchor(p.events, anchor);
/** Whether an item may play at wall-clock time t: the rule the timeline compiler applies. */
function validAt(item: PlanItem, t: string, p: Plan = plan): boolean {
  const from = at(item.validFrom, p);
  const until = at(item.validUntil, p);
  return (!from || from <= t) && (!until || t < until);
}
const lobbyTextsAt = (t: string, p: Plan = plan) =>
  p.items.filter((i) => i.places.includes('lobby') && validAt(i, t, p)).map((i) => i.text);

function issuesOf(mutate: (p: any) => void) {
  const copy = structuredClone(raw);
  mutate(copy);
  const r = PlanSchema.safeParse(copy);
  expect(r.success).toBe(false);
  return r.error!.issues.map((i) => ({ ...i, at: i.path.join('.') }));
}

describe('38-KH-DU.json', () => {
  it('parses as pano-plan/1 in Asia/Ho_Chi_Minh', () => {
    expect(plan.format).toBe('pano-plan/1');
    expect(plan.timeZone).toBe('Asia/Ho_Chi_Minh');
    expect(plan.document).toMatchObject({
      number: '38-KH/ĐU',
      issuer: 'Đảng ủy Văn phòng Chính phủ',
      issuedOn: '2020-02-17',
      place: 'Hà Nội',
      signedBy: { name: 'Nguyễn Đức Minh' },
    });
  });

  it('is stored NFC, so parsing changes nothing', () => {
    const file = readFileSync(new URL('../../../assets/plans/38-KH-DU.json', import.meta.url), 'utf8');
    expect(file.normalize('NFC')).toBe(file);
    expect(plan).toEqual(raw);
  });

  it('holds exactly the 15 slogans, verbatim', () => {
    const slogans = plan.items.filter((i) => i.kind === 'slogan');
    expect(slogans).toHaveLength(15);
    expect(slogans.map((s) => s.text)).toEqual(SLOGANS);
    expect(slogans.filter((s) => s.section === 'II.3')).toHaveLength(14);
    expect(slogans.filter((s) => s.section === 'II.1 Đợt 1')).toHaveLength(1);
  });

  it('uppercases into precomposed stacked marks', () => {
    for (const s of SLOGANS) {
      const upper = s.toLocaleUpperCase('vi');
      expect(upper.normalize('NFC')).toBe(upper);
      expect(upper).toHaveLength(s.length);
    }
    const upper = SLOGANS.join('\n').toLocaleUpperCase('vi');
    expect(upper).toContain('NHIỆT LIỆT');
    expect(upper).toContain('ĐẨY MẠNH');
    expect(upper).toContain('LẬP THÀNH TÍCH');
    const themes = allThemes.join('\n').toLocaleUpperCase('vi');
    expect(themes).toContain('THỂ THAO');
    expect(themes).toContain('DIỄN RA');
  });

  it('has two campaigns with 4 and 3 phases, themes transcribed', () => {
    expect(plan.campaigns.map((c) => [c.section, c.phases.length])).toEqual([
      ['II.1', 4],
      ['II.2', 3],
    ]);
    for (const c of plan.campaigns) {
      expect(c.phases.map((p) => p.title)).toEqual(c.phases.map((_, i) => `Đợt ${i + 1}`));
    }
    expect(allThemes).toHaveLength(5 + 3 + 5 + 2 + 5 + 1 + 5);
    // Scanning error "công cơ quan" fixed in themes.
    expect(allThemes.filter((t) => t.includes('tại cổng cơ quan'))).toHaveLength(3);
    expect(allThemes.join('\n')).not.toContain('công cơ quan');
  });

  it('anchors every phase and item to existing events', () => {
    const anchors: Anchor[] = [
      ...plan.campaigns.flatMap((c) => c.phases.flatMap((p) => (p.ends ? [p.starts, p.ends] : [p.starts]))),
      ...plan.items.flatMap((i) => [i.validFrom, i.validUntil].filter((a): a is Anchor => a !== undefined)),
    ];
    const ids = new Set(plan.events.map((e) => e.id));
    for (const a of anchors) {
      if ('event' in a) expect(ids).toContain(a.event);
      expect(resolveAnchor(plan.events, a)).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/);
    }
    for (const i of plan.items) for (const e of i.events) expect(ids).toContain(e);
  });

  it('chains the phases on the congresses', () => {
    const [c1, c2] = plan.campaigns;
    const span = (p: Plan['campaigns'][number]['phases'][number]) => [at(p.starts), p.ends ? at(p.ends) : null];
    expect(c1!.phases.map(span)).toEqual([
      ['2020-01-01T00:00', '2020-07-01T00:00'],
      ['2020-07-01T00:00', '2020-08-20T17:00'],
      ['2020-08-20T17:00', '2020-10-29T17:00'],
      ['2020-10-29T17:00', '2021-01-25T08:00'],
    ]);
    expect(c2!.phases.map(span)).toEqual([
      ['2020-10-29T17:00', '2021-01-25T08:00'],
      ['2021-01-25T08:00', '2021-02-01T12:00'],
      ['2021-02-01T12:00', '2021-05-02T12:00'],
    ]);
  });

  it('marks the XXVI congress date as an operator entry, the national congress close as public record', () => {
    const xxvi = plan.events.find((e) => e.id === 'vpcp-congress-xxvi')!;
    expect(xxvi).toMatchObject({ dateSource: 'operator-entry', opens: '2020-08-19T08:00', closes: '2020-08-20T17:00' });
    expect(xxvi.note).toContain('không phải dữ kiện');
    const national = plan.events.find((e) => e.id === 'national-congress-xiii')!;
    expect(national).toMatchObject({ dateSource: 'public-record', opens: '2021-01-25T08:00' });
    expect(national.closes.slice(0, 10)).toBe('2021-02-01');
    expect(national.note).toContain('02/02/2021');
  });

  it('story 1: the XXVI greeting gives way to "chào mừng thành công" when the congress closes', () => {
    const greeting = SLOGANS[2]!;
    const success = SLOGANS.filter((s) => s.includes('chào mừng thành công'));
    expect(lobbyTextsAt('2020-08-10T09:00')).toContain(greeting);
    for (const s of success) expect(lobbyTextsAt('2020-08-10T09:00')).not.toContain(s);
    expect(lobbyTextsAt('2020-08-21T08:00')).not.toContain(greeting);
    for (const s of success) expect(lobbyTextsAt('2020-08-21T08:00')).toContain(s);
  });

  it('story 1: postponing the congress moves every anchored phase and slogan', () => {
    const moved = structuredClone(raw);
    const xxvi = moved.events.find((e) => e.id === 'vpcp-congress-xxvi')!;
    xxvi.opens = '2020-09-09T08:00';
    xxvi.closes = '2020-09-10T17:00';
    const p = PlanSchema.parse(moved);
    expect(resolveAnchor(p.events, p.campaigns[0]!.phases[2]!.starts)).toBe('2020-09-10T17:00');
    expect(lobbyTextsAt('2020-08-21T08:00', p)).toContain(SLOGANS[2]);
  });

  it('tags the celebratory items that leave screens in mourning, and keeps an evergreen fallback', () => {
    const tagged = (tag: string) => plan.items.filter((i) => (i.tags as string[]).includes(tag)).map((i) => i.text);
    for (const s of SLOGANS.filter((s) => s.includes('chào mừng') || s.includes('muôn năm'))) expect(tagged('celebratory')).toContain(s);
    const fallback = plan.items.filter((i) => i.tags.includes('evergreen') && !i.tags.includes('celebratory'));
    expect(fallback.length).toBeGreaterThanOrEqual(4);
    expect(fallback.every((i) => !i.validFrom && !i.validUntil)).toBe(true);
  });

  it('passes checkText everywhere, and no real text looks like a legacy encoding', () => {
    const all = texts(raw);
    expect(all.length).toBeGreaterThan(60);
    for (const [path, s] of all) {
      expect(checkText(s, { maxLength: 2000, multiline: true }), path).toEqual([]);
      expect(checkText(s.toLocaleUpperCase('vi'), { maxLength: 2000, multiline: true }), path).toEqual([]);
      expect(detectLegacyEncoding(s), path).toBeUndefined();
    }
  });
});

describe('PlanSchema rejects bad input with exact paths', () => {
  it('unknown event reference in an item', () => {
    const issues = issuesOf((p) => (p.items[3].events[0] = 'dai-hoi-xiv'));
    expect(issues).toMatchObject([{ at: 'items.3.events.0', message: expect.stringContaining('dai-hoi-xiv') }]);
  });

  it('unknown event and place in anchors and places', () => {
    const issues = issuesOf((p) => {
      p.campaigns[0].phases[1].ends.event = 'nope';
      p.items[2].places[1] = 'roof';
      p.items[4].validFrom.event = 'nope';
    });
    expect(issues.map((i) => i.at).sort()).toEqual(['campaigns.0.phases.1.ends.event', 'items.2.places.1', 'items.4.validFrom.event']);
  });

  it('duplicate ids', () => {
    const issues = issuesOf((p) => {
      p.items[5].id = p.items[4].id;
      p.campaigns[1].phases[0].id = p.campaigns[0].phases[0].id;
      p.events[1].id = p.events[0].id;
    });
    expect(issues.map((i) => i.at).sort()).toEqual(['campaigns.1.phases.0.id', 'events.1.id', 'items.5.id']);
  });

  it('dates that are not in the calendar', () => {
    const issues = issuesOf((p) => {
      p.events[0].opens = '2020-02-30T08:00';
      p.document.issuedOn = '2020-02-30';
      p.campaigns[0].phases[0].starts.date = '2021-02-29';
      p.events[1].closes = '2020-02-04T24:00';
    });
    expect(issues.map((i) => i.at).sort()).toEqual([
      'campaigns.0.phases.0.starts.date',
      'document.issuedOn',
      'events.0.opens',
      'events.1.closes',
    ]);
  });

  it('an event that closes before it opens, a phase that ends before it starts', () => {
    expect(issuesOf((p) => (p.events[2].closes = '2020-08-18T17:00'))).toMatchObject([{ at: 'events.2.closes' }]);
    expect(issuesOf((p) => (p.campaigns[1].phases[2].ends.offsetDays = -1))).toMatchObject([{ at: 'campaigns.1.phases.2.ends' }]);
  });

  it('unknown keys', () => {
    expect(issuesOf((p) => (p.items[0].colour = 'red'))).toMatchObject([{ code: 'unrecognized_keys', at: 'items.0', keys: ['colour'] }]);
    expect(issuesOf((p) => (p.campaigns[0].phases[0].starts.time = '08:00'))).toMatchObject([{ at: 'campaigns.0.phases.0.starts' }]);
    expect(issuesOf((p) => (p.version = 2))).toMatchObject([{ code: 'unrecognized_keys', at: '' }]);
  });

  it('a wrong format or time zone', () => {
    expect(issuesOf((p) => (p.format = 'pano-plan/2'))).toMatchObject([{ at: 'format' }]);
    expect(issuesOf((p) => (p.timeZone = 'Asia/Hanoi_City'))).toMatchObject([{ at: 'timeZone' }]);
    expect(issuesOf((p) => (p.timeZone = '+07:00'))).toMatchObject([{ at: 'timeZone' }]);
  });

  it('defaults the time zone', () => {
    const { timeZone: _, ...rest } = raw;
    expect(PlanSchema.parse(rest).timeZone).toBe('Asia/Ho_Chi_Minh');
  });

  it('normalises NFD text and stray whitespace', () => {
    const copy = structuredClone(raw);
    copy.items[1]!.text = `  ${SLOGANS[1]!.normalize('NFD')}\n`;
    copy.campaigns[0]!.phases[0]!.themes[0] = copy.campaigns[0]!.phases[0]!.themes[0]!.normalize('NFD');
    const p = PlanSchema.parse(copy);
    expect(p.items[1]!.text).toBe(SLOGANS[1]);
    expect(p.campaigns[0]!.phases[0]!.themes[0]).toBe(plan.campaigns[0]!.phases[0]!.themes[0]);
  });

  it('bidi, zero-width and emoji characters', () => {
    expect(issuesOf((p) => (p.items[2].text = 'Nhiệt liệt\u202E chào mừng!'))).toMatchObject([
      { at: 'items.2.text', params: { code: 'bidi-control' }, message: expect.stringContaining('hướng chữ') },
    ]);
    expect(issuesOf((p) => (p.campaigns[1].phases[1].themes[0] += '\u200B'))).toMatchObject([
      { at: 'campaigns.1.phases.1.themes.0', params: { code: 'zero-width' } },
    ]);
    expect(issuesOf((p) => (p.items[7].text = 'Chào mừng 🎉!'))).toMatchObject([
      { at: 'items.7.text', params: { code: 'unsupported-char' }, message: expect.stringContaining('🎉') },
    ]);
  });

  it('TCVN3 and VNI mojibake', () => {
    expect(issuesOf((p) => (p.items[1].text = 'NhiÖt liÖt chµo mõng ®¹i héi!'))).toMatchObject([
      { at: 'items.1.text', params: { code: 'legacy-encoding' }, message: expect.stringContaining('TCVN3') },
    ]);
    expect(issuesOf((p) => (p.places[0].name = 'Coång cô quan'))).toMatchObject([
      { at: 'places.0.name', params: { code: 'legacy-encoding' }, message: expect.stringContaining('VNI') },
    ]);
  });

  it('empty slogans and messages without a title', () => {
    expect(issuesOf((p) => (p.items[0].text = '   '))).toMatchObject([{ at: 'items.0.text', params: { code: 'empty' } }]);
    expect(issuesOf((p) => (p.items[0].kind = 'message'))).toMatchObject([{ at: 'items.0.title' }]);
  });
});
