/** One WebSocket as the hub keeps it, and the heartbeat that ends the dead and the signed-out. */
import type { WebSocket } from 'ws';
import type { Principal } from '../auth/auth-service.js';
import type { LiveDisplay } from './display-view.js';
import type { FrameRate } from './limits.js';
import type { Logger } from '../log.js';

export interface Session {
  id: string;
  ws: WebSocket;
  role: 'pending' | 'pairing' | 'display' | 'control';
  principal: Principal | undefined;
  remoteAddress: string;
  connectedAt: Date;
  alive: boolean;
  rate: FrameRate;
  /** Set once a display is paired and identified by its token. */
  display?: { id: string; name: string; zoneId: string };
  live?: LiveDisplay;
  pairingTimer?: NodeJS.Timeout;
  /** The socket's messages, handled one at a time in arrival order (see enqueue). */
  queue: Promise<void>;
}

/** A function the hub is given whose answer may come from the database. */
export type Awaitable<T> = T | Promise<T>;

/**
 * Runs `task` after everything queued before it on this socket: a display's messages are handled
 * in the order they arrived even when a handler waits for the database. A failing task is logged
 * and the next one runs; the returned promise never rejects.
 */
export function enqueue(session: Session, log: Logger, task: () => Awaitable<void>): Promise<void> {
  const run = session.queue.then(task).catch((err: unknown) => log.error('ws message not handled', { session: session.id, err }));
  session.queue = run;
  return run;
}

/** Resolves once nothing is left in the socket's queue, including tasks queued while waiting. */
export async function drained(session: Session): Promise<void> {
  let last: Promise<void>;
  do {
    last = session.queue;
    await last;
  } while (last !== session.queue);
}

/** Application close code: the socket's session is missing or has ended (sign in again). */
export const CLOSE_UNAUTHENTICATED = 4401;

/**
 * One heartbeat: a socket that did not answer the last ping is terminated, the others are pinged.
 * Logout closes sockets at once; an idle expiry has no such moment, so sessions are checked here,
 * before liveness, so that a panel learns why (sign in again) even if its pong is late.
 */
export async function beat(sessions: Iterable<Session>, sessionActive: (sessionSha256: string) => Awaitable<boolean>): Promise<void> {
  // Each signed-in session is looked up once, however many sockets it holds open, before any socket is touched.
  const all = [...sessions];
  const signedIn = [...new Set(all.flatMap((s) => (s.principal ? [s.principal.sessionSha256] : [])))];
  const active = new Map(await Promise.all(signedIn.map(async (sha) => [sha, await sessionActive(sha)] as const)));
  for (const s of all) {
    if (s.principal && !active.get(s.principal.sessionSha256)) {
      s.ws.close(CLOSE_UNAUTHENTICATED, 'session ended');
      continue;
    }
    if (!s.alive) {
      s.ws.terminate();
      continue;
    }
    s.alive = false;
    s.ws.ping();
  }
}
