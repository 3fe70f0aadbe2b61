import { z } from 'zod';
import { TemplateIdSchema, TimelineFieldsSchema, TimelineSchema } from './timeline.js';
import { PrintProgressMessageSchema } from './print.js';
import { vietnameseText } from './text.js';
import { MediaCacheStatusSchema, MediaFileSchema, PlaylistMediaSchema } from './media.js';

/**
 * WebSocket messages, one zod discriminated union per direction. Every frame is parsed as
 * unknown JSON and then safeParse'd against these: anything else closes the socket.
 */
export const PROTOCOL_VERSION = 2;
/**
 * Control hellos did not change shape in version 2 (only displays gained pairing and tokens), so
 * a control panel still on version 1 keeps its live channel.
 */
const CONTROL_PROTOCOLS = [1, PROTOCOL_VERSION] as const;

/** Largest frame a client may send, but for the one capture a display was asked for. */
export const MAX_CLIENT_FRAME_BYTES = 16 * 1024;
/**
 * A screen capture: a JPEG of the display's canvas, at most CAPTURE_MAX_SIDE px a side and
 * CAPTURE_MAX_JPEG_BYTES, base64 in one frame (the server's ws maxPayload).
 */
export const CAPTURE_MAX_SIDE = 640;
export const CAPTURE_MAX_JPEG_BYTES = 40 * 1024;
export const MAX_CAPTURE_FRAME_BYTES = 64 * 1024;
const RequestId = z.uuid();

/** Close codes the display acts on (4000–4999 are the application's own). */
export const CLOSE_DISPLAY_UNKNOWN = 4403;
export const CLOSE_REPLACED = 4409;
export const CLOSE_PROTOCOL_VERSION = 4426;

export const ZoneIdSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/);
/** 32 random bytes, base64url: 43 characters. */
export const DisplayTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/);
/** Unambiguous alphabet: no 0/O, no 1/I, so a code read off a TV across a room is typed right. */
export const PAIRING_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export const PairingCodeSchema = z.string().regex(/^[A-HJ-NP-Z2-9]{6}$/);
const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);
const TimelineVersion = z.string().max(64);

export const ScreenSizeSchema = z
  .object({ width: z.number().int().min(1).max(16384), height: z.number().int().min(1).max(16384) })
  .strict();

/**
 * A display's first message. Without a token it is unpaired and may only wait for a pairing code;
 * with one it says which timeline version it already holds, so an unchanged one is not resent.
 */
export const DisplayHelloSchema = z
  .object({
    type: z.literal('hello'),
    protocol: z.literal(PROTOCOL_VERSION),
    role: z.literal('display'),
    token: DisplayTokenSchema.optional(),
    /** Shown in the panel: the text rules of every other field (NFC; no control, bidi or zero-width characters). */
    app: vietnameseText({ maxLength: 64 }),
    screen: ScreenSizeSchema,
    timelineVersion: TimelineVersion.nullable(),
  })
  .strict();

export const ControlHelloSchema = z
  .object({ type: z.literal('hello'), protocol: z.literal(CONTROL_PROTOCOLS), role: z.literal('control') })
  .strict();

export const ClockRequestSchema = z
  .object({ type: z.literal('clock-request'), id: z.number().int().nonnegative(), t0: z.number() })
  .strict();

export const AckSchema = z
  .object({ type: z.literal('ack'), timelineVersion: TimelineVersion })
  .strict();

/** What a display reports of the item on its screen; the server resolves text from its own timeline. */
export const ShowingSchema = z
  .object({
    itemId: z.number().int().positive(),
    revisionId: z.number().int().positive(),
    template: TemplateIdSchema,
    since: z.number(),
  })
  .strict();

/** The display's own status: the one thing a display may change on the server. */
export const DisplayStatusReportSchema = z
  .object({
    type: z.literal('status'),
    clockOffsetMs: z.number().finite().nullable(),
    roundTripMs: z.number().finite().nonnegative().nullable(),
    /** Server time (ms) of the sample the offset came from, and whether the display trusts it. */
    clockMeasuredAt: z.number().int().nonnegative().optional(),
    clockUncertain: z.boolean().optional(),
    showing: ShowingSchema.nullable(),
  })
  .strict();

/** One item that was on screen from start to end (ms, server time), with the hash of the text drawn. */
export const PlayRecordSchema = z
  .object({
    itemId: z.number().int().positive(),
    revisionId: z.number().int().positive(),
    template: TemplateIdSchema,
    start: z.number().int().nonnegative(),
    end: z.number().int().nonnegative(),
    contentSha256: Sha256Hex,
    /** A picture or clip: the SHA-256 of the rendition file that was on screen. */
    mediaSha256: Sha256Hex.optional(),
  })
  .strict()
  .refine((p) => p.end > p.start, { message: 'end must be after start' });
export type PlayRecord = z.infer<typeof PlayRecordSchema>;

/** Proof of play, batched (a display that was offline sends its backlog); answered by proof-ack. */
export const ProofOfPlaySchema = z
  .object({ type: z.literal('proof'), seq: z.number().int().nonnegative(), plays: z.array(PlayRecordSchema).min(1).max(60) })
  .strict();

/** The display's answer to a clock check: its own idea of server time when the check arrived. */
export const ClockCheckReplySchema = z
  .object({ type: z.literal('clock-check-reply'), id: z.number().int().nonnegative(), serverNow: z.number().finite() })
  .strict();

/** The display's answer to a capture command: what its canvas draws now, as a small JPEG. */
export const CaptureSchema = z
  .object({
    type: z.literal('capture'),
    requestId: RequestId,
    jpegBase64: z
      .string()
      .max(Math.ceil(CAPTURE_MAX_JPEG_BYTES / 3) * 4)
      .regex(/^[A-Za-z0-9+/]+={0,2}$/),
  })
  .strict();

/** The display's media cache, reported when it changes; the server keeps the last report per display. */
export const MediaStatusReportSchema = z
  .object({ type: z.literal('media-status') })
  .extend(MediaCacheStatusSchema.shape)
  .strict();

export const DisplayErrorSchema = z
  .object({ type: z.literal('error'), message: z.string().max(500) })
  .strict();

export const HelloSchema = z.union([DisplayHelloSchema, ControlHelloSchema]);
export const ClientMessageSchema = z.union([
  DisplayHelloSchema,
  ControlHelloSchema,
  ClockRequestSchema,
  AckSchema,
  DisplayStatusReportSchema,
  ProofOfPlaySchema,
  ClockCheckReplySchema,
  CaptureSchema,
  MediaStatusReportSchema,
  DisplayErrorSchema,
]);
export type ClientMessage = z.infer<typeof ClientMessageSchema>;
export type DisplayHello = z.infer<typeof DisplayHelloSchema>;

export const DisplayRoleSchema = z.enum(['backdrop', 'side']);
export type DisplayRole = z.infer<typeof DisplayRoleSchema>;

/**
 * A display's clock: the offset it plays by, the round trip of the sample it came from (the
 * offset is right within half of it) and when that sample was taken; flagged when the display is
 * unsure of it, or when the server's own check finds it out of step with the zone's time.
 */
export const DisplayClockSchema = z
  .object({
    offsetMs: z.number(),
    roundTripMs: z.number().nullable(),
    measuredAt: z.string().nullable(),
    uncertain: z.boolean(),
    /** The server's last check of the display's clock (live only): its error, ± bound. */
    check: z.object({ errorMs: z.number(), boundMs: z.number(), at: z.string() }).strict().nullable(),
    outOfStep: z.boolean(),
  })
  .strict();
export type DisplayClock = z.infer<typeof DisplayClockSchema>;

/** A paired display as the server knows it: its registration, and its live status when online. */
export const DisplayStatusSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    zoneId: z.string(),
    role: DisplayRoleSchema.nullable(),
    pairedAt: z.string(),
    online: z.boolean(),
    lastSeenAt: z.string().nullable(),
    remoteAddress: z.string().nullable(),
    app: z.string().nullable(),
    screen: ScreenSizeSchema.nullable(),
    /** Its clock as it last reported it; null before its first sync. */
    clock: DisplayClockSchema.nullable(),
    /** Version last pushed to it, and the version it last said it applied. */
    timelineVersion: z.string().nullable(),
    ackedVersion: z.string().nullable(),
    ackLatencyMs: z.number().nullable(),
    /** What it reported on screen, with text and fields taken from the timeline the server sent. */
    showing: z
      .object({
        itemId: z.number(),
        revisionId: z.number(),
        template: TemplateIdSchema,
        text: z.string(),
        fields: TimelineFieldsSchema.optional(),
        /** A picture or clip: its file, so the panel's thumbnail draws it as the screen does. */
        media: PlaylistMediaSchema.optional(),
        since: z.number(),
      })
      .strict()
      .nullable(),
    /** Proof-of-play reports refused (never delivered, before pairing, in the future, overlapping): a flag for the office. */
    refusedPlays: z.number().int().nonnegative(),
    lastRefusedAt: z.string().nullable(),
    /** The end of the timeline it holds: past it, cut off from the server, it plays the zone's evergreen rotation. */
    horizonEnd: z.string().nullable(),
    /** Its media cache as it last reported it; absent before its first report. */
    media: MediaCacheStatusSchema.optional(),
  })
  .strict();
export type DisplayStatus = z.infer<typeof DisplayStatusSchema>;

export const ServerMessageSchema = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('welcome'),
      sessionId: z.string(),
      serverTime: z.number(),
      /** Displays: who the server knows this screen as. */
      display: z.object({ id: z.string(), name: z.string(), zoneId: z.string() }).strict().optional(),
    })
    .strict(),
  /** Null: nothing to play here (the display shows its fallback). */
  z.object({ type: z.literal('timeline'), version: z.string(), timeline: TimelineSchema.nullable() }).strict(),
  /** To an unpaired display: the code to show; a fresh one follows when it expires. */
  z.object({ type: z.literal('pairing-code'), code: PairingCodeSchema, expiresAt: z.number() }).strict(),
  /** An operator claimed the code: the display's own token, shown once, kept by the display. */
  z
    .object({
      type: z.literal('paired'),
      token: DisplayTokenSchema,
      display: z.object({ id: z.string(), name: z.string(), zoneId: z.string() }).strict(),
    })
    .strict(),
  z
    .discriminatedUnion('command', [
      z.object({ type: z.literal('command'), command: z.literal('reload') }).strict(),
      z
        .object({ type: z.literal('command'), command: z.literal('identify'), name: z.string(), seconds: z.number().int().min(1).max(60) })
        .strict(),
      z.object({ type: z.literal('command'), command: z.literal('capture'), requestId: RequestId }).strict(),
    ]),
  z.object({ type: z.literal('proof-ack'), seq: z.number().int().nonnegative() }).strict(),
  /**
   * The files the display's timeline needs within its horizon, renditions for its screen, with
   * URLs signed for it until expiresAt (ms, server time). Sent after each timeline and before the URLs expire.
   */
  z.object({ type: z.literal('media-files'), files: z.array(MediaFileSchema).max(2000), expiresAt: z.number().int() }).strict(),
  /** The server checks a display's synchronised clock: answered by clock-check-reply at once. */
  z.object({ type: z.literal('clock-check'), id: z.number().int().nonnegative() }).strict(),
  z
    .object({ type: z.literal('clock-reply'), id: z.number(), t0: z.number(), t1: z.number(), t2: z.number() })
    .strict(),
  z.object({ type: z.literal('displays'), displays: z.array(DisplayStatusSchema) }).strict(),
  z.object({ type: z.literal('slogans-changed') }).strict(),
  /** Print job progress (per page or strip) and its end, to control panels. */
  PrintProgressMessageSchema,
  z.object({ type: z.literal('error'), code: z.string(), message: z.string() }).strict(),
]);
export type ServerMessage = z.infer<typeof ServerMessageSchema>;
export type ServerMessageOf<T extends ServerMessage['type']> = Extract<ServerMessage, { type: T }>;
