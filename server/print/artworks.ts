/**
 * Backdrops and photo panels: what they print is worked out once, when the job is made, recorded
 * whole (lines as drawn, photos with their captions and a hash), and checked again at every run.
 * The backdrop's title comes from the congress in the event register, never from free text.
 */
import { createHash } from 'node:crypto';
import { DEFAULT_BACKDROP_TOP_LINE, uppercaseVi } from '../../display/render/index.js';
import type { PhotoRepository } from '../db/photo-repository.js';
import type { ScheduleRepository } from '../db/schedule-repository.js';
import { congressTitleLines } from '../domain/compiler/plan-input.js';
import type { PhotoFiles } from '../photos/files.js';
import type { Photo } from '../photos/protocol.js';
import { backdropDatePlace, backdropText, panelText, type BackdropRecord, type PanelRecord } from '../protocol/print.js';
import type { EventView } from '../protocol/schedule.js';
import { normalizeText } from '../protocol/text.js';
import type { RenderItem } from './engine.js';
import { PrintError } from './errors.js';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** The congress a backdrop is for; anything else in the register has no title lines to print. */
export async function findCongress(schedules: Pick<ScheduleRepository, 'findEvent'>, id: string): Promise<EventView> {
  const event = await schedules.findEvent(id);
  if (!event) throw new PrintError('unknown-event', `Không có sự kiện "${id}"`, `no event "${id}"`, { field: ['eventId'] });
  if (event.kind !== 'congress') {
    throw new PrintError(
      'not-congress',
      `"${event.name}" không phải là đại hội; phông hội trường chỉ in cho đại hội`,
      `event "${id}" is a ${event.kind}, not a congress`,
      { field: ['eventId'] },
    );
  }
  return event;
}

/** The lines as drawn: title lines from the congress's name, top line and date line as chosen. */
export function backdropRecord(event: EventView, lines: { topLine?: string | undefined; datePlace?: string | undefined }): BackdropRecord {
  const drawn = {
    topLine: uppercaseVi(normalizeText(lines.topLine ?? DEFAULT_BACKDROP_TOP_LINE)),
    titleLines: congressTitleLines(event.name).map((l) => uppercaseVi(normalizeText(l))),
    datePlace: normalizeText(lines.datePlace ?? backdropDatePlace(event)),
  };
  return { eventId: event.id, eventName: event.name, ...drawn, textSha256: sha256(backdropText(drawn)) };
}

/**
 * A backdrop whose top line or date line, as drawn, differs from what the server would draw by
 * default (the Party slogan; the place and the event's dates) carries text no approver has seen.
 */
export function backdropHasOwnLines(event: EventView, record: Pick<BackdropRecord, 'topLine' | 'datePlace'>): boolean {
  const defaults = backdropRecord(event, {});
  return record.topLine !== defaults.topLine || record.datePlace !== defaults.datePlace;
}

/**
 * Before a run: the congress is still there under the same name (a renamed congress needs a new
 * job, as a slogan edited after approval does) and the record is intact.
 */
export async function recheckBackdrop(schedules: Pick<ScheduleRepository, 'findEvent'>, record: BackdropRecord): Promise<void> {
  const now = backdropRecord(await findCongress(schedules, record.eventId), record);
  if (now.titleLines.join('\n') !== record.titleLines.join('\n') || sha256(backdropText(record)) !== record.textSha256) {
    throw new PrintError(
      'not-approved',
      `Tên đại hội "${record.eventId}" đã đổi từ khi tạo lệnh in; hãy tạo lệnh in mới`,
      `congress "${record.eventId}" was renamed after the job was made`,
    );
  }
}

export function backdropItem(record: BackdropRecord): RenderItem {
  const { topLine, titleLines, datePlace } = record;
  return {
    key: `phong-${record.eventId}`,
    textSha256: record.textSha256,
    text: [topLine, ...titleLines, datePlace].filter(Boolean).join(' '),
    document: '',
    source: `sự kiện ${record.eventId}`,
    content: { template: 'backdrop', topLine, titleLines, datePlace },
  };
}

/** The uploaded photos, in order; each must exist and appear once. */
export async function findPhotos(photos: Pick<PhotoRepository, 'find'>, ids: readonly string[]): Promise<Photo[]> {
  const found: Photo[] = [];
  for (const [i, id] of ids.entries()) {
    const photo = await photos.find(id);
    if (!photo) throw new PrintError('unknown-photo', `Không có ảnh ${id.slice(0, 12)}…`, `no photo ${id}`, { field: ['photoIds', i] });
    if (ids.indexOf(id) !== i) throw new PrintError('unknown-photo', `Ảnh ${id.slice(0, 12)}… được chọn hai lần`, `photo ${id} is listed twice`, { field: ['photoIds', i] });
    found.push(photo);
  }
  return found;
}

export function panelRecord(title: string, photos: readonly Photo[]): PanelRecord {
  const drawn = {
    title: uppercaseVi(normalizeText(title)),
    photos: photos.map((p) => ({ id: p.id, caption: normalizeText(p.caption), width: p.width, height: p.height })),
  };
  return { ...drawn, textSha256: sha256(panelText(drawn)) };
}

/** Before a run: every photo is still uploaded (its bytes are checked against the id when read). */
export async function panelItem(record: PanelRecord, photos: Pick<PhotoRepository, 'find'>, files: Pick<PhotoFiles, 'pathFor'>): Promise<RenderItem> {
  if (sha256(panelText(record)) !== record.textSha256) {
    throw new PrintError('not-approved', 'Bản ghi pa nô không khớp mã băm; hãy tạo lệnh in mới', 'the panel record does not match its hash');
  }
  const found = await findPhotos(photos, record.photos.map((p) => p.id));
  return {
    key: `pa-no-${asciiSlug(record.title)}`,
    textSha256: record.textSha256,
    text: record.title,
    document: '',
    source: `${record.photos.length} ảnh`,
    content: {
      template: 'photo-panel',
      title: record.title,
      photos: record.photos.map((p, i) => ({ ...p, file: files.pathFor(p.id, found[i]!.mime) })),
    },
  };
}

/** File names print shops' tools all accept: no marks, no spaces. */
function asciiSlug(text: string): string {
  const slug = text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+/, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return slug || 'anh';
}
