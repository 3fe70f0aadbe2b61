import type { Anchor } from '../server/protocol/plan.js';
import { defineMessages, edgeNames, type Locale } from './i18n.js';
import { formatLocalDate } from './time.js';

/**
 * A plan's moments in the words of the plan ("bế mạc Đại hội + 90 ngày"), never with an event's
 * id: what the staff read in the document is what they read in the panel. Pure, unit-tested.
 */

const messages = defineMessages(
  { day: 'ngày', days: 'ngày', unknownEvent: '(sự kiện đã bị xóa)', unknownDay: '(ngày lễ đã bị xóa)', openEnded: 'chưa định ngày kết thúc', from: 'Từ', to: 'đến' },
  { day: 'day', days: 'days', unknownEvent: '(a deleted event)', unknownDay: '(a deleted national day)', openEnded: 'no end set', from: 'From', to: 'to' },
);

export interface NamedEvent {
  id: string;
  name: string;
}

/** "+ 90 ngày", "− 1 ngày", '' for none: the offset as the plan's own arithmetic reads. */
export function offsetInWords(offsetDays: number | undefined, locale: Locale): string {
  if (!offsetDays) return '';
  const m = messages(locale);
  const n = Math.abs(offsetDays);
  return ` ${offsetDays > 0 ? '+' : '−'} ${n} ${n === 1 ? m.day : m.days}`;
}

/** "01/07/2020", or "bế mạc Đại hội lần thứ XIII + 90 ngày". */
export function anchorInWords(anchor: Anchor, events: readonly NamedEvent[], locale: Locale, nationalDays: readonly NamedEvent[] = []): string {
  if ('date' in anchor) return formatLocalDate(anchor.date);
  if ('nationalDay' in anchor) {
    const day = nationalDays.find((d) => d.id === anchor.nationalDay)?.name ?? messages(locale).unknownDay;
    return `${day} ${anchor.year}${offsetInWords(anchor.offsetDays, locale)}`;
  }
  const name = events.find((e) => e.id === anchor.event)?.name ?? messages(locale).unknownEvent;
  return `${edgeNames(locale)[anchor.edge]} ${name}${offsetInWords(anchor.offsetDays, locale)}`;
}

/** "Từ 01/07/2020 đến bế mạc Đại hội + 90 ngày"; an open end says so. */
export function spanInWords(starts: Anchor, ends: Anchor | null, events: readonly NamedEvent[], locale: Locale): string {
  const m = messages(locale);
  return `${m.from} ${anchorInWords(starts, events, locale)} ${m.to} ${ends ? anchorInWords(ends, events, locale) : m.openEnded}`;
}

const durations = defineMessages(
  { hours: 'giờ', minutes: 'phút', seconds: 'giây' },
  { hours: 'h', minutes: 'min', seconds: 's' },
);

/** Time on screen as a report reads it: "12 giờ 05 phút", "3 phút 20 giây", "45 giây". */
export function durationInWords(totalSeconds: number, locale: Locale): string {
  const m = durations(locale);
  const s = Math.round(totalSeconds);
  const [h, min, sec] = [Math.floor(s / 3600), Math.floor((s % 3600) / 60), s % 60];
  if (h) return `${h} ${m.hours} ${String(min).padStart(2, '0')} ${m.minutes}`;
  if (min) return `${min} ${m.minutes}${sec ? ` ${String(sec).padStart(2, '0')} ${m.seconds}` : ''}`;
  return `${sec} ${m.seconds}`;
}
