import { describe, expect, it } from 'vitest';
import { checkProbedClip, sniffClipContainer, type ProbedClip } from '../../../server/media/clip-limits.js';

const probe = (over: Partial<ProbedClip> = {}, video: Partial<ProbedClip['video'][number]> = {}): ProbedClip => ({
  format: 'WebM',
  duration: 12.5,
  truncated: false,
  video: [{ format: 'VP9', profile: '0', width: 1920, height: 1080, ...video }],
  audio: [{ format: 'Opus' }],
  ...over,
});
const detail = (c: ReturnType<typeof checkProbedClip>) => (c.ok ? '' : c.refusal.detail);

describe('sniffClipContainer', () => {
  it('reads EBML as WebM and an ftyp box as MP4, nothing else', () => {
    expect(sniffClipContainer(Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 0x9f]))).toBe('webm');
    expect(sniffClipContainer(Buffer.from('\0\0\0\x20ftypisom\0\0\x02\0', 'latin1'))).toBe('mp4');
    for (const b of [Buffer.from('RIFF\0\0\0\0AVI '), Buffer.from([0xff, 0xd8, 0xff]), Buffer.from('ftyp'), Buffer.alloc(0)]) {
      expect(sniffClipContainer(b)).toBeUndefined();
    }
  });
});

describe('checkProbedClip', () => {
  it('takes WebM VP9/AV1 with Opus, Vorbis or no sound, and MP4 H.264 with AAC or none', () => {
    expect(checkProbedClip('webm', probe())).toEqual({
      ok: true,
      facts: { mime: 'video/webm', container: 'webm', videoCodec: 'vp9', audioCodec: 'opus', width: 1920, height: 1080, durationMs: 12_500 },
    });
    expect(checkProbedClip('webm', probe({ audio: [{ format: 'Vorbis' }] }, { format: 'AV1' }))).toMatchObject({ ok: true, facts: { videoCodec: 'av1', audioCodec: 'vorbis' } });
    expect(checkProbedClip('mp4', probe({ format: 'MPEG-4', audio: [] }, { format: 'AVC', profile: 'High' }))).toMatchObject({ ok: true, facts: { mime: 'video/mp4', videoCodec: 'h264', audioCodec: null } });
  });

  it('refuses a codec in the wrong container, and codecs screens do not play as uploaded', () => {
    expect(detail(checkProbedClip('mp4', probe({ format: 'MPEG-4' }, { format: 'VP9' })))).toMatch(/phải mã hóa hình bằng H\.264; tệp này dùng VP9/);
    expect(detail(checkProbedClip('webm', probe({}, { format: 'AVC' })))).toMatch(/VP9 hoặc AV1; tệp này dùng AVC/);
    expect(detail(checkProbedClip('mp4', probe({ format: 'MPEG-4' }, { format: 'HEVC' })))).toMatch(/tệp này dùng HEVC/);
    expect(detail(checkProbedClip('mp4', probe({ format: 'MPEG-4', audio: [{ format: 'AAC' }] }, { format: 'AVC', profile: 'High 10' })))).toMatch(/hồ sơ High 10/);
    expect(detail(checkProbedClip('webm', probe({ audio: [{ format: 'AAC' }] })))).toMatch(/Opus hoặc Vorbis.*tệp này dùng AAC/);
    expect(detail(checkProbedClip('webm', probe({ audio: [{ format: 'Opus' }, { format: 'Opus' }] })))).toMatch(/nhiều nhất một luồng tiếng/);
    expect(detail(checkProbedClip('webm', probe({ video: [] })))).toMatch(/đúng một luồng hình; tệp này có 0/);
  });

  it('refuses over 60 s or under 1 s, naming the length; takes exactly 60 s and 1 s', () => {
    expect(detail(checkProbedClip('webm', probe({ duration: 75 })))).toMatch(/^Đoạn phim dài 75 giây, tối đa 60 giây\./);
    expect(detail(checkProbedClip('webm', probe({ duration: 60.4 })))).toMatch(/^Đoạn phim dài 60,4 giây/);
    expect(checkProbedClip('webm', probe({ duration: 60 })).ok).toBe(true);
    expect(detail(checkProbedClip('webm', probe({ duration: undefined })))).toMatch(/Không đọc được độ dài/);
    expect(detail(checkProbedClip('webm', probe({ duration: 0.5 })))).toMatch(/^Đoạn phim dài 0,5 giây; tối thiểu 1 giây\./);
    expect(checkProbedClip('webm', probe({ duration: 1 })).ok).toBe(true);
  });

  it('bounds the frame either way round, and refuses absurd or missing sizes', () => {
    expect(checkProbedClip('webm', probe({}, { width: 2160, height: 3840 })).ok).toBe(true);
    expect(detail(checkProbedClip('webm', probe({}, { width: 3841, height: 2160 })))).toMatch(/Khung hình 3841 × 2160/);
    expect(detail(checkProbedClip('webm', probe({}, { width: 65_535, height: 65_535 })))).toMatch(/Khung hình 65535 × 65535/);
    expect(detail(checkProbedClip('webm', probe({}, { width: 0, height: 1080 })))).toMatch(/Không đọc được kích thước/);
  });

  it('refuses what MediaInfo found cut short or followed by more, and a container other than the magic said', () => {
    expect(detail(checkProbedClip('webm', probe({ truncated: true })))).toMatch(/cắt cụt, hoặc có dữ liệu khác nối sau/);
    expect(detail(checkProbedClip('webm', probe({ format: 'Matroska' })))).toMatch(/bắt đầu như WebM.*đọc được: Matroska/);
  });
});
