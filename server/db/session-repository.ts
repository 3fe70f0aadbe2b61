import type { Db } from './database.js';

export interface SessionRow {
  id_sha256: string;
  user_id: number;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
}

/** Sessions are stored by the SHA-256 of their id: a copy of the database yields no usable cookie. */
export class SessionRepository {
  constructor(private readonly db: Db) {}

  create(idSha256: string, userId: number, at: Date, expiresAt: Date, remoteAddress: string): void {
    this.db
      .prepare(
        'INSERT INTO sessions (id_sha256, user_id, created_at, last_seen_at, expires_at, remote_address) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(idSha256, userId, at.toISOString(), at.toISOString(), expiresAt.toISOString(), remoteAddress);
  }

  find(idSha256: string): SessionRow | undefined {
    return this.db.prepare<[string], SessionRow>('SELECT * FROM sessions WHERE id_sha256 = ?').get(idSha256);
  }

  touch(idSha256: string, at: Date, expiresAt: Date): void {
    this.db
      .prepare('UPDATE sessions SET last_seen_at = ?, expires_at = ? WHERE id_sha256 = ?')
      .run(at.toISOString(), expiresAt.toISOString(), idSha256);
  }

  delete(idSha256: string): void {
    this.db.prepare('DELETE FROM sessions WHERE id_sha256 = ?').run(idSha256);
  }

  /** Ends every session of the user except `keep`; returns the ended ids. */
  deleteForUser(userId: number, keep?: string): string[] {
    const ids = this.db
      .prepare<[number, string], { id_sha256: string }>('SELECT id_sha256 FROM sessions WHERE user_id = ? AND id_sha256 != ?')
      .all(userId, keep ?? '')
      .map((r) => r.id_sha256);
    this.db.prepare('DELETE FROM sessions WHERE user_id = ? AND id_sha256 != ?').run(userId, keep ?? '');
    return ids;
  }

  deleteExpired(at: Date): number {
    return this.db.prepare('DELETE FROM sessions WHERE expires_at <= ?').run(at.toISOString()).changes;
  }
}
