import type { Role } from '../server/protocol/auth.js';
import type { ContentStatus } from '../server/protocol/api.js';
import type { Artwork } from '../server/protocol/print.js';
import type { ItemTag } from '../server/protocol/plan.js';
import type { ItemKind } from '../server/protocol/content.js';
import type { TemplateId } from '../display/render/index.js';
import { formatDateTime } from '../server/protocol/wall-clock.js';

/** Vietnamese first; English on request. Each component keeps its own strings via defineMessages. */
export type Locale = 'vi' | 'en';

export const LOCALE_KEY = 'pano.locale';

export function storedLocale(): Locale {
  return localStorage.getItem(LOCALE_KEY) === 'en' ? 'en' : 'vi';
}

/** A component's strings in both languages; English must have every Vietnamese key. */
export function defineMessages<T extends Record<string, string>>(vi: T, en: { [K in keyof T]: string }) {
  return (locale: Locale): { [K in keyof T]: string } => (locale === 'en' ? en : vi);
}

export const roleNames = defineMessages(
  { admin: 'Quản trị', approver: 'Duyệt nội dung', operator: 'Vận hành', viewer: 'Xem' } satisfies Record<Role, string>,
  { admin: 'Admin', approver: 'Approver', operator: 'Operator', viewer: 'Viewer' },
);

export const statusNames = defineMessages(
  { draft: 'Nháp', submitted: 'Chờ duyệt', approved: 'Đã duyệt', rejected: 'Bị từ chối', retired: 'Đã thu hồi' } satisfies Record<ContentStatus, string>,
  { draft: 'Draft', submitted: 'Submitted', approved: 'Approved', rejected: 'Rejected', retired: 'Retired' },
);

/** What a register item is: text (slogan, message) or a file with its caption (picture, clip). */
export const kindNames = defineMessages(
  { slogan: 'Khẩu hiệu', message: 'Thông điệp', picture: 'Ảnh', clip: 'Đoạn phim' } satisfies Record<ItemKind, string>,
  { slogan: 'Slogan', message: 'Message', picture: 'Picture', clip: 'Clip' },
);

export const tagNames = defineMessages(
  { celebratory: 'Mừng', greeting: 'Chào mừng', success: 'Chào mừng thành công', emulation: 'Thi đua', resolution: 'Thực hiện nghị quyết', evergreen: 'Dùng quanh năm' } satisfies Record<ItemTag, string>,
  { celebratory: 'Celebratory', greeting: 'Greeting', success: 'Success', emulation: 'Emulation', resolution: 'Resolution', evergreen: 'Evergreen' },
);

export const templateNames = defineMessages(
  {
    banner: 'Băng rôn',
    backdrop: 'Phông hội trường',
    'lobby-card': 'Thẻ sảnh',
    'gate-ticker': 'Chữ chạy cổng',
    mourning: 'Quốc tang',
    'photo-panel': 'Pa nô ảnh',
  } satisfies Record<TemplateId, string>,
  { banner: 'Banner', backdrop: 'Hall backdrop', 'lobby-card': 'Lobby card', 'gate-ticker': 'Gate ticker', mourning: 'Mourning', 'photo-panel': 'Photo panel' },
);

/** A display's part in its zone. */
export const displayRoleNames = defineMessages(
  { backdrop: 'Phông chính', side: 'Màn hình bên' } satisfies Record<'backdrop' | 'side', string>,
  { backdrop: 'Main backdrop', side: 'Side screen' },
);

/** dd/mm/yyyy HH:mm, Asia/Ho_Chi_Minh, whatever the browser's own zone. */
export function formatInstant(iso: string, timeZone = 'Asia/Ho_Chi_Minh'): string {
  return formatDateTime(iso, timeZone);
}

/** A plan's life: written (nothing of it plays), running, finished (its items stay in the register). */
export const planStateNames = defineMessages(
  { draft: 'Bản nháp', active: 'Đang thực hiện', ended: 'Đã kết thúc' },
  { draft: 'Draft', active: 'Active', ended: 'Ended' },
);

export const eventKindNames = defineMessages(
  { congress: 'Đại hội', anniversary: 'Ngày kỷ niệm', holiday: 'Ngày lễ', other: 'Khác' },
  { congress: 'Congress', anniversary: 'Anniversary', holiday: 'Holiday', other: 'Other' },
);

/** Where an event's date comes from: only an operator's entry is a guess awaiting confirmation. */
export const dateSourceNames = defineMessages(
  { 'public-record': 'Hồ sơ công khai', plan: 'Theo văn bản kế hoạch', 'operator-entry': 'Người vận hành nhập' },
  { 'public-record': 'Public record', plan: 'From the plan document', 'operator-entry': "Operator's entry" },
);

/** The edges of an event a phase can hang on, as a phrase comes before the event's name. */
export const edgeNames = defineMessages({ opens: 'khai mạc', closes: 'bế mạc' }, { opens: 'opening of', closes: 'closing of' });

/** What a print job made, as the print shop and the report call it. */
export const artworkNames = defineMessages(
  { banner: 'Băng rôn', backdrop: 'Phông hội trường', 'photo-panel': 'Pa nô ảnh' } satisfies Record<Artwork, string>,
  { banner: 'Banner', backdrop: 'Hall backdrop', 'photo-panel': 'Photo panel' },
);
/** A calendar date of a plan ("2020-02-17") as people write it: 17/02/2020. */
export function formatLocalDate(date: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : date;
}

export { countOf } from '../server/protocol/number-format.js';
