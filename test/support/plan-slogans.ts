/**
 * The slogans of Kế hoạch 38-KH/ĐU (seed/ke-hoach-38-KH-DU.txt), verbatim and NFC: the gate
 * slogan of section II.1 Đợt 1, then the fourteen of section II.3.
 */
export const PLAN_SLOGANS: readonly string[] = [
  'Nhiệt liệt chào mừng đại hội các đảng bộ, chi bộ trực thuộc Đảng bộ Văn phòng Chính phủ',
  'Nhiệt liệt chào mừng đại hội đảng bộ các cấp nhiệm kỳ 2020 - 2025!',
  'Nhiệt liệt chào mừng Đại hội đại biểu Đảng bộ Văn phòng Chính phủ lần thứ XXVI, nhiệm kỳ 2020 - 2025!',
  'Nhiệt liệt chào mừng Đại hội đại biểu toàn quốc lần thứ XIII Đảng Cộng sản Việt Nam!',
  'Nhiệt liệt chào mừng thành công đại hội đảng bộ các cấp tiến tới Đại hội đại biểu toàn quốc lần thứ XIII của Đảng!',
  'Thi đua lập thành tích chào mừng Đại hội đại biểu Đảng bộ Khối các cơ quan Trung ương lần thứ XIII, nhiệm kỳ 2020 - 2025!',
  'Thi đua lập thành tích chào mừng thành công đại hội đảng bộ các cấp và Đại hội đại biểu toàn quốc lần thứ XIII của Đảng!',
  'Đẩy mạnh toàn diện, đồng bộ công cuộc đổi mới đất nước!',
  'Xây dựng, chỉnh đốn Đảng và hệ thống chính trị trong sạch, vững mạnh!',
  'Kết hợp phát huy sức mạnh dân tộc với sức mạnh thời đại, xây dựng và bảo vệ vững chắc Tổ quốc Việt Nam xã hội chủ nghĩa!',
  'Đảng Cộng sản Việt Nam - Người lãnh đạo, tổ chức mọi thắng lợi của Cách mạng Việt Nam muôn năm!',
  'Toàn Đảng, toàn dân, toàn quân quyết tâm thực hiện thắng lợi nghị quyết đại hội đảng bộ các cấp và Nghị quyết Đại hội lần thứ XIII của Đảng!',
  'Tất cả vì mục tiêu dân giàu, nước mạnh, dân chủ, công bằng, văn minh!',
  'Nước Cộng hòa xã hội chủ nghĩa Việt Nam muôn năm!',
  'Chủ tịch Hồ Chí Minh vĩ đại sống mãi trong sự nghiệp của chúng ta!',
].map((s) => s.normalize('NFC'));
