/** One WebSocket as the hub keeps it, and the heartbeat that ends the dead and the signed-out. */
import type { WebSocket } from 'ws';
import type { Principal } from '../auth/auth-service.js';
import type { LiveDisplay } from './display-view.js';
import type { FrameRate } from './limits.js';

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
}

/** Application close code: the socket's session is missing or has ended (sign in again). */
export const CLOSE_UNAUTHENTICATED = 4401;

/**
 * One heartbeat: a socket that did not answer the last ping is terminated, the others are pinged.
 * Logout closes sockets at once; an idle expiry has no such moment, so sessions are checked here,
 * before liveness, so that a panel learns why (sign in again) even if its pong is late.
 */
export function beat(sessions: Iterable<Session>, sessionActive: (sessionSha256: string) => boolean): void {
  for (const s of sessions) {
    if (s.principal && !sessionActive(s.principal.sessionSha256)) {
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
