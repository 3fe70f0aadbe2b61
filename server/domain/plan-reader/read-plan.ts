/**
 * A plan document's text → proposals, each with the line it came from: the heading's particulars,
 * the campaigns ("1.", "2." with their đợt or months) and their anchors, the events the đợt name,
 * the places, and the slogans of the "Khẩu hiệu" section verbatim. Nothing here decides: the
 * operator reviews every proposal before the plan is imported. Pure.
 */
import type { PlaceKind } from '../../protocol/plan.js';
import type { PlanReading, ReadCampaign, ReadPhase, ReadPlace, ReadSlogan, Source } from '../../protocol/plan-reading.js';
import { EventBook } from './events.js';
import { planHeadingIndex, readHeading } from './heading.js';
import { listItems, quotedSlogans, sloganCelebratory, sloganTags, tableSlogans, type ListItem } from './items.js';
import { joinWrapped, slug, toLines, type Line, type PlanBlock } from './lines.js';
import { phaseTiming } from './time-phrases.js';

export type ReadOutcome = { ok: true; reading: PlanReading; lines: number } | { ok: false; reason: 'empty' | 'not-a-plan' | 'too-long' };

/** A 100-page plan is about 3,000 lines; far more is not a plan a person can review. */
export const MAX_PLAN_LINES = 20_000;

interface Section {
  /** "II", "II.3"; top-level arabic sections of a plan without roman headings hang under "I". */
  label: string;
  title: string;
  heading: Line | undefined;
  lines: Line[];
  subs: Section[];
}

const ROMAN = /^([IVX]+)\s*[.:]\s+(.+)$/u;
const ARABIC = /^(\d{1,2})\s*[.)]\s+(.+)$/u;
const SLOGAN_HEADING = /^(?:(?:các|hệ thống|nội dung)\s+)?khẩu hiệu/iu;
const PHASE = /^((?:Đợt\s+(?:\d+|[IVX]+))|(?:Tháng\s+\d{1,2}(?:\/\d{4}|\s+năm\s+\d{4})?)|(?:Quý\s+[IV]+(?:\/\d{4}|\s+năm\s+\d{4})?))\s*[:.–-]\s*(.*)$/iu;

const src = (l: Line): Source => ({ line: l.no, text: l.raw });

function splitSections(body: readonly Line[]): Section[] {
  const top: Section[] = [];
  let current: Section | undefined;
  let sub: Section | undefined;
  for (const l of body) {
    const roman = ROMAN.exec(l.text);
    if (roman) {
      current = { label: roman[1]!, title: roman[2]!, heading: l, lines: [], subs: [] };
      sub = undefined;
      top.push(current);
      continue;
    }
    const arabic = ARABIC.exec(l.text);
    // Under a roman "KHẨU HIỆU" heading, "1.", "2." number the slogans, not subsections.
    if (arabic && !(current && SLOGAN_HEADING.test(current.title))) {
      if (!current) top.push((current = { label: 'I', title: '', heading: undefined, lines: [], subs: [] }));
      sub = { label: `${current.label}.${Number(arabic[1])}`, title: arabic[2]!, heading: l, lines: [], subs: [] };
      current.subs.push(sub);
      continue;
    }
    (sub ?? current)?.lines.push(l);
  }
  return top;
}

const PLACE_PATTERNS: { kind: PlaceKind; re: RegExp; name: (m: RegExpExecArray) => string }[] = [
  // "công cơ quan" is the scan of "cổng cơ quan" that 38-KH/ĐU carries three times.
  { kind: 'gate', re: /\bc[ổô]ng (?:trụ sở )?cơ quan/iu, name: () => 'Cổng cơ quan' },
  { kind: 'lobby', re: /(?:tiền )?sảnh/iu, name: () => 'Sảnh' },
  { kind: 'hall', re: /hội trường/iu, name: () => 'Hội trường' },
  {
    kind: 'web',
    re: /(Trang tin(?: điện tử)?|Cổng [Tt]hông tin điện tử|[Tt]rang thông tin điện tử|[Ww]ebsite)((?: \p{Lu}\p{Ll}*(?: \p{Ll}+(?= \p{Lu}|[\s,;.]|$))?)*)/u,
    name: (m) => `${m[1]!.charAt(0).toLocaleUpperCase('vi')}${m[1]!.slice(1)}${m[2] ?? ''}`.trim(),
  },
];

function readPlaces(body: readonly Line[]): ReadPlace[] {
  const places: ReadPlace[] = [];
  for (const { kind, re, name } of PLACE_PATTERNS) {
    for (const l of body) {
      const m = re.exec(l.text);
      if (!m) continue;
      places.push({ id: kind, kind, name: name(m), source: src(l) });
      break;
    }
  }
  return places.sort((a, b) => a.source.line - b.source.line);
}

function firstYear(s: string): number | undefined {
  const m = /\b(19|20)\d{2}\b/.exec(s);
  return m ? Number(m[0]) : undefined;
}

/** Reads the plan; `fallbackYear` stands in only when the document names no year at all. */
export function readPlan(blocks: readonly PlanBlock[], fallbackYear: number): ReadOutcome {
  const lines = toLines(blocks);
  if (!lines.some((l) => /\p{L}/u.test(l.text))) return { ok: false, reason: 'empty' };
  if (lines.length > MAX_PLAN_LINES) return { ok: false, reason: 'too-long' };
  const document = readHeading(lines);
  const body = lines.slice(planHeadingIndex(lines) + 1);
  const year = firstYear(document.issuedOn.value) ?? firstYear(document.title.value) ?? firstYear(body.map((l) => l.text).join(' ')) ?? fallbackYear;
  const docSlug = slug(document.number.value || document.title.value || 'ke-hoach', 20);

  const events = new EventBook();
  // The title often names the anniversary the whole plan is for.
  if (document.title.source) events.anniversaries(document.title.value, document.title.source);
  const sections = splitSections(body);
  const all = sections.flatMap((s) => [s, ...s.subs]);

  const campaigns: ReadCampaign[] = [];
  const quoted: ReadSlogan[] = [];
  for (const section of all) {
    const phases = readPhases(section, year, events, `${docSlug}-${slug(section.label)}`);
    if (phases.length === 0) continue;
    const heading = section.heading ?? section.lines[0]!;
    campaigns.push({ id: `${docSlug}-${slug(section.label)}`, section: section.label, title: joinWrapped([section.title]), phases: phases.map((p) => p.phase), source: src(heading) });
    for (const { phase, items } of phases) {
      for (const item of items) {
        for (const text of quotedSlogans(item.text)) quoted.push(slogan(text, `${section.label} ${phase.title}`, item.source));
      }
    }
  }

  const listed = all
    .filter((s) => SLOGAN_HEADING.test(s.title))
    .flatMap((s) => {
      const numbered = !s.label.includes('.');
      return [...listItems(s.lines, { numbered }), ...tableSlogans(s.lines)]
        .filter((item) => /\p{L}{2}/u.test(item.text))
        .map((item) => slogan(item.text, s.label, item.source));
    });
  const seen = new Set<string>();
  const slogans = [...quoted, ...listed]
    .sort((a, b) => a.source.line - b.source.line)
    .filter((s) => !seen.has(s.text) && seen.add(s.text))
    .map((s, i) => ({ ...s, id: `${docSlug}-kh-${i + 1}` }));

  if (slogans.length === 0 && campaigns.length === 0) return { ok: false, reason: 'not-a-plan' };

  const taken = new Set<string>();
  const { events: found, ids } = events.finish((name) => {
    const base = `${docSlug}-${slug(name, 40)}`;
    let id = base;
    for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
    taken.add(id);
    return id;
  });
  const remap = <A extends ReadPhase['starts'] | null>(a: A): A => (a && 'event' in a ? { ...a, event: ids.get(a.event) ?? a.event } : a);
  for (const c of campaigns) {
    for (const p of c.phases) {
      p.starts = remap(p.starts);
      p.ends = remap(p.ends);
    }
  }
  return {
    ok: true,
    lines: lines.length,
    reading: {
      document,
      places: readPlaces(body),
      events: found,
      campaigns,
      slogans: slogans.map((s) => ({ ...s, events: events.named(s.text).map((k) => ids.get(k)!) })),
    },
  };

  function slogan(text: string, section: string, source: Source): ReadSlogan {
    return { id: 'x', text, section, tags: sloganTags(text), celebratory: sloganCelebratory(text), events: [], source };
  }
}

/** The đợt (or months, or quarters) of a section, each with its theme items. */
function readPhases(section: Section, year: number, events: EventBook, idBase: string): { phase: ReadPhase; items: ListItem[] }[] {
  const groups: { heading: Line; label: string; rest: string; lines: Line[] }[] = [];
  for (const l of section.lines) {
    const m = PHASE.exec(l.text);
    if (m) groups.push({ heading: l, label: m[1]!, rest: m[2]!, lines: [] });
    else groups.at(-1)?.lines.push(l);
  }
  // Congresses the section's title names stand in for a bare "Đại hội" in its phrases.
  const titleEvent = section.heading && groups.length ? events.congress(section.title, src(section.heading)) : undefined;
  return groups.map((g, i) => {
    const source = src(g.heading);
    const isDot = /^Đợt/iu.test(g.label);
    const phrase = isDot ? g.rest : `${g.label} ${g.rest}`;
    const resolve = (p: string) => events.congress(p, source) ?? (/Đại hội/iu.test(p) ? titleEvent : undefined);
    const timing = phaseTiming(phrase, year, resolve);
    // The subject after the time phrase ("…, tuyên truyền Đại hội đại biểu Đảng bộ …") names an event too.
    events.congress(g.rest, source);
    const items = listItems(g.lines, { numbered: false });
    for (const text of [g.rest, ...items.map((it) => it.text)]) events.anniversaries(text, source);
    const themes = items.map((it) => it.text);
    const summary = joinWrapped([g.rest]);
    const phase: ReadPhase = {
      id: `${idBase}-${i + 1}`,
      title: isDot ? `Đợt ${i + 1}` : g.label.charAt(0).toLocaleUpperCase('vi') + g.label.slice(1),
      summary: summary || g.label,
      starts: timing?.starts ?? { date: `${year}-01-01` },
      ends: timing ? timing.ends : null,
      themes: themes.length ? themes : summary ? [summary] : [],
      source,
    };
    const note = timing
      ? timing.note
      : 'Pano không hiểu mốc thời gian của đợt này: hãy nhập ngày bắt đầu và kết thúc. — EN: Pano could not read this phase’s time phrase: enter its start and end.';
    if (note) phase.note = note;
    return { phase, items };
  });
}
