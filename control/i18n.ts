/** Vietnamese first; English on request. Every user-facing string of the control panel lives here. */
export type Locale = 'vi' | 'en';

const vi = {
  appTitle: 'Pano — bảng điều khiển',
  slogans: 'Khẩu hiệu',
  displays: 'Màn hình đang kết nối',
  text: 'Nội dung',
  status: 'Trạng thái',
  source: 'Nguồn',
  zone: 'Khu vực',
  app: 'Phiên bản',
  screen: 'Độ phân giải',
  since: 'Kết nối từ',
  timeline: 'Lịch phát',
  noDisplays: 'Chưa có màn hình nào kết nối.',
  loading: 'Đang tải…',
  live: 'Trực tuyến',
  offline: 'Mất kết nối máy chủ — đang thử lại',
  loadFailed: 'Không tải được dữ liệu',
  applied: 'đã áp dụng',
  pending: 'đang chờ',
  language: 'English',
  'status.draft': 'Nháp',
  'status.submitted': 'Chờ duyệt',
  'status.approved': 'Đã duyệt',
  'status.rejected': 'Bị từ chối',
  'status.retired': 'Đã thu hồi',
} as const;

export type MessageKey = keyof typeof vi;

const en: Record<MessageKey, string> = {
  appTitle: 'Pano — control panel',
  slogans: 'Slogans',
  displays: 'Connected displays',
  text: 'Text',
  status: 'Status',
  source: 'Source',
  zone: 'Zone',
  app: 'Version',
  screen: 'Resolution',
  since: 'Connected since',
  timeline: 'Timeline',
  noDisplays: 'No display is connected.',
  loading: 'Loading…',
  live: 'Live',
  offline: 'Server connection lost — retrying',
  loadFailed: 'Could not load data',
  applied: 'applied',
  pending: 'pending',
  language: 'Tiếng Việt',
  'status.draft': 'Draft',
  'status.submitted': 'Submitted',
  'status.approved': 'Approved',
  'status.rejected': 'Rejected',
  'status.retired': 'Retired',
};

const catalogs: Record<Locale, Record<MessageKey, string>> = { vi, en };

export type Translate = (key: MessageKey) => string;

export function translator(locale: Locale): Translate {
  return (key) => catalogs[locale][key];
}

/** dd/mm/yyyy HH:mm, Asia/Ho_Chi_Minh, whatever the browser's own zone. */
export function formatInstant(iso: string, timeZone = 'Asia/Ho_Chi_Minh'): string {
  return new Intl.DateTimeFormat('vi-VN', {
    timeZone,
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(iso));
}
