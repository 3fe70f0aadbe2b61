import { DisplayCommandFeed } from '../cluster/display-feed.js';
import { NODE_STALE_MS, NodeHeartbeat } from '../cluster/node.js';
import type { DisplayCommand } from '../db/display-command-repository.js';
import type { Engine } from '../db/engine.js';
import type { NotificationListener } from '../db/postgres/listener.js';
import { LiveDisplayRepository, type LiveDisplayEntry } from '../db/live-display-repository.js';
import { PairingCodeRepository } from '../db/pairing-code-repository.js';
import type { Logger } from '../log.js';
import type { ServerMessage } from '../protocol/messages.js';
import { LiveStatusSchema, liveStatus, type LiveStatus } from './display-view.js';
import { issuePairingCode } from './pairing.js';
import type { Session } from './session.js';
import { TurnBatch } from '../turn-batch.js';

export interface ClusterOptions {
  engine: Engine;
  /** This process among the nodes sharing the database: unique per start (see newNodeId). */
  nodeId: string;
  /** PostgreSQL: the node's listening connection, which brings display commands; none on SQLite. */
  listener?: NotificationListener;
  heartbeatMs?: number;
  commandPollMs?: number;
}

/**
 * The hub's part in the state all nodes share: the pairing codes its waiting screens show, the
 * live rows of the displays it holds (with their status, written when it changed), the commands
 * other nodes (or its own routes) issue for its sockets, and its heartbeat. On SQLite the same
 * code runs for the one node.
 */
export class ClusterPresence {
  private readonly heartbeat: NodeHeartbeat;
  private readonly feed: DisplayCommandFeed;
  /** The status each display's row last got, so a sync writes only what changed. */
  private readonly written = new Map<string, string>();
  /** Live rows being written, by session: a disconnect waits for its socket's row. */
  private readonly upserts = new Map<string, Promise<void>>();
  /** Other nodes' live rows as last read, to tell this node's panels when they change. */
  private othersSeen = '';
  /** Live rows of the sockets arriving, and leaving, in one turn (a reconnect storm): one statement each. */
  private readonly arrivals = new TurnBatch<LiveDisplayEntry, void>((entries) => new LiveDisplayRepository(this.o.engine.db).upsertMany(entries));
  private readonly departures = new TurnBatch<{ displayId: string; sessionId: string }, void>((sockets) =>
    new LiveDisplayRepository(this.o.engine.db).removeMany(sockets),
  );

  constructor(
    private readonly o: ClusterOptions & {
      log: Logger;
      holds: (signal: { displayId: string; waiterId?: string }) => boolean;
      apply: (command: DisplayCommand) => Promise<void>;
    },
  ) {
    this.heartbeat = new NodeHeartbeat({ engine: o.engine, nodeId: o.nodeId, log: o.log, ...(o.heartbeatMs ? { heartbeatMs: o.heartbeatMs } : {}) });
    this.feed = new DisplayCommandFeed({
      engine: o.engine,
      ...(o.listener ? { listener: o.listener } : {}),
      ...(o.commandPollMs ? { pollMs: o.commandPollMs } : {}),
      holds: o.holds,
      apply: o.apply,
      log: o.log,
    });
    this.heartbeat.start();
    this.feed.start();
  }

  get nodeId(): string {
    return this.o.nodeId;
  }

  /** A code for a waiting screen, bound to the hash of the token this node keeps for it. */
  issueCode(session: Session, tokenSha256: string, ttlMs?: number): Promise<{ code: string; expiresAtMs: number } | undefined> {
    return issuePairingCode(this.o.engine.db, { nodeId: this.o.nodeId, waiterId: session.id, address: session.remoteAddress, tokenSha256 }, Date.now(), ttlMs);
  }

  releaseCode(session: Session): Promise<void> {
    return new PairingCodeRepository(this.o.engine.db).release(session.id);
  }

  /** A display's socket is now on this node; the sockets arriving in one turn are written together. */
  connected(session: Session): Promise<void> {
    const status = liveStatus(session.live!);
    const upsert = this.arrivals
      .add({
        displayId: session.display!.id,
        nodeId: this.o.nodeId,
        sessionId: session.id,
        connectedAt: session.connectedAt.toISOString(),
        seenAtMs: Date.now(),
        status,
      })
      .then(() => void this.written.set(session.display!.id, comparable(status)));
    this.upserts.set(session.id, upsert);
    return upsert.finally(() => {
      if (this.upserts.get(session.id) === upsert) this.upserts.delete(session.id);
    });
  }

  async disconnected(session: Session): Promise<void> {
    // After its own row is written: a removal overtaking it would leave a closed socket listed
    // online, kept fresh by this node's heartbeat.
    await this.upserts.get(session.id)?.catch(() => undefined);
    this.written.delete(session.display!.id);
    await this.departures.add({ displayId: session.display!.id, sessionId: session.id });
  }

  /** Writes the status of this node's displays whose status changed since it was last written. */
  async syncStatuses(sessions: Iterable<Session>): Promise<void> {
    const changed: { displayId: string; sessionId: string; status: LiveStatus }[] = [];
    const json = new Map<string, string>();
    for (const s of sessions) {
      const status = liveStatus(s.live!);
      const text = comparable(status);
      if (this.written.get(s.display!.id) === text) continue;
      changed.push({ displayId: s.display!.id, sessionId: s.id, status });
      json.set(s.display!.id, text);
    }
    await new LiveDisplayRepository(this.o.engine.db).saveStatuses(this.o.nodeId, changed, Date.now());
    for (const [id, text] of json) this.written.set(id, text);
  }

  /** Displays held by other live nodes, with the status their node last wrote. */
  async others(): Promise<Map<string, LiveStatus>> {
    const rows = await new LiveDisplayRepository(this.o.engine.db).listFresh(Date.now() - NODE_STALE_MS);
    const others = new Map<string, LiveStatus>();
    for (const row of rows) {
      if (row.nodeId === this.o.nodeId) continue;
      const parsed = LiveStatusSchema.safeParse(row.status);
      // A node of another version may write more or less: it is online whatever its status says.
      // Its node was heard at seenAtMs and pings its sockets: the display was seen about then.
      others.set(row.displayId, { ...(parsed.success ? parsed.data : {}), lastSeenAt: new Date(row.seenAtMs).toISOString() });
    }
    return others;
  }

  /** Whether the other nodes' displays changed since the last call (which panels must be told). */
  async othersChanged(): Promise<boolean> {
    const seen = JSON.stringify([...(await this.others())].map(([id, status]) => [id, comparable(status)]));
    if (seen === this.othersSeen) return false;
    this.othersSeen = seen;
    return true;
  }

  /** Stops the heartbeat and the feed, and takes this node's displays and codes off the shared lists. */
  async close(): Promise<void> {
    this.feed.stop();
    await this.heartbeat.stop();
  }
}

/** A command for one of this node's sockets, from a route of any node. */
export async function applyCommand(
  command: DisplayCommand,
  hub: {
    completePairing(waiterId: string): Promise<void>;
    command(displayId: string, msg: Extract<ServerMessage, { type: 'command' }>): boolean;
    disconnectDisplay(displayId: string, reason: string): void;
    notifyDisplaysChanged(): void;
  },
): Promise<void> {
  const p = command.payload;
  switch (command.command) {
    case 'paired':
      if (typeof p.waiterId === 'string') await hub.completePairing(p.waiterId);
      return;
    case 'identify':
      hub.command(command.displayId, { type: 'command', command: 'identify', name: String(p.name ?? ''), seconds: Number(p.seconds ?? 10) });
      return;
    case 'reload':
      hub.command(command.displayId, { type: 'command', command: 'reload' });
      return;
    case 'revoke':
      hub.disconnectDisplay(command.displayId, 'revoked');
      hub.notifyDisplaysChanged();
      return;
  }
}

/** A status as compared for changes: lastSeenAt moves with every ping, and alone is not worth a write. */
function comparable(status: LiveStatus): string {
  const { lastSeenAt: _lastSeenAt, ...rest } = status;
  return JSON.stringify(rest);
}
