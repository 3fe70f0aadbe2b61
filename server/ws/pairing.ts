import { randomInt } from 'node:crypto';
import { PAIRING_ALPHABET } from '../protocol/messages.js';
import { networkOf } from '../auth/network.js';
import { lockLimiters, SharedLimiter } from '../auth/shared-limiter.js';
import type { Queryable, Tx } from '../db/engine.js';
import { PairingCodeRepository, type ClaimedCode } from '../db/pairing-code-repository.js';
import { NODE_STALE_MS } from '../cluster/node.js';

export const PAIRING_CODE_TTL_MS = 10 * 60 * 1000;
const CODE_LENGTH = 6;
/** Claims that named no live code: 10 per network (see networkOf) and 100 overall per 15 minutes, for all nodes together. */
const FAILURE_WINDOW_MS = 15 * 60 * 1000;
const pairingGuessesPerNetwork = new SharedLimiter('pairing.network', 10, FAILURE_WINDOW_MS);
const pairingGuessesGlobal = new SharedLimiter('pairing.global', 100, FAILURE_WINDOW_MS);
const GLOBAL_KEY = '*';
/** Unpaired sockets waiting at once, over all nodes: a LAN stranger cannot fill the code space or the table. */
const WAITING_LIMITS = { perNetwork: 50, global: 1000 } as const;

export type SharedClaimResult =
  | { ok: true; claimed: ClaimedCode }
  | { ok: false; reason: 'throttled'; retryAfterSeconds: number }
  | { ok: false; reason: 'unknown' };

/**
 * Pairing codes shown by unpaired displays on any node: random, single use, expiring, and guarded
 * against guessing. With 32^6 ≈ 10^9 codes, at most 1,000 live and 100 wrong guesses per 15
 * minutes in all (all nodes together), a guesser's chance is about 10^-4 a day. The global limit
 * means a flood of wrong guesses can hold pairing up for 15 minutes; we prefer that to a
 * stranger's screen being paired.
 */
export function issuePairingCode(
  q: Queryable,
  waiter: { nodeId: string; waiterId: string; address: string; tokenSha256: string },
  nowMs: number,
  ttlMs = PAIRING_CODE_TTL_MS,
): Promise<{ code: string; expiresAtMs: number } | undefined> {
  return new PairingCodeRepository(q).issue(
    { nodeId: waiter.nodeId, waiterId: waiter.waiterId, network: networkOf(waiter.address), tokenSha256: waiter.tokenSha256 },
    { nowMs, ttlMs, staleBeforeMs: nowMs - NODE_STALE_MS, limits: WAITING_LIMITS, candidate: randomPairingCode },
  );
}

/**
 * Consumes a code for the display `displayId`, in `tx`, which creates that display when this
 * succeeds and must commit when it fails (the failure is counted in it). Wrong, expired, reused
 * codes and codes of a node that is gone look alike to the caller and all count as failures.
 */
export async function claimPairingCode(
  tx: Tx,
  rawCode: string,
  address: string,
  displayId: string,
  nowMs: number,
  /** Whether the waiting socket is still open, where this node can tell (its own sockets). */
  waiting: (claimed: ClaimedCode) => boolean = () => true,
): Promise<SharedClaimResult> {
  const network = networkOf(address);
  await lockLimiters(tx, [
    [pairingGuessesPerNetwork, network],
    [pairingGuessesGlobal, GLOBAL_KEY],
  ]);
  const wait = Math.max(await pairingGuessesPerNetwork.retryAfter(tx, network, nowMs), await pairingGuessesGlobal.retryAfter(tx, GLOBAL_KEY, nowMs));
  if (wait > 0) return { ok: false, reason: 'throttled', retryAfterSeconds: wait };
  const codes = new PairingCodeRepository(tx);
  const found = await codes.claim(normaliseCode(rawCode), displayId, { nowMs, staleBeforeMs: nowMs - NODE_STALE_MS });
  const claimed = found && waiting(found) ? found : undefined;
  // A socket closing now has not released its code yet: it is as dead as a closed one.
  if (found && !claimed) await codes.release(found.waiterId);
  if (!claimed) {
    await pairingGuessesPerNetwork.record(tx, network, nowMs);
    await pairingGuessesGlobal.record(tx, GLOBAL_KEY, nowMs);
    return { ok: false, reason: 'unknown' };
  }
  return { ok: true, claimed };
}

/** What operators type: any case, with spaces or a dash in the middle as the screen groups it. */
export function normaliseCode(raw: string): string {
  return raw.replace(/[\s-]/g, '').toUpperCase();
}

export function randomPairingCode(): string {
  let code = '';
  for (let i = 0; i < CODE_LENGTH; i++) code += PAIRING_ALPHABET[randomInt(PAIRING_ALPHABET.length)];
  return code;
}
