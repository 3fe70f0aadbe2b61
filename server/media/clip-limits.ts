/**
 * What a clip may be, decided from its container: the type from the first bytes, then duration,
 * codecs and frame size as MediaInfo read them (clip-probe.ts). Pure. Only what Chromium on every
 * screen plays as uploaded is taken, since clips are never transcoded: WebM with VP9 or AV1 video
 * (Opus or Vorbis sound, or none), MP4 with H.264 video (AAC sound, or none).
 */
import { CLIP_MAX_BYTES, CLIP_MAX_MS, CLIP_MIN_MS } from '../protocol/media.js';
import type { ClipAudioCodec, ClipContainer, ClipMime, ClipVideoCodec } from './clip-protocol.js';

export const CLIP_LIMITS = {
  /** 100 MiB, counted while the body streams to disk. */
  maxBytes: CLIP_MAX_BYTES,
  /** A slot shorter than a second is no slot a screen can keep in step. */
  minDurationMs: CLIP_MIN_MS,
  maxDurationMs: CLIP_MAX_MS,
  /** 4K UHD, either way round (a 9:16 lobby screen takes a portrait clip). */
  maxLongSide: 3840,
  maxShortSide: 2160,
} as const;

export type ClipLimits = typeof CLIP_LIMITS;

/** Why a clip is refused: an HTTP status and Vietnamese title and detail (English after it) for problem+json. */
export interface ClipRefusal {
  status: 400 | 413;
  title: string;
  detail: string;
}

/** The few facts of MediaInfo's report that decide; the worker sends only these. */
export interface ProbedClip {
  /** General track: "WebM", "MPEG-4", "Matroska", ... */
  format: string | undefined;
  /** Seconds, as the container declares. */
  duration: number | undefined;
  /** MediaInfo found an element running past the end of the file: cut short, or another file after it. */
  truncated: boolean;
  video: { format: string | undefined; profile: string | undefined; width: number | undefined; height: number | undefined }[];
  audio: { format: string | undefined }[];
}

export interface ClipFacts {
  mime: ClipMime;
  container: ClipContainer;
  videoCodec: ClipVideoCodec;
  audioCodec: ClipAudioCodec | null;
  width: number;
  height: number;
  durationMs: number;
}

export type ClipCheck = { ok: true; facts: ClipFacts } | { ok: false; refusal: ClipRefusal };

const EBML_MAGIC = [0x1a, 0x45, 0xdf, 0xa3];

/** The container the first bytes declare (EBML for WebM, an ISO BMFF "ftyp" box for MP4), or undefined. */
export function sniffClipContainer(head: Uint8Array): ClipContainer | undefined {
  if (EBML_MAGIC.every((v, i) => head[i] === v)) return 'webm';
  if (head.length >= 12 && String.fromCharCode(head[4]!, head[5]!, head[6]!, head[7]!) === 'ftyp') return 'mp4';
  return undefined;
}

const CONTAINERS: Record<ClipContainer, { mime: ClipMime; format: string; name: string; video: Record<string, ClipVideoCodec>; audio: Record<string, ClipAudioCodec> }> = {
  webm: { mime: 'video/webm', format: 'WebM', name: 'WebM', video: { VP9: 'vp9', AV1: 'av1' }, audio: { Opus: 'opus', Vorbis: 'vorbis' } },
  mp4: { mime: 'video/mp4', format: 'MPEG-4', name: 'MP4', video: { AVC: 'h264' }, audio: { AAC: 'aac' } },
};

/** H.264 profiles Chromium decodes; High 10, 4:2:2 and 4:4:4 it does not. */
const H264_PROFILES = new Set(['Constrained Baseline', 'Baseline', 'Main', 'High']);

const notAClip = (detail: string): ClipRefusal => ({ status: 400, title: 'Không phải đoạn phim WebM/MP4 (not a WebM/MP4 clip)', detail });
const broken = (detail: string): ClipRefusal => ({ status: 400, title: 'Đoạn phim bị hỏng hoặc không đầy đủ (broken clip)', detail });
const unsupported = (detail: string): ClipRefusal => ({ status: 400, title: 'Định dạng phim không được nhận (unsupported codec)', detail });
const tooLong = (detail: string): ClipRefusal => ({ status: 413, title: 'Đoạn phim quá dài (clip too long)', detail });
const tooLarge = (detail: string): ClipRefusal => ({ status: 413, title: 'Khung hình quá lớn (frame too large)', detail });

const seconds = (ms: number) => (ms / 1000).toLocaleString('vi-VN', { maximumFractionDigits: 1 });
const secondsEn = (ms: number) => (ms / 1000).toLocaleString('en-GB', { maximumFractionDigits: 1 });

export const wrongType: ClipRefusal = notAClip(
  'Nội dung tệp không phải đoạn phim WebM hay MP4 (kiểu tệp được xác định theo nội dung, không theo tên hay Content-Type). (The file is not a WebM or MP4 video, judged by its content.)',
);

export function tooManyBytes(limits: ClipLimits = CLIP_LIMITS): ClipRefusal {
  const mb = limits.maxBytes / (1024 * 1024);
  return { status: 413, title: 'Tệp phim quá lớn (file too large)', detail: `Tệp vượt giới hạn ${mb} MB. (The file exceeds ${mb} MB.)` };
}

/** MediaInfo's report against the limits and the codecs a screen plays. */
export function checkProbedClip(container: ClipContainer, probe: ProbedClip, limits: ClipLimits = CLIP_LIMITS): ClipCheck {
  const refuse = (refusal: ClipRefusal): ClipCheck => ({ ok: false, refusal });
  const rules = CONTAINERS[container];
  if (probe.format !== rules.format) {
    return refuse(notAClip(`Tệp bắt đầu như ${rules.name} nhưng không đọc được là ${rules.name}${probe.format ? ` (đọc được: ${probe.format})` : ''}. (The file starts like ${rules.name} but is not one.)`));
  }
  if (probe.truncated) {
    return refuse(broken('Tệp bị cắt cụt, hoặc có dữ liệu khác nối sau đoạn phim. (The file is cut short, or has another file appended.)'));
  }
  if (probe.video.length !== 1) {
    return refuse(unsupported(`Đoạn phim phải có đúng một luồng hình; tệp này có ${probe.video.length}. (A clip needs exactly one video track; this one has ${probe.video.length}.)`));
  }
  if (probe.audio.length > 1) {
    return refuse(unsupported(`Đoạn phim có nhiều nhất một luồng tiếng; tệp này có ${probe.audio.length}. (At most one audio track; this one has ${probe.audio.length}.)`));
  }
  const video = probe.video[0]!;
  const videoCodec = video.format ? rules.video[video.format] : undefined;
  const allowedVideo = container === 'webm' ? 'VP9 hoặc AV1' : 'H.264';
  if (!videoCodec) {
    return refuse(unsupported(`Phim ${rules.name} phải mã hóa hình bằng ${allowedVideo}; tệp này dùng ${video.format ?? 'một mã không rõ'}. (${rules.name} clips need ${allowedVideo.replace('hoặc', 'or')} video; this one is ${video.format ?? 'unknown'}.)`));
  }
  if (videoCodec === 'h264' && !H264_PROFILES.has(video.profile ?? '')) {
    return refuse(unsupported(`Hình H.264 hồ sơ ${video.profile ?? 'không rõ'} không phát được trên màn hình; hãy xuất lại với hồ sơ High, Main hoặc Baseline. (H.264 profile ${video.profile ?? 'unknown'} does not play on screens; use High, Main or Baseline.)`));
  }
  let audioCodec: ClipAudioCodec | null = null;
  if (probe.audio.length === 1) {
    const format = probe.audio[0]!.format;
    const codec = format ? rules.audio[format] : undefined;
    const allowedAudio = container === 'webm' ? 'Opus hoặc Vorbis' : 'AAC';
    if (!codec) {
      return refuse(unsupported(`Tiếng trong phim ${rules.name} phải là ${allowedAudio} (hoặc không có tiếng); tệp này dùng ${format ?? 'một mã không rõ'}. (${rules.name} audio must be ${allowedAudio.replace('hoặc', 'or')}, or none; this one is ${format ?? 'unknown'}.)`));
    }
    audioCodec = codec;
  }
  const { width, height } = video;
  if (!width || !height || width <= 0 || height <= 0) return refuse(broken('Không đọc được kích thước khung hình. (The frame size cannot be read.)'));
  if (Math.max(width, height) > limits.maxLongSide || Math.min(width, height) > limits.maxShortSide) {
    return refuse(tooLarge(`Khung hình ${width} × ${height}; tối đa ${limits.maxLongSide} × ${limits.maxShortSide} (hoặc dọc ${limits.maxShortSide} × ${limits.maxLongSide}). (Frame ${width} × ${height}; at most ${limits.maxLongSide} × ${limits.maxShortSide} either way round.)`));
  }
  if (probe.duration === undefined || !(probe.duration > 0)) return refuse(broken('Không đọc được độ dài đoạn phim. (The duration cannot be read.)'));
  const durationMs = Math.round(probe.duration * 1000);
  if (durationMs > limits.maxDurationMs) {
    return refuse(tooLong(`Đoạn phim dài ${seconds(durationMs)} giây, tối đa ${seconds(limits.maxDurationMs)} giây. (The clip lasts ${secondsEn(durationMs)} s; at most ${secondsEn(limits.maxDurationMs)} s.)`));
  }
  if (durationMs < limits.minDurationMs) {
    return refuse(broken(`Đoạn phim dài ${seconds(durationMs)} giây; tối thiểu ${seconds(limits.minDurationMs)} giây. (The clip lasts ${secondsEn(durationMs)} s; at least ${secondsEn(limits.minDurationMs)} s.)`));
  }
  return { ok: true, facts: { mime: rules.mime, container, videoCodec, audioCodec, width, height, durationMs } };
}
