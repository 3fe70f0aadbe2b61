import { atomically, engineKind, type Queryable } from './engine.js';
import { lockForTransaction } from './dialect.js';

/** A screen waiting to be paired, as the node holding its socket issues its code. */
export interface PairingWaiter {
  nodeId: string;
  /** A random id of the waiting socket on its node. */
  waiterId: string;
  /** The network it connects from (networkOf): the per-network cap counts by it. */
  network: string;
  /** The SHA-256 of the display token the waiting node made and keeps; the token never leaves it. */
  tokenSha256: string;
}

export interface IssueOptions {
  nowMs: number;
  ttlMs: number;
  /** Rows whose node was not heard since then belong to a dead node: dropped, not counted. */
  staleBeforeMs: number;
  /** Unpaired sockets waiting at once, per network and in all. */
  limits: { perNetwork: number; global: number };
  /** A fresh random code (drawn again while it collides with a live one). */
  candidate: () => string;
}

/** A claimed code: the node and socket to complete the pairing on, and the token hash to register. */
export interface ClaimedCode {
  nodeId: string;
  waiterId: string;
  tokenSha256: string;
}

const ISSUE_LOCK = 'pairing_codes.issue';
const MAX_DRAWS = 16;

/**
 * Pairing codes of every node in one table, so a code shown by a screen on node B can be claimed
 * through node A. Single use: the claim marks the row in the claiming transaction, and only an
 * unclaimed, unexpired code of a live node can be claimed, so of two concurrent claims one wins
 * and the other fails like a wrong code.
 */
export class PairingCodeRepository {
  constructor(private readonly q: Queryable) {}

  /**
   * A fresh code for this waiter (its previous code is dropped), or undefined when too many
   * sockets are already waiting, in its network or in all. Issues run one at a time across nodes,
   * so the caps hold however many nodes issue at once.
   */
  issue(waiter: PairingWaiter, o: IssueOptions): Promise<{ code: string; expiresAtMs: number } | undefined> {
    return atomically(this.q, async (tx) => {
      await lockForTransaction(tx, engineKind(tx), [ISSUE_LOCK]);
      await tx.deleteFrom('pairing_codes').where('waiter_id', '=', waiter.waiterId).execute();
      await tx
        .deleteFrom('pairing_codes')
        .where((eb) => eb.or([eb('expires_at_ms', '<=', o.nowMs), eb('seen_at_ms', '<=', o.staleBeforeMs)]))
        .execute();
      const waiting = (network?: string) =>
        tx
          .selectFrom('pairing_codes')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('claimed_at', 'is', null)
          .$if(network !== undefined, (qb) => qb.where('network', '=', network!))
          .executeTakeFirstOrThrow()
          .then((r) => Number(r.n));
      if ((await waiting()) >= o.limits.global || (await waiting(waiter.network)) >= o.limits.perNetwork) return undefined;
      const expiresAtMs = o.nowMs + o.ttlMs;
      for (let draw = 0; draw < MAX_DRAWS; draw++) {
        const code = o.candidate();
        const inserted = await tx
          .insertInto('pairing_codes')
          .values({
            code,
            node_id: waiter.nodeId,
            waiter_id: waiter.waiterId,
            network: waiter.network,
            token_sha256: waiter.tokenSha256,
            expires_at_ms: expiresAtMs,
            seen_at_ms: o.nowMs,
          })
          .onConflict((oc) => oc.column('code').doNothing())
          .executeTakeFirst();
        if (Number(inserted.numInsertedOrUpdatedRows) === 1) return { code, expiresAtMs };
      }
      throw new Error(`no free pairing code after ${MAX_DRAWS} draws`);
    });
  }

  /**
   * Consumes `code` for the display `displayId`, in the caller's transaction (which then creates
   * that display): undefined for a wrong, expired, already claimed code or one whose node is gone.
   */
  async claim(code: string, displayId: string, o: { nowMs: number; staleBeforeMs: number }): Promise<ClaimedCode | undefined> {
    const row = await this.q
      .updateTable('pairing_codes')
      .set({ claimed_display_id: displayId, claimed_at: new Date(o.nowMs).toISOString() })
      .where('code', '=', code)
      .where('claimed_at', 'is', null)
      .where('expires_at_ms', '>', o.nowMs)
      .where('seen_at_ms', '>', o.staleBeforeMs)
      .returning(['node_id', 'waiter_id', 'token_sha256'])
      .executeTakeFirst();
    return row && { nodeId: row.node_id, waiterId: row.waiter_id, tokenSha256: row.token_sha256 };
  }

  /** The waiting socket closed, or its pairing completed: its code is gone. */
  async release(waiterId: string): Promise<void> {
    await this.q.deleteFrom('pairing_codes').where('waiter_id', '=', waiterId).execute();
  }

  /** The node is alive: its codes stay claimable, in one statement. */
  async heartbeat(nodeId: string, atMs: number): Promise<number> {
    const result = await this.q.updateTable('pairing_codes').set({ seen_at_ms: atMs }).where('node_id', '=', nodeId).executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  /** A node shutting down: its waiting sockets close with it. */
  async releaseNode(nodeId: string): Promise<void> {
    await this.q.deleteFrom('pairing_codes').where('node_id', '=', nodeId).execute();
  }

  /** Drops expired codes and those of nodes not heard since `staleBeforeMs`; returns how many. */
  async prune(nowMs: number, staleBeforeMs: number): Promise<number> {
    const result = await this.q
      .deleteFrom('pairing_codes')
      .where((eb) => eb.or([eb('expires_at_ms', '<=', nowMs), eb('seen_at_ms', '<=', staleBeforeMs)]))
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
