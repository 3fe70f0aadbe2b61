/**
 * Signed media URLs: /media/<rendition sha256>?d=<display id>&e=<expiry ms>&s=<signature>. The
 * signature is HMAC-SHA256 over all three with a secret that never leaves the server, so a URL
 * names one file for one display until one moment, and carries no cookie and no display token:
 * a URL copied out of a log or a kiosk's cache opens nothing else and nothing after it expires.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { closeSync, fsyncSync, openSync, readFileSync, writeSync } from 'node:fs';
import path from 'node:path';

const KEY_FILE = 'media-url.key';
const KEY_BYTES = 32;

export interface SignedMediaUrl {
  sha256: string;
  displayId: string;
  expiresAt: number;
}

export class MediaUrlSigner {
  private constructor(private readonly key: Buffer) {}

  /**
   * The secret lives in DATA_DIR (mode 0600), created at first use, so URLs sent before a restart
   * still open after it. A file of the wrong size is refused rather than silently replaced.
   */
  static forDataDir(dataDir: string): MediaUrlSigner {
    const file = path.join(dataDir, KEY_FILE);
    try {
      const key = readFileSync(file);
      if (key.length !== KEY_BYTES) throw new Error(`${file}: expected ${KEY_BYTES} bytes, found ${key.length}`);
      return new MediaUrlSigner(key);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    const key = randomBytes(KEY_BYTES);
    const fd = openSync(file, 'wx', 0o600);
    try {
      writeSync(fd, key);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    return new MediaUrlSigner(key);
  }

  /** The path and query a display fetches the file with (relative to the server's origin). */
  url(u: SignedMediaUrl): string {
    const q = new URLSearchParams({ d: u.displayId, e: String(u.expiresAt), s: this.signature(u) });
    return `/media/${u.sha256}?${q.toString()}`;
  }

  /** Whether `signature` is this server's for exactly these three values (constant time). */
  verify(u: SignedMediaUrl, signature: string): boolean {
    const expected = Buffer.from(this.signature(u), 'base64url');
    const given = Buffer.from(signature, 'base64url');
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  private signature(u: SignedMediaUrl): string {
    return createHmac('sha256', this.key).update(`${u.sha256}\n${u.displayId}\n${u.expiresAt}`).digest('base64url');
  }
}
