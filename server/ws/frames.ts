import type { RawData } from 'ws';
import { ClientMessageSchema, CLOSE_PROTOCOL_VERSION, PROTOCOL_VERSION, type ClientMessage } from '../protocol/messages.js';

/** A client's frame read as a protocol message, or why it is refused (the socket is then closed). */
export type ReadFrame = { ok: true; msg: ClientMessage } | { ok: false; reason: string; code?: number; errorCode?: string };

/** Parses and validates one text frame; nothing a client sends reaches a handler unchecked. */
export function readFrame(data: RawData): ReadFrame {
  let raw: unknown;
  try {
    raw = JSON.parse(data.toString());
  } catch {
    return { ok: false, reason: 'malformed JSON' };
  }
  const parsed = ClientMessageSchema.safeParse(raw);
  if (!parsed.success) {
    if (isOtherDisplayProtocol(raw)) {
      return { ok: false, reason: `protocol ${PROTOCOL_VERSION} expected`, code: CLOSE_PROTOCOL_VERSION, errorCode: 'protocol-version' };
    }
    return { ok: false, reason: 'message does not match the protocol' };
  }
  return { ok: true, msg: parsed.data };
}

export function frameBytes(data: RawData): number {
  if (Array.isArray(data)) return data.reduce((n, b) => n + b.length, 0);
  return data.byteLength;
}

/** A display hello of another protocol version: its app is stale and should reload. */
function isOtherDisplayProtocol(raw: unknown): boolean {
  if (typeof raw !== 'object' || raw === null) return false;
  const m = raw as Record<string, unknown>;
  return m.type === 'hello' && m.role === 'display' && typeof m.protocol === 'number' && m.protocol !== PROTOCOL_VERSION;
}
