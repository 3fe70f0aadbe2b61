import { randomInt } from 'node:crypto';
import { PAIRING_ALPHABET } from '../protocol/messages.js';
import { AttemptLimiter } from '../auth/rate-limit.js';
import { networkOf } from '../auth/network.js';

export const PAIRING_CODE_TTL_MS = 10 * 60 * 1000;
const CODE_LENGTH = 6;
/** Claims that named no live code: 10 per network (see networkOf) and 100 overall per 15 minutes. */
const FAILURES_PER_ADDRESS = 10;
const FAILURES_GLOBAL = 100;
const FAILURE_WINDOW_MS = 15 * 60 * 1000;
/** Unpaired sockets waiting at once: a LAN stranger cannot fill the code space or the memory. */
const WAITING_PER_NETWORK = 50;
const WAITING_GLOBAL = 1000;

export type ClaimResult<T> =
  | { ok: true; waiter: T }
  | { ok: false; reason: 'throttled'; retryAfterSeconds: number }
  | { ok: false; reason: 'unknown' };

/**
 * Pairing codes shown by unpaired displays: random, single use, expiring, and guarded against
 * guessing. With 32^6 ≈ 10^9 codes, at most 1,000 live and 100 wrong guesses per 15 minutes in
 * all, a guesser's chance is about 10^-4 a day. The global limit means a flood of wrong guesses
 * can hold pairing up for 15 minutes; we prefer that to a stranger's screen being paired.
 * In memory on purpose: a code belongs to one open socket and dies with it.
 */
export class PairingCodes<T> {
  private readonly codes = new Map<string, { waiter: T; address: string; expiresAt: number }>();
  private readonly perAddress = new AttemptLimiter(FAILURES_PER_ADDRESS, FAILURE_WINDOW_MS);
  private readonly global = new AttemptLimiter(FAILURES_GLOBAL, FAILURE_WINDOW_MS);

  constructor(private readonly ttlMs = PAIRING_CODE_TTL_MS) {}

  /** A fresh code for this waiter, or undefined when too many sockets are already waiting. */
  issue(waiter: T, address: string, now: number): { code: string; expiresAt: number } | undefined {
    this.dropExpired(now);
    const previous = this.codeOf(waiter);
    if (previous) this.codes.delete(previous);
    let fromAddress = 0;
    const network = networkOf(address);
    for (const c of this.codes.values()) if (networkOf(c.address) === network) fromAddress++;
    if (this.codes.size >= WAITING_GLOBAL || fromAddress >= WAITING_PER_NETWORK) return undefined;
    let code: string;
    do code = randomCode();
    while (this.codes.has(code));
    const expiresAt = now + this.ttlMs;
    this.codes.set(code, { waiter, address, expiresAt });
    return { code, expiresAt };
  }

  /** Forgets the waiter's code (its socket closed). */
  release(waiter: T): void {
    const code = this.codeOf(waiter);
    if (code) this.codes.delete(code);
  }

  /**
   * Consumes a code: single use, so a second claim of the same code fails like a wrong one.
   * Wrong, expired and reused codes look alike to the caller and all count as failures.
   */
  claim(rawCode: string, address: string, now: number): ClaimResult<T> {
    const wait = Math.max(this.perAddress.retryAfter(networkOf(address), now), this.global.retryAfter('*', now));
    if (wait > 0) return { ok: false, reason: 'throttled', retryAfterSeconds: wait };
    const code = normaliseCode(rawCode);
    const entry = this.codes.get(code);
    if (!entry || entry.expiresAt <= now) {
      if (entry) this.codes.delete(code);
      this.perAddress.record(networkOf(address), now);
      this.global.record('*', now);
      return { ok: false, reason: 'unknown' };
    }
    this.codes.delete(code);
    return { ok: true, waiter: entry.waiter };
  }

  private codeOf(waiter: T): string | undefined {
    for (const [code, c] of this.codes) if (c.waiter === waiter) return code;
    return undefined;
  }

  private dropExpired(now: number): void {
    for (const [code, c] of this.codes) if (c.expiresAt <= now) this.codes.delete(code);
  }
}

/** What operators type: any case, with spaces or a dash in the middle as the screen groups it. */
export function normaliseCode(raw: string): string {
  return raw.replace(/[\s-]/g, '').toUpperCase();
}

function randomCode(): string {
  let code = '';
  for (let i = 0; i < CODE_LENGTH; i++) code += PAIRING_ALPHABET[randomInt(PAIRING_ALPHABET.length)];
  return code;
}
