import { randomBytes } from 'node:crypto';
import { WebSocket } from 'ws';
import type { DisplayHello, ServerMessage } from '../protocol/messages.js';
import type { Logger } from '../log.js';
import { sha256 } from '../auth/auth-service.js';
import type { DisplayRecord, DisplayRepository } from '../db/display-repository.js';
import type { ClaimedCode } from '../db/pairing-code-repository.js';
import type { ClusterPresence } from './cluster-presence.js';
import { liveDisplay } from './display-view.js';
import { enqueue, type Session } from './session.js';

export interface PairingWaitersOptions {
  cluster: Pick<ClusterPresence, 'issueCode' | 'releaseCode' | 'nodeId'>;
  displays: Pick<DisplayRepository, 'findActiveByTokenSha256'>;
  log: Logger;
  pairingCodeTtlMs?: number;
  send: (session: Session, msg: ServerMessage) => void;
  reject: (session: Session, reason: string) => void;
  /** Work no caller awaits (the hub logs its failure and waits for it at close). */
  background: (what: string, work: Promise<void>) => void;
  /** The paired screen starts playing on the socket that showed the code. */
  becomeDisplay: (session: Session, display: DisplayRecord) => Promise<void>;
}

/**
 * The unpaired screens waiting on this node, by waiter id (their session id). Each one's token is
 * made here and kept in this node's memory: the code in the shared table carries only its hash, so
 * whichever node claims the code registers the display without ever seeing the token, and only
 * the waiting socket receives it.
 */
export class PairingWaiters {
  private readonly waiting = new Map<string, { session: Session; token: string }>();

  constructor(private readonly o: PairingWaitersOptions) {}

  has(waiterId: string): boolean {
    return this.waiting.has(waiterId);
  }

  /** Shows the screen a code, renewed on the screen whenever it expires, until it is paired or closes. */
  async start(session: Session, hello: DisplayHello): Promise<void> {
    // Closed while earlier messages were handled: a code for it would never be released.
    if (session.ws.readyState !== WebSocket.OPEN) return;
    session.role = 'pairing';
    session.live = liveDisplay(session.remoteAddress, hello);
    const token = randomBytes(32).toString('base64url');
    this.waiting.set(session.id, { session, token });
    const issue = async () => {
      const code = await this.o.cluster.issueCode(session, sha256(token), this.o.pairingCodeTtlMs);
      if (!this.waiting.has(session.id)) {
        // Closed (or paired) while the code was issued: the close released nothing yet.
        if (code) await this.o.cluster.releaseCode(session);
        return;
      }
      if (!code) return this.o.reject(session, 'too many displays waiting for pairing');
      this.o.send(session, { type: 'pairing-code', code: code.code, expiresAt: code.expiresAtMs });
      session.pairingTimer = setTimeout(() => this.o.background('pairing code not renewed', issue()), code.expiresAtMs - Date.now());
      session.pairingTimer.unref();
    };
    await issue();
  }

  /**
   * Whether the screen that showed a claimed code still waits: known for this node's sockets (one
   * closing now has not released its code yet); another node's are trusted to release theirs.
   */
  stillWaiting(claimed: ClaimedCode): boolean {
    if (claimed.nodeId !== this.o.cluster.nodeId) return true;
    return this.waiting.get(claimed.waiterId)?.session.ws.readyState === WebSocket.OPEN;
  }

  /**
   * Hands the registered display the token kept for it and starts playing on the socket that
   * showed the code; nothing when the waiter is not on this node (or already completed).
   */
  async complete(waiterId: string): Promise<void> {
    const waiter = this.waiting.get(waiterId);
    if (!waiter) return;
    this.waiting.delete(waiterId);
    const { session, token } = waiter;
    this.o.background('pairing code not released', this.o.cluster.releaseCode(session));
    await enqueue(session, this.o.log, async () => {
      const display = await this.o.displays.findActiveByTokenSha256(sha256(token));
      if (!display) {
        this.o.log.warn('paired display not found (revoked at once?)', { waiter: waiterId });
        return;
      }
      clearTimeout(session.pairingTimer);
      this.o.send(session, { type: 'paired', token, display: { id: display.id, name: display.name, zoneId: display.zoneId } });
      await this.o.becomeDisplay(session, display);
    });
  }

  /** A socket closed: if it was waiting, its code is released (left to the node's own removal while it shuts down). */
  closed(session: Session, shuttingDown: boolean): void {
    clearTimeout(session.pairingTimer);
    if (this.waiting.delete(session.id) && !shuttingDown) this.o.background('pairing code not released', this.o.cluster.releaseCode(session));
  }
}
