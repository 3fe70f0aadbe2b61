import { randomUUID } from 'node:crypto';
import { AttemptRepository } from '../db/attempt-repository.js';
import { DisplayCommandRepository } from '../db/display-command-repository.js';
import type { Engine } from '../db/engine.js';
import { LiveDisplayRepository } from '../db/live-display-repository.js';
import { PairingCodeRepository } from '../db/pairing-code-repository.js';
import { ATTEMPT_RETENTION_MS } from '../auth/shared-limiter.js';
import type { Logger } from '../log.js';

/** How often a node says it is alive (its live displays and its pairing codes stay fresh). */
export const NODE_HEARTBEAT_MS = 10_000;
/** A node not heard this long is gone: its displays read as offline, its codes cannot be claimed. */
export const NODE_STALE_MS = 30_000;
/** Commands to displays are for the moment: kept this long, for nodes that read them by polling. */
export const COMMAND_RETENTION_MS = 60_000;

/**
 * This process among the nodes: its name (PANO_NODE_ID) and a fresh random part, so two processes
 * of one host never share rows, and a restarted node is a new node whose old rows go stale.
 */
export function newNodeId(name: string): string {
  return `${name}/${randomUUID()}`;
}

/**
 * This node's heartbeat in the shared tables, and their upkeep: every few seconds it refreshes its
 * live displays and pairing codes (one statement each), and drops what is stale or past its time
 * (rows of dead nodes, expired codes, old commands and attempts). Every node prunes: the deletes
 * are idempotent, and a cluster keeps being tidied whichever nodes are up.
 */
export class NodeHeartbeat {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly deps: { engine: Engine; nodeId: string; log: Logger; heartbeatMs?: number; now?: () => number },
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      if (!this.running) this.running = this.beat().finally(() => (this.running = undefined));
    }, this.deps.heartbeatMs ?? NODE_HEARTBEAT_MS);
    this.timer.unref();
  }

  /** One heartbeat now (also what the timer does); errors are logged, the next beat tries again. */
  async beat(): Promise<void> {
    const now = (this.deps.now ?? Date.now)();
    const db = this.deps.engine.db;
    try {
      await new LiveDisplayRepository(db).heartbeat(this.deps.nodeId, now);
      await new PairingCodeRepository(db).heartbeat(this.deps.nodeId, now);
      await new LiveDisplayRepository(db).prune(now - NODE_STALE_MS);
      await new PairingCodeRepository(db).prune(now, now - NODE_STALE_MS);
      await new DisplayCommandRepository(db).prune(now - COMMAND_RETENTION_MS);
      await new AttemptRepository(db).prune(now - ATTEMPT_RETENTION_MS);
    } catch (err) {
      this.deps.log.warn('node heartbeat failed', { error: (err as Error).message });
    }
  }

  /** Stops beating and takes this node's displays and codes off the shared lists at once. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
    const db = this.deps.engine.db;
    try {
      await new LiveDisplayRepository(db).removeNode(this.deps.nodeId);
      await new PairingCodeRepository(db).releaseNode(this.deps.nodeId);
    } catch (err) {
      this.deps.log.warn('node rows not removed at shutdown (they go stale)', { error: (err as Error).message });
    }
  }
}
