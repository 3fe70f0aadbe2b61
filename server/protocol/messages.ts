import { z } from 'zod';
import { TimelineSchema } from './timeline.js';

/**
 * WebSocket messages, one zod discriminated union per direction. Every frame is parsed as
 * unknown JSON and then safeParse'd against these: anything else closes the socket.
 */
export const PROTOCOL_VERSION = 1;

/** Largest frame a client may send; the server's ws maxPayload. */
export const MAX_CLIENT_FRAME_BYTES = 16 * 1024;

const ZoneId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/);

export const ScreenSizeSchema = z
  .object({ width: z.number().int().min(1).max(16384), height: z.number().int().min(1).max(16384) })
  .strict();

export const DisplayHelloSchema = z
  .object({
    type: z.literal('hello'),
    protocol: z.literal(PROTOCOL_VERSION),
    role: z.literal('display'),
    zone: ZoneId,
    app: z.string().max(64),
    screen: ScreenSizeSchema,
  })
  .strict();

export const ControlHelloSchema = z
  .object({ type: z.literal('hello'), protocol: z.literal(PROTOCOL_VERSION), role: z.literal('control') })
  .strict();

export const ClockRequestSchema = z
  .object({ type: z.literal('clock-request'), id: z.number().int().nonnegative(), t0: z.number() })
  .strict();

export const AckSchema = z
  .object({ type: z.literal('ack'), timelineVersion: z.string().max(128) })
  .strict();

export const HelloSchema = z.union([DisplayHelloSchema, ControlHelloSchema]);
export const ClientMessageSchema = z.union([
  DisplayHelloSchema,
  ControlHelloSchema,
  ClockRequestSchema,
  AckSchema,
]);
export type ClientMessage = z.infer<typeof ClientMessageSchema>;
export type DisplayHello = z.infer<typeof DisplayHelloSchema>;

export const DisplayStatusSchema = z
  .object({
    sessionId: z.string(),
    zone: z.string(),
    app: z.string(),
    screen: ScreenSizeSchema,
    remoteAddress: z.string(),
    connectedAt: z.string(),
    lastSeenAt: z.string(),
    timelineVersion: z.string().nullable(),
    ackedVersion: z.string().nullable(),
  })
  .strict();
export type DisplayStatus = z.infer<typeof DisplayStatusSchema>;

export const ServerMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('welcome'), sessionId: z.string(), serverTime: z.number() }).strict(),
  z.object({ type: z.literal('timeline'), version: z.string(), timeline: TimelineSchema }).strict(),
  z
    .object({ type: z.literal('clock-reply'), id: z.number(), t0: z.number(), t1: z.number(), t2: z.number() })
    .strict(),
  z.object({ type: z.literal('displays'), displays: z.array(DisplayStatusSchema) }).strict(),
  z.object({ type: z.literal('slogans-changed') }).strict(),
  z.object({ type: z.literal('error'), code: z.string(), message: z.string() }).strict(),
]);
export type ServerMessage = z.infer<typeof ServerMessageSchema>;
export type ServerMessageOf<T extends ServerMessage['type']> = Extract<ServerMessage, { type: T }>;
