/**
 * How an audit row reads to a person: the action, the actor and the before/after values in
 * words, in Vietnamese or English, never a code, an id pattern or raw JSON. Pure (no DOM) so the
 * whole vocabulary is unit-tested.
 */
import { ROLES, type Role } from '../server/protocol/auth.js';
import { roleNames, type Locale } from './i18n.js';
import { formatMs } from './time.js';

type Pair = readonly [vi: string, en: string];

/**
 * Every action the server writes, across every branch of the product (grep `action:` and the
 * `item.${action}`, `display.${name}`, `print.job-${…}` and `plan.${state}` templates).
 */
const ACTIONS: Record<string, Pair> = {
  'user.login': ['Đăng nhập', 'Signed in'],
  'login.failed': ['Đăng nhập thất bại', 'Failed sign-in'],
  'login.throttled': ['Đăng nhập bị chặn tạm thời', 'Sign-in throttled'],
  'user.logout': ['Đăng xuất', 'Signed out'],
  'user.bootstrap': ['Tạo quản trị viên đầu tiên', 'First admin created'],
  'user.setup': ['Đặt mật khẩu quản trị lần đầu', 'Admin first password set'],
  'setup.failed': ['Mã thiết lập sai', 'Wrong setup code'],
  'user.create': ['Tạo người dùng', 'User created'],
  'user.update': ['Sửa người dùng', 'User changed'],
  'user.password-change': ['Đổi mật khẩu', 'Password changed'],
  'password.change-failed': ['Đổi mật khẩu thất bại', 'Password change failed'],
  'item.create': ['Đề xuất nội dung', 'Content proposed'],
  'item.revise': ['Sửa nội dung (bản mới)', 'Content revised'],
  'item.submit': ['Gửi duyệt nội dung', 'Content submitted for approval'],
  'item.approve': ['Duyệt nội dung', 'Content approved'],
  'item.reject': ['Từ chối nội dung', 'Content rejected'],
  'item.retire': ['Thôi dùng nội dung', 'Content retired'],
  'item.approval-withdrawn': ['Rút lại phê duyệt nội dung', 'Content approval withdrawn'],
  'display.pair': ['Ghép nối màn hình', 'Screen paired'],
  'display.pair-failed': ['Ghép nối màn hình thất bại', 'Screen pairing failed'],
  'display.update': ['Sửa màn hình', 'Screen changed'],
  'display.revoke': ['Thu hồi màn hình', 'Screen revoked'],
  'display.identify': ['Nhận diện màn hình', 'Screen identified'],
  'display.reload': ['Tải lại màn hình', 'Screen reloaded'],
  'display.capture': ['Chụp ảnh màn hình', 'Screen captured'],
  'zone.create': ['Tạo khu vực', 'Zone created'],
  'schedule.create': ['Thêm lịch phát', 'Schedule entry added'],
  'schedule.update': ['Sửa lịch phát', 'Schedule entry changed'],
  'schedule.delete': ['Xóa lịch phát', 'Schedule entry deleted'],
  'event.update': ['Sửa sự kiện', 'Event changed'],
  'phase.update': ['Sửa giai đoạn', 'Phase changed'],
  'takeover.start': ['Bắt đầu phát khẩn', 'Takeover started'],
  'takeover.clear': ['Kết thúc phát khẩn', 'Takeover ended'],
  'mourning.set': ['Bật chế độ quốc tang', 'National mourning on'],
  'mourning.clear': ['Tắt chế độ quốc tang', 'National mourning off'],
  'rehearsal.start': ['Bắt đầu diễn tập', 'Rehearsal started'],
  'rehearsal.end': ['Kết thúc diễn tập', 'Rehearsal ended'],
  'photo.upload': ['Tải ảnh lên', 'Photo uploaded'],
  'photo.caption': ['Sửa chú thích ảnh', 'Photo caption changed'],
  'photo.delete': ['Xóa ảnh', 'Photo deleted'],
  'clip.upload': ['Tải đoạn phim lên', 'Clip uploaded'],
  'plan.import': ['Nhập kế hoạch', 'Plan imported'],
  'plan.create': ['Tạo kế hoạch', 'Plan created'],
  'plan.update': ['Sửa kế hoạch', 'Plan changed'],
  'plan.adopt': ['Tiếp nhận kế hoạch', 'Plan adopted'],
  'plan.link': ['Liên kết kế hoạch', 'Plan linked'],
  'plan.propose': ['Đề xuất khẩu hiệu theo kế hoạch', 'Slogans proposed from a plan'],
  'plan.activate': ['Đưa kế hoạch vào thực hiện', 'Plan activated'],
  'plan.end': ['Kết thúc kế hoạch', 'Plan ended'],
  'plan.draft': ['Đưa kế hoạch về bản nháp', 'Plan back to draft'],
  'plan.event.create': ['Thêm sự kiện vào kế hoạch', 'Plan event added'],
  'plan.event.update': ['Sửa sự kiện của kế hoạch', 'Plan event changed'],
  'plan.event.delete': ['Xóa sự kiện của kế hoạch', 'Plan event deleted'],
  'plan.phase.create': ['Thêm giai đoạn vào kế hoạch', 'Plan phase added'],
  'plan.phase.update': ['Sửa giai đoạn của kế hoạch', 'Plan phase changed'],
  'plan.phase.delete': ['Xóa giai đoạn của kế hoạch', 'Plan phase deleted'],
  'plan.campaign.create': ['Thêm đợt tuyên truyền', 'Campaign added'],
  'plan.campaign.update': ['Sửa đợt tuyên truyền', 'Campaign changed'],
  'plan.campaign.delete': ['Xóa đợt tuyên truyền', 'Campaign deleted'],
  'national-day.create': ['Thêm ngày lễ quốc gia', 'National day added'],
  'national-day.update': ['Sửa ngày lễ quốc gia', 'National day changed'],
  'national-day.delete': ['Xóa ngày lễ quốc gia', 'National day deleted'],
  'print.job-create': ['Tạo lệnh in', 'Print job created'],
  'print.job-approve': ['Duyệt lệnh in', 'Print job approved'],
  'print.job-reject': ['Từ chối lệnh in', 'Print job rejected'],
  'print.job-cancel': ['Hủy lệnh in', 'Print job cancelled'],
  'print.job-delete': ['Xóa lệnh in', 'Print job deleted'],
  'print.job-done': ['Lệnh in hoàn tất', 'Print job finished'],
  'print.job-failed': ['Lệnh in thất bại', 'Print job failed'],
  'print.cli': ['In từ dòng lệnh', 'Printed from the command line'],
  'web-channel.update': ['Sửa kênh công khai của trang tin', 'Web channel settings changed'],
};

/** Every action code named here (for the filter's suggestions and the tests). */
export const AUDIT_ACTIONS: readonly string[] = Object.keys(ACTIONS);

const pick = (pair: Pair, locale: Locale) => pair[locale === 'en' ? 1 : 0];

/** The action in words; an action added later reads "Thay đổi khác" rather than its code. */
export function actionLabel(action: string, locale: Locale): string {
  const known = ACTIONS[action];
  return known ? pick(known, locale) : pick(['Thay đổi khác', 'Other change'], locale);
}

/** A screen's random id: never shown, the row says "a screen" or the screen's name instead. */
const OPAQUE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const A_SCREEN: Pair = ['Một màn hình', 'A screen'];
/** Row ids and item keys identify, they do not describe: the target already names the object. */
const IDENTIFIERS = new Set(['id', 'key']);

/** `system`, `cli:<user>`, `display:<id>`, `anonymous` or a username, in words. */
export function actorLabel(actor: string, locale: Locale): string {
  if (actor === 'system') return pick(['Hệ thống (tự động)', 'System (automatic)'], locale);
  if (actor === 'anonymous' || actor === '') return pick(['Người chưa đăng nhập', 'Not signed in'], locale);
  const [kind, ...rest] = actor.split(':');
  const who = rest.join(':');
  if (rest.length > 0 && kind === 'cli') return pick([`${who} (dòng lệnh trên máy chủ)`, `${who} (command line on the server)`], locale);
  if (rest.length > 0 && kind === 'display') return OPAQUE_ID.test(who) ? pick(A_SCREEN, locale) : pick([`Màn hình ${who}`, `Screen ${who}`], locale);
  return actor;
}

/** Field labels; a field not named here reads as its words ("zoneId" → "zone id"). */
const FIELDS: Record<string, Pair> = {
  username: ['Tên đăng nhập', 'Username'],
  displayName: ['Họ tên', 'Full name'],
  roles: ['Vai trò', 'Roles'],
  role: ['Vai trò', 'Role'],
  disabled: ['Đã khóa', 'Disabled'],
  passwordSet: ['Đã có mật khẩu', 'Password set'],
  passwordReset: ['Đặt lại mật khẩu', 'Password reset'],
  everywhere: ['Mọi phiên', 'All sessions'],
  id: ['Mã số', 'Number'],
  key: ['Mã', 'Key'],
  name: ['Tên', 'Name'],
  title: ['Tiêu đề', 'Title'],
  text: ['Nội dung', 'Text'],
  state: ['Trạng thái', 'State'],
  status: ['Trạng thái', 'Status'],
  reason: ['Lý do', 'Reason'],
  revision: ['Bản', 'Revision'],
  tags: ['Nhãn', 'Tags'],
  celebratory: ['Mang tính chúc mừng', 'Celebratory'],
  zoneId: ['Khu vực', 'Zone'],
  revokedAt: ['Thu hồi lúc', 'Revoked at'],
  delivered: ['Đã gửi tới màn hình', 'Delivered to the screen'],
  document: ['Văn bản', 'Document'],
  places: ['Địa điểm', 'Places'],
  items: ['Khẩu hiệu', 'Slogans'],
  files: ['Tệp', 'Files'],
  settings: ['Thiết lập in', 'Print settings'],
  preset: ['Khổ in', 'Format'],
  scale: ['Tỉ lệ', 'Scale'],
  copies: ['Số bản', 'Copies'],
  slug: ['Dải thông tin in', 'Print slug'],
  cmyk: ['CMYK', 'CMYK'],
  bleedMm: ['Lề xén (mm)', 'Bleed (mm)'],
  error: ['Lỗi', 'Error'],
  bytes: ['Dung lượng (byte)', 'Size (bytes)'],
  pages: ['Số trang', 'Pages'],
  caption: ['Chú thích', 'Caption'],
  start: ['Bắt đầu', 'Start'],
  end: ['Kết thúc', 'End'],
  startsAt: ['Bắt đầu', 'Starts'],
  endsAt: ['Kết thúc', 'Ends'],
  until: ['Đến', 'Until'],
  at: ['Lúc', 'At'],
  date: ['Ngày', 'Date'],
  weekdays: ['Các ngày trong tuần', 'Weekdays'],
  template: ['Mẫu trình bày', 'Template'],
  templateId: ['Mẫu trình bày', 'Template'],
  itemId: ['Nội dung', 'Content'],
  printJobId: ['Pa nô ảnh (lệnh in số)', 'Photo panel (print job no.)'],
  kind: ['Loại', 'Kind'],
  displayIds: ['Màn hình', 'Screens'],
  zoneIds: ['Khu vực', 'Zones'],
  priority: ['Ưu tiên', 'Priority'],
  message: ['Thông báo', 'Message'],
  user: ['Người dùng', 'User'],
  by: ['Bởi', 'By'],
  output: ['Tệp ra', 'Output'],
  source: ['Nguồn', 'Source'],
  enabled: ['Đang bật', 'On'],
  allowedOrigins: ['Trang được nhúng', 'Portals allowed to embed'],
  updatedAt: ['Sửa lúc', 'Changed at'],
};

/** A key in words: the label when named, else the camelCase/kebab key split into lower-case words. */
export function fieldLabel(key: string, locale: Locale): string {
  const known = FIELDS[key];
  if (known) return pick(known, locale);
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[-_.]+/g, ' ')
    .toLowerCase();
}

/** Values of the status and state fields (content, print jobs, plans) in words. */
const STATES: Record<string, Pair> = {
  draft: ['Nháp', 'Draft'],
  submitted: ['Chờ duyệt', 'Submitted'],
  approved: ['Đã duyệt', 'Approved'],
  rejected: ['Bị từ chối', 'Rejected'],
  retired: ['Đã thu hồi', 'Retired'],
  'awaiting-approval': ['Chờ duyệt in', 'Awaiting approval'],
  queued: ['Đang chờ in', 'Queued'],
  running: ['Đang in', 'Running'],
  done: ['Hoàn tất', 'Done'],
  failed: ['Thất bại', 'Failed'],
  cancelled: ['Đã hủy', 'Cancelled'],
  active: ['Đang thực hiện', 'Active'],
  ended: ['Đã kết thúc', 'Ended'],
};

/** Values of kind fields (a schedule's content, a register item, a print job's artwork) in words. */
const KINDS: Record<string, Pair> = {
  items: ['Nội dung chọn sẵn', 'Chosen items'],
  phase: ['Theo đợt', 'By phase'],
  template: ['Mẫu có trường', 'Template with fields'],
  'photo-panel': ['Pa nô ảnh', 'Photo panel'],
  slogan: ['Khẩu hiệu', 'Slogan'],
  message: ['Thông điệp', 'Message'],
  picture: ['Ảnh', 'Picture'],
  clip: ['Đoạn phim', 'Clip'],
  banner: ['Băng rôn', 'Banner'],
  backdrop: ['Phông hội trường', 'Hall backdrop'],
};

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;
const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}:\d{2}))?$/;

/** One value as a person reads it: dates dd/mm/yyyy HH:mm in Hà Nội, có/không, lists joined, objects as "label: value". */
export function formatAuditValue(value: unknown, locale: Locale, field = ''): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return pick(value ? ['có', 'yes'] : ['không', 'no'], locale);
  if (typeof value === 'number') return value.toLocaleString(locale === 'en' ? 'en-GB' : 'vi-VN');
  if (typeof value === 'string') {
    if ((field === 'roles' || field === 'role') && (ROLES as readonly string[]).includes(value)) return roleNames(locale)[value as Role];
    if ((field === 'status' || field === 'state') && STATES[value]) return pick(STATES[value], locale);
    if ((field === 'kind' || field === 'artwork') && KINDS[value]) return pick(KINDS[value], locale);
    if (ISO_INSTANT.test(value)) return formatMs(Date.parse(value));
    const local = LOCAL_DATE_TIME.exec(value);
    if (local) return `${local[3]}/${local[2]}/${local[1]}${local[4] ? ` ${local[4]}` : ''}`;
    return value;
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return '—';
    const sep = value.some(isRecord) ? '; ' : ', ';
    return value.map((v) => formatAuditValue(v, locale, field)).join(sep);
  }
  if (isRecord(value)) {
    const entries = Object.entries(value).filter(([k, v]) => v !== undefined && !IDENTIFIERS.has(k));
    if (entries.length === 0) return '—';
    return entries.map(([k, v]) => `${fieldLabel(k, locale)}: ${formatAuditValue(v, locale, k)}`).join(', ');
  }
  return String(value);
}

export interface AuditChange {
  /** The field in words, '' when before/after are single values. */
  label: string;
  before?: string;
  after?: string;
}

/** Only what changed, readable: for objects the fields whose value differs, each formatted; else the two values whole. */
export function describeChanges(before: unknown, after: unknown, locale: Locale): AuditChange[] {
  if (before === null && after === null) return [];
  const fmt = (v: unknown, k: string) => formatAuditValue(v, locale, k);
  if ((isRecord(before) || before === null || before === undefined) && (isRecord(after) || after === null || after === undefined)) {
    const b = before ?? {};
    const a = after ?? {};
    const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((k) => !IDENTIFIERS.has(k));
    return keys
      .filter((k) => JSON.stringify(b[k]) !== JSON.stringify(a[k]))
      .map((k) => ({
        label: fieldLabel(k, locale),
        ...(k in b && b[k] !== undefined ? { before: fmt(b[k], k) } : {}),
        ...(k in a && a[k] !== undefined ? { after: fmt(a[k], k) } : {}),
      }));
  }
  return [{ label: '', ...(before != null ? { before: fmt(before, '') } : {}), ...(after != null ? { after: fmt(after, '') } : {}) }];
}

/** The row's time: dd/mm/yyyy HH:mm in Hà Nội. */
export function auditTimeLabel(iso: string): string {
  return formatMs(Date.parse(iso));
}

const TARGETS: Record<string, Pair> = {
  user: ['Người dùng số', 'User no.'],
  username: ['Tài khoản', 'Account'],
  item: ['Nội dung số', 'Content no.'],
  display: ['Màn hình', 'Screen'],
  zone: ['Khu vực', 'Zone'],
  schedule: ['Lịch phát số', 'Schedule entry no.'],
  event: ['Sự kiện', 'Event'],
  phase: ['Giai đoạn', 'Phase'],
  takeover: ['Phát khẩn số', 'Takeover no.'],
  photo: ['Ảnh số', 'Photo no.'],
  clip: ['Đoạn phim số', 'Clip no.'],
  plan: ['Kế hoạch', 'Plan'],
  campaign: ['Đợt tuyên truyền', 'Campaign'],
  'national-day': ['Ngày lễ', 'National day'],
  'print-job': ['Lệnh in số', 'Print job no.'],
  file: ['Tệp', 'File'],
  print: ['Bản in', 'Print'],
};
const WHOLE_TARGETS: Record<string, Pair> = {
  mourning: ['Quốc tang', 'National mourning'],
  setup: ['Thiết lập lần đầu', 'First setup'],
  items: ['Kho nội dung', 'Content register'],
  rehearsal: ['Diễn tập', 'Rehearsal'],
  'web-channel': ['Kênh công khai của trang tin', 'Web channel'],
};

/**
 * `item:12` → "Nội dung số 12"; `display:?` → "Màn hình (không rõ)"; a screen by its name when the
 * row carries it, else "Một màn hình"; a kind not named reads "Đối tượng …".
 */
export function targetLabel(target: string, locale: Locale, name?: string): string {
  const whole = WHOLE_TARGETS[target];
  if (whole) return pick(whole, locale);
  const colon = target.indexOf(':');
  if (colon < 0) return target === '' ? '—' : `${pick(['Đối tượng', 'Object'], locale)} ${target}`;
  const kind = target.slice(0, colon);
  const ref = target.slice(colon + 1);
  const noun = TARGETS[kind] ?? ['Đối tượng', 'Object'];
  if (OPAQUE_ID.test(ref)) return name ? `${pick(noun, locale)} “${name}”` : pick(A_SCREEN, locale);
  return `${pick(noun, locale)} ${ref === '?' ? pick(['(không rõ)', '(unknown)'], locale) : ref}`;
}
