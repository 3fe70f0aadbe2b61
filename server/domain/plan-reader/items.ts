/**
 * Lists inside a section: bullet points ("- …", "• …"), numbered points ("1. …") and table rows,
 * each item rejoined when the page wrapped it over several lines (or a page break split it).
 * Pure.
 */
import type { ItemTag } from '../../protocol/plan.js';
import type { Source } from '../../protocol/plan-reading.js';
import { joinWrapped, type Line } from './lines.js';

export interface ListItem {
  text: string;
  source: Source;
}

const BULLET = /^[-–—•+*]\s*(.*)$/u;
const NUMBERED = /^\d{1,2}\s*[.)]\s+(.*)$/u;
const ENDS_SENTENCE = /[.!?:;…]["”’)]?$/u;
const STARTS_LOWER = /^\p{Ll}/u;

/**
 * The items of a run of lines. With `numbered`, "1. …" starts an item (a list of slogans under
 * a roman heading); otherwise only bullets do, and a line after a finished sentence.
 */
export function listItems(lines: readonly Line[], opts: { numbered: boolean }): ListItem[] {
  const items: ListItem[] = [];
  let parts: Line[] = [];
  let texts: string[] = [];
  let gap = false;
  const close = () => {
    const text = joinWrapped(texts);
    if (text) items.push({ text, source: { line: parts[0]!.no, text: parts.map((p) => p.raw).join('\n') } });
    parts = [];
    texts = [];
  };
  const open = (l: Line, text: string) => {
    close();
    parts = [l];
    texts = [text];
  };
  for (const l of lines) {
    if (!l.text) {
      gap = true;
      continue;
    }
    // Table rows are read by tableSlogans; one ends any item above it.
    if (l.cells) {
      close();
      continue;
    }
    const bullet = BULLET.exec(l.text) ?? (opts.numbered ? NUMBERED.exec(l.text) : null);
    const last = texts.at(-1);
    // A wrapped sentence goes on: no end punctuation yet, or it resumes in lower case after a page break.
    const continues = last !== undefined && !bullet && (gap ? STARTS_LOWER.test(l.text) && !ENDS_SENTENCE.test(last) : !ENDS_SENTENCE.test(last) || STARTS_LOWER.test(l.text));
    gap = false;
    if (continues) {
      parts.push(l);
      texts.push(l.text);
    } else open(l, bullet ? bullet[1]! : l.text);
  }
  close();
  return items;
}

const HEADER_CELL = /^(STT|TT|Số TT|Số thứ tự|Khẩu hiệu.*|Nội dung.*|Nơi treo.*|Địa điểm.*|Vị trí.*|Ghi chú|Thời gian.*)$/iu;

/** Slogans in table rows: the cell under a "Khẩu hiệu"/"Nội dung" header, else the longest. */
export function tableSlogans(lines: readonly Line[]): ListItem[] {
  let column: number | undefined;
  const out: ListItem[] = [];
  for (const l of lines) {
    if (!l.cells) continue;
    const cells = l.cells;
    if (cells.every((c) => !c || HEADER_CELL.test(c))) {
      const i = cells.findIndex((c) => /khẩu hiệu|nội dung/iu.test(c));
      if (i >= 0) column = i;
      continue;
    }
    const candidates = cells.map((c, i) => ({ c, i })).filter(({ c }) => /\p{L}{2}/u.test(c) && !/^\d+\.?$/.test(c));
    const pick = (column !== undefined ? candidates.find(({ i }) => i === column) : undefined) ?? candidates.sort((a, b) => b.c.length - a.c.length)[0];
    const text = pick && joinWrapped([pick.c.replace(/^[-–•]\s*/u, '')]);
    if (text) out.push({ text, source: { line: l.no, text: l.raw } });
  }
  return out;
}

/** Slogans quoted inside a theme: "treo khẩu hiệu chào mừng “Nhiệt liệt chào mừng …”". */
export function quotedSlogans(text: string): string[] {
  return [...text.matchAll(/khẩu hiệu[^“”"]{0,60}[“"]([^”"]{10,300})[”"]/giu)].map((m) => joinWrapped([m[1]!]));
}

/**
 * Tags by the slogan's wording, as the hand transcription of 38-KH/ĐU assigns them: a proposal
 * the operator checks, never a decision (tags decide only which phase favours an item).
 */
export function sloganTags(text: string): ItemTag[] {
  const t = text.toLocaleLowerCase('vi');
  const tags = new Set<ItemTag>();
  if (/chào mừng thành công/u.test(t)) tags.add('success');
  else if (/chào mừng/u.test(t)) tags.add('greeting');
  if (/^thi đua/u.test(t)) tags.add('emulation');
  if (/thực hiện thắng lợi nghị quyết|thực hiện thắng lợi các nghị quyết/u.test(t)) tags.add('resolution');
  if (tags.size === 0) tags.add('evergreen');
  return [...tags];
}

/**
 * Pano's guess at a slogan's celebratory nature (greetings, congratulations, "muôn năm"), as the
 * hand transcription of 38-KH/ĐU flags them. The review shows it as a guess the operator confirms
 * or changes: mourning takes every celebratory item off the screens.
 */
export function sloganCelebratory(text: string): boolean {
  return /chào mừng|muôn năm/u.test(text.toLocaleLowerCase('vi'));
}
