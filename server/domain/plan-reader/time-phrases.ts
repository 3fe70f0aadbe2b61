/**
 * The time phrase of a đợt → its start and end anchors. Calendar phrases become dates
 * ("Từ tháng 7/2020 đến tháng 8/2020": 01/07/2020 up to 01/09/2020, the end exclusive); phrases
 * naming an event become edges of that event ("Sau khi bế mạc Đại hội …": from its close), so a
 * postponed congress moves the đợt with it. Pure.
 */
import type { Anchor } from '../../protocol/plan.js';

export interface PhaseTiming {
  starts: Anchor;
  ends: Anchor | null;
  /** Set when an anchor is a guess the operator must check. */
  note?: string;
}

/** Resolves the event a phrase names (recording it) to its key; undefined when none is named. */
export type EventResolver = (phrase: string) => string | undefined;

const pad = (n: number) => String(n).padStart(2, '0');
const day = (y: number, m: number, d = 1): Anchor => {
  const t = new Date(Date.UTC(y, m - 1, d));
  return { date: `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}` };
};
const edge = (event: string, e: 'opens' | 'closes', offsetDays?: number): Anchor => ({ event, edge: e, ...(offsetDays ? { offsetDays } : {}) });

const QUARTERS: Record<string, number> = { I: 1, II: 4, III: 7, IV: 10 };
const BEFORE_DAYS = 30;

/** A moment a phrase starts from, or undefined. `year` stands in where the phrase gives none. */
function startOf(p: string, year: number, event: EventResolver): Anchor | undefined {
  let m: RegExpExecArray | null;
  if ((m = /^(?:từ )?đầu năm (\d{4})/iu.exec(p))) return day(+m[1]!, 1);
  if ((m = /^(?:từ )?(?:ngày )?(\d{1,2})\/(\d{1,2})(?:\/(\d{4}))?/iu.exec(p))) return day(+(m[3] ?? year), +m[2]!, +m[1]!);
  if ((m = /^(?:từ |trong )?tháng (\d{1,2})(?:\/(\d{4})| năm (\d{4}))?/iu.exec(p))) return day(+(m[2] ?? m[3] ?? year), +m[1]!);
  if ((m = /^(?:từ )?quý ([IV]+)(?:\/(\d{4})| năm (\d{4}))?/iu.exec(p)) && QUARTERS[m[1]!]) return day(+(m[2] ?? m[3] ?? year), QUARTERS[m[1]!]!);
  if (/^(?:từ )?sau (?:khi )?/iu.test(p)) {
    const key = event(p);
    if (key) return edge(key, 'closes');
  }
  return undefined;
}

/** The exclusive end a phrase ("đến …") gives, or undefined. */
function endOf(p: string, year: number, event: EventResolver): Anchor | undefined {
  let m: RegExpExecArray | null;
  if ((m = /^(?:hết |cuối )?năm (\d{4})/iu.exec(p))) return day(+m[1]! + 1, 1);
  if ((m = /^(?:hết )?(?:ngày )?(\d{1,2})\/(\d{1,2})(?:\/(\d{4}))?/iu.exec(p))) return day(+(m[3] ?? year), +m[2]!, +m[1]! + 1);
  if ((m = /^(?:hết |cuối )?tháng (\d{1,2})(?:\/(\d{4})| năm (\d{4}))?/iu.exec(p))) return day(+(m[2] ?? m[3] ?? year), +m[1]! + 1);
  if ((m = /^(?:hết )?quý ([IV]+)(?:\/(\d{4})| năm (\d{4}))?/iu.exec(p)) && QUARTERS[m[1]!]) return day(+(m[2] ?? m[3] ?? year), QUARTERS[m[1]!]! + 3);
  const key = event(p);
  if (!key) return undefined;
  return /^(?:khi |trước (?:khi |ngày |thời gian )?)?khai mạc/iu.test(p) ? edge(key, 'opens') : edge(key, 'closes');
}

/**
 * The anchors of a phase heading's time phrase (the heading without its "Đợt 1:" label), or
 * undefined when it has none Pano understands. `year` is the plan's year, for "Tháng 3".
 */
export function phaseTiming(phrase: string, year: number, event: EventResolver): PhaseTiming | undefined {
  const p = phrase.trim();
  let m: RegExpExecArray | null;

  if ((m = /^trong (?:thời gian|những ngày|các ngày) (?:diễn ra |tổ chức )?(.*)$/iu.exec(p))) {
    const key = event(m[1]!);
    return key ? { starts: edge(key, 'opens'), ends: edge(key, 'closes') } : undefined;
  }
  if ((m = /^trước (?:khi |ngày |thời gian )?(?:khai mạc |diễn ra )?(.*)$/iu.exec(p))) {
    const key = event(m[1]!);
    if (!key) return undefined;
    return {
      starts: edge(key, 'opens', -BEFORE_DAYS),
      ends: edge(key, 'opens'),
      note: `Kế hoạch không ghi ngày bắt đầu: Pano đề xuất ${BEFORE_DAYS} ngày trước khai mạc, hãy kiểm tra. — EN: The plan gives no start; Pano proposes ${BEFORE_DAYS} days before the opening, check it.`,
    };
  }
  if ((m = /^sau (?:khi )?(?:bế mạc |kết thúc |tổ chức thành công )?(.*)$/iu.exec(p))) {
    const key = event(m[1]!);
    return key ? { starts: edge(key, 'closes'), ends: null } : undefined;
  }

  // "Từ … đến …": a start, then an end after the last "đến" that is not inside the start.
  const range = /^(?:từ )?(.+?)\s+(?:đến|tới)\s+(?:sau (?:khi )?(?:tổ chức thành công |bế mạc |kết thúc )?|trước (?:khi )?|khi )?(.*)$/iu.exec(p);
  if (range && /^từ /iu.test(p)) {
    const starts = startOf(`từ ${range[1]!}`, year, event);
    const ends = starts && endOf(range[2]!, yearOf(starts) ?? year, event);
    if (starts && ends) return { starts, ends };
  }

  // A phase labelled by its month or quarter alone ("Tháng 3/2027", "Quý II").
  if ((m = /^tháng (\d{1,2})(?:\/(\d{4})| năm (\d{4}))?/iu.exec(p))) {
    const y = +(m[2] ?? m[3] ?? year);
    return { starts: day(y, +m[1]!), ends: day(y, +m[1]! + 1) };
  }
  if ((m = /^quý ([IV]+)(?:\/(\d{4})| năm (\d{4}))?/iu.exec(p)) && QUARTERS[m[1]!]) {
    const y = +(m[2] ?? m[3] ?? year);
    return { starts: day(y, QUARTERS[m[1]!]!), ends: day(y, QUARTERS[m[1]!]! + 3) };
  }
  return undefined;
}

function yearOf(a: Anchor): number | undefined {
  return 'date' in a ? Number(a.date.slice(0, 4)) : undefined;
}
