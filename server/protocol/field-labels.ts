// What a person calls the fields of request bodies, so an error reads "Lý do: Văn bản trống", never
// "body.reason: …". Pure: the control panel and the CLI name fields the same way.

type Label = { vi: string; en: string };

const FIELD_LABELS: Record<string, Label> = {
  reason: { vi: 'Lý do', en: 'Reason' },
  text: { vi: 'Nội dung', en: 'Text' },
  title: { vi: 'Tiêu đề', en: 'Title' },
  username: { vi: 'Tên đăng nhập', en: 'Username' },
  displayName: { vi: 'Họ tên', en: 'Full name' },
  roles: { vi: 'Vai trò', en: 'Roles' },
  password: { vi: 'Mật khẩu', en: 'Password' },
  currentPassword: { vi: 'Mật khẩu hiện tại', en: 'Current password' },
  newPassword: { vi: 'Mật khẩu mới', en: 'New password' },
  token: { vi: 'Liên kết thiết lập', en: 'Setup link' },
  tags: { vi: 'Nhãn', en: 'Tags' },
  celebratory: { vi: 'Tính chất mừng, cổ vũ', en: 'Celebratory nature' },
  events: { vi: 'Sự kiện', en: 'Events' },
  event: { vi: 'Sự kiện', en: 'Event' },
  edge: { vi: 'Mốc của sự kiện', en: 'Event edge' },
  places: { vi: 'Nơi hiển thị', en: 'Shown at' },
  validFrom: { vi: 'Hiệu lực từ', en: 'Valid from' },
  validUntil: { vi: 'Hiệu lực đến', en: 'Valid until' },
  source: { vi: 'Nguồn', en: 'Source' },
  document: { vi: 'Văn bản nguồn', en: 'Source document' },
  number: { vi: 'Số văn bản', en: 'Document number' },
  issuer: { vi: 'Cơ quan ban hành', en: 'Issuer' },
  issuedOn: { vi: 'Ngày ban hành', en: 'Issued on' },
  section: { vi: 'Mục trong văn bản', en: 'Section' },
  key: { vi: 'Mã mục', en: 'Item code' },
  kind: { vi: 'Loại', en: 'Kind' },
  name: { vi: 'Tên', en: 'Name' },
  opens: { vi: 'Khai mạc', en: 'Opens' },
  closes: { vi: 'Bế mạc', en: 'Closes' },
  starts: { vi: 'Bắt đầu', en: 'Starts' },
  ends: { vi: 'Kết thúc', en: 'Ends' },
  asOf: { vi: 'Thời điểm tổng duyệt', en: 'Rehearsal moment' },
  zoneId: { vi: 'Khu vực', en: 'Zone' },
  zoneIds: { vi: 'Khu vực', en: 'Zones' },
  displayId: { vi: 'Màn hình', en: 'Screen' },
  itemIds: { vi: 'Nội dung', en: 'Items' },
  messageItemIds: { vi: 'Thông điệp quốc tang', en: 'Mourning messages' },
  window: { vi: 'Khoảng thời gian', en: 'Time window' },
  from: { vi: 'Từ', en: 'From' },
  until: { vi: 'Đến', en: 'Until' },
  priority: { vi: 'Mức ưu tiên', en: 'Priority' },
  weekdays: { vi: 'Ngày trong tuần', en: 'Weekdays' },
  daily: { vi: 'Giờ trong ngày', en: 'Time of day' },
  template: { vi: 'Mẫu', en: 'Template' },
  secondsPerItem: { vi: 'Số giây mỗi mục', en: 'Seconds per item' },
  preset: { vi: 'Khổ in', en: 'Print size' },
  widthMm: { vi: 'Chiều rộng', en: 'Width' },
  heightMm: { vi: 'Chiều cao', en: 'Height' },
  bleedMm: { vi: 'Lề xén', en: 'Bleed' },
  safeMm: { vi: 'Lề an toàn', en: 'Safe margin' },
  dpi: { vi: 'Độ phân giải', en: 'Resolution' },
  format: { vi: 'Định dạng', en: 'Format' },
  marks: { vi: 'Dấu xén', en: 'Crop marks' },
  slug: { vi: 'Dòng thông tin', en: 'Slug line' },
  scale: { vi: 'Tỉ lệ', en: 'Scale' },
  cmyk: { vi: 'CMYK', en: 'CMYK' },
  topLine: { vi: 'Dòng trên cùng', en: 'Top line' },
  titleLines: { vi: 'Các dòng tiêu đề', en: 'Title lines' },
  datePlace: { vi: 'Dòng ngày và địa điểm', en: 'Date and place line' },
  caption: { vi: 'Chú thích', en: 'Caption' },
  photos: { vi: 'Ảnh', en: 'Photos' },
  code: { vi: 'Mã ghép nối', en: 'Pairing code' },
  disabled: { vi: 'Khóa tài khoản', en: 'Disabled' },
  everywhere: { vi: 'Mọi phiên', en: 'Every session' },
  offsetDays: { vi: 'Số ngày lệch', en: 'Offset in days' },
  q: { vi: 'Từ khóa', en: 'Search words' },
  status: { vi: 'Trạng thái', en: 'Status' },
  tag: { vi: 'Nhãn', en: 'Tag' },
  action: { vi: 'Hành động', en: 'Action' },
  role: { vi: 'Vai trò', en: 'Role' },
  note: { vi: 'Ghi chú', en: 'Note' },
  enabled: { vi: 'Bật kênh công khai', en: 'Public channel on' },
  allowedOrigins: { vi: 'Trang được nhúng', en: 'Sites allowed to embed' },
};

/** Said of the body as a whole, or of a field this list does not know. */
const WHOLE: Label = { vi: 'Dữ liệu gửi lên', en: 'Submitted data' };

/**
 * The label of the field an error path points at ("body.items.2.events.0" → "Sự kiện"): the
 * innermost named segment that has a label, positions in lists skipped.
 */
export function fieldLabel(path: string, locale: 'vi' | 'en' = 'vi'): string {
  const names = path.split('.').filter((s) => !/^\d+$/.test(s));
  for (let i = names.length - 1; i >= 0; i--) {
    const label = FIELD_LABELS[names[i]!];
    if (label) return label[locale];
  }
  return WHOLE[locale];
}
