/**
 * Events a plan's text names: congresses ("Đại hội lần thứ XIII Đảng bộ Khối", "Đại hội đại
 * biểu toàn quốc lần thứ XIII của Đảng") and anniversaries with their date in brackets
 * ("Kỷ niệm 90 năm Ngày thành lập Đảng Cộng sản Việt Nam (3/2/1930 - 3/2/2020)"). The same
 * congress written three ways is one event. Pure.
 */
import type { LocalDateTime } from '../../protocol/plan.js';
import type { ReadEvent, Source } from '../../protocol/plan-reading.js';

interface CongressRef {
  national: boolean;
  /** "Khối các cơ quan Trung ương", "Văn phòng Chính phủ"; empty for the national congress. */
  body: string;
  ordinal?: string;
}

// Words that end the name of a Party organisation inside a sentence.
const BODY_STOP = /\s*(?:[,;:()!?.“”"]|\s-\s|\s(?:lần thứ|nhiệm kỳ|khóa|tiến tới|và|với|theo|tại|diễn ra|thành công|trong|để|đã|sẽ)(?!\p{L}))/u;

/** Every congress a phrase names precisely enough to be told from others, in order. */
export function findCongresses(text: string): CongressRef[] {
  const starts = [...text.matchAll(/Đại hội/giu)].map((m) => m.index);
  return starts.flatMap((at, i) => {
    const ref = congressAt(text.slice(at, starts[i + 1] ?? text.length));
    return ref ? [ref] : [];
  });
}

/** The congress named by a phrase starting with "Đại hội" and running to the next one. */
function congressAt(rest: string): CongressRef | undefined {
  const ordinal = /^Đại hội(?:[^,;:()]*?) lần thứ ([IVXLC]+)(?!\p{L})/iu.exec(rest)?.[1] ?? /^Đại hội(?: đại biểu)? ([IVXLC]+)(?!\p{L})/iu.exec(rest)?.[1];
  const head = rest.split(/[;:()]|,\s(?!nhiệm kỳ)/)[0] ?? rest;
  if (/toàn quốc|Đảng Cộng sản Việt Nam|(?:của|lần thứ [IVXLC]+) Đảng(?! bộ)(?!\p{L})|^Đại hội(?: đại biểu)? [IVXLC]+ của Đảng(?! bộ)/u.test(head)) {
    return { national: true, body: '', ...(ordinal ? { ordinal } : {}) };
  }
  const body = /Đảng bộ (\p{Lu}.*)$/u.exec(head)?.[1];
  if (!body) return undefined;
  const name = body.split(BODY_STOP)[0]!.trim();
  return name ? { national: false, body: name, ...(ordinal ? { ordinal } : {}) } : undefined;
}

/** One congress written two ways: "Đảng bộ Khối" and "Đảng bộ Khối các cơ quan Trung ương", with or without its ordinal. */
const matches = (a: CongressRef, b: CongressRef) =>
  a.national === b.national && (a.body.startsWith(b.body) || b.body.startsWith(a.body)) && (!a.ordinal || !b.ordinal || a.ordinal === b.ordinal);

function congressName(ref: CongressRef): string {
  const ordinal = ref.ordinal ? ` lần thứ ${ref.ordinal}` : '';
  return ref.national ? `Đại hội đại biểu toàn quốc${ordinal} của Đảng` : `Đại hội đại biểu Đảng bộ ${ref.body}${ordinal}`;
}

const capitalise = (s: string) => s.charAt(0).toLocaleUpperCase('vi') + s.slice(1);
const pad = (n: number) => String(n).padStart(2, '0');

function nextDay(y: number, m: number, d: number): LocalDateTime {
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10) + 'T00:00';
}

interface Entry {
  key: string;
  ref?: CongressRef;
  event: Omit<ReadEvent, 'id'>;
}

/** The events met while reading, merged as they are met; ids are given once reading is done. */
export class EventBook {
  private readonly entries: Entry[] = [];

  /** Every congress the text names, recorded (or merged with one already met); the first one's key. */
  congress(text: string, source: Source): string | undefined {
    const hint = /\(((?:đầu|giữa|cuối|dự kiến|khoảng)[^()]*\d{4})\)/iu.exec(text)?.[1];
    const dated = /\btừ ngày (\d{1,2})\/(\d{1,2})(?:\/(\d{4}))? đến(?: ngày)? (\d{1,2})\/(\d{1,2})\/(\d{4})/u.exec(text);
    // A date or a hint in the sentence belongs to the first congress it names.
    return findCongresses(text)
      .map((ref, i) => this.record(ref, source, i === 0 ? hint : undefined, i === 0 ? dated : null))
      .at(0);
  }

  private record(ref: CongressRef, source: Source, hint: string | undefined, dated: RegExpExecArray | null): string {
    const found = this.entries.find((e) => e.ref && matches(e.ref, ref));
    if (found) {
      const merged = found.ref!;
      if (ref.body.length > merged.body.length) merged.body = ref.body;
      merged.ordinal ??= ref.ordinal;
      found.event.name = congressName(merged);
      if (hint && !found.event.hint) found.event.hint = hint;
      if (dated && !found.event.opens) Object.assign(found.event, this.dates(dated));
      return found.key;
    }
    const key = `event-${this.entries.length + 1}`;
    this.entries.push({
      key,
      ref,
      event: {
        name: congressName(ref),
        kind: 'congress',
        opens: null,
        closes: null,
        dateSource: 'plan',
        ...(hint ? { hint } : {}),
        ...(dated ? this.dates(dated) : {}),
        source,
      },
    });
    return key;
  }

  /** Anniversaries and days written with their date: "Kỷ niệm 90 năm Ngày … (3/2/1930 - 3/2/2020)". */
  anniversaries(text: string, source: Source): void {
    const re = /((?:Kỷ niệm|Ngày)\s[^;:()]{3,200}?)\s*\((?:\d{1,2}\/\d{1,2}\/\d{4}\s*-\s*)?(\d{1,2})\/(\d{1,2})\/(\d{4})\)/giu;
    for (const m of text.matchAll(re)) {
      const name = `${capitalise(m[1]!.trim())} (${m[0].slice(m[0].indexOf('(') + 1, -1).replace(/\s*-\s*/, ' - ')})`;
      if (this.entries.some((e) => e.event.name === name)) continue;
      const [d, mo, y] = [Number(m[2]), Number(m[3]), Number(m[4])];
      if (new Date(Date.UTC(y, mo - 1, d)).getUTCDate() !== d) continue;
      this.entries.push({
        key: `event-${this.entries.length + 1}`,
        event: { name, kind: 'anniversary', opens: `${y}-${pad(mo)}-${pad(d)}T00:00`, closes: nextDay(y, mo, d), dateSource: 'plan', source },
      });
    }
  }

  /** The keys of the events a text names among those already met (for slogans). */
  named(text: string): string[] {
    const refs = findCongresses(text);
    return this.entries.filter((e) => e.ref && refs.some((r) => matches(e.ref!, r))).map((e) => e.key);
  }

  /** The events, each with its final id, and the map from reading keys to ids. */
  finish(idFor: (name: string) => string): { events: ReadEvent[]; ids: Map<string, string> } {
    const ids = new Map<string, string>();
    const events = this.entries.map((e) => {
      const id = idFor(e.event.name);
      ids.set(e.key, id);
      return { id, ...e.event };
    });
    return { events, ids };
  }

  private dates(m: RegExpExecArray): Pick<ReadEvent, 'opens' | 'closes'> {
    const [d1, m1, y1, d2, m2, y2] = [m[1], m[2], m[3] ?? m[6], m[4], m[5], m[6]].map(Number) as [number, number, number, number, number, number];
    return { opens: `${y1}-${pad(m1)}-${pad(d1)}T00:00`, closes: nextDay(y2, m2, d2) };
  }
}
