import type { Queryable } from './engine.js';

export interface SessionRow {
  id_sha256: string;
  user_id: number;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
}

/** Sessions are stored by the SHA-256 of their id: a copy of the database yields no usable cookie. */
export class SessionRepository {
  constructor(private readonly q: Queryable) {}

  async create(idSha256: string, userId: number, at: Date, expiresAt: Date, remoteAddress: string): Promise<void> {
    await this.q
      .insertInto('sessions')
      .values({
        id_sha256: idSha256,
        user_id: userId,
        created_at: at.toISOString(),
        last_seen_at: at.toISOString(),
        expires_at: expiresAt.toISOString(),
        remote_address: remoteAddress,
      })
      .execute();
  }

  find(idSha256: string): Promise<SessionRow | undefined> {
    return this.q
      .selectFrom('sessions')
      .select(['id_sha256', 'user_id', 'created_at', 'last_seen_at', 'expires_at'])
      .where('id_sha256', '=', idSha256)
      .executeTakeFirst();
  }

  async touch(idSha256: string, at: Date, expiresAt: Date): Promise<void> {
    await this.q
      .updateTable('sessions')
      .set({ last_seen_at: at.toISOString(), expires_at: expiresAt.toISOString() })
      .where('id_sha256', '=', idSha256)
      .execute();
  }

  async delete(idSha256: string): Promise<void> {
    await this.q.deleteFrom('sessions').where('id_sha256', '=', idSha256).execute();
  }

  /** Ends every session of the user except `keep`; returns the ended ids. */
  async deleteForUser(userId: number, keep?: string): Promise<string[]> {
    // One statement (DELETE … RETURNING): the ids returned are exactly the rows it removed.
    const rows = await this.q.deleteFrom('sessions').where('user_id', '=', userId).where('id_sha256', '!=', keep ?? '').returning('id_sha256').execute();
    return rows.map((r) => r.id_sha256);
  }

  async deleteExpired(at: Date): Promise<number> {
    const result = await this.q.deleteFrom('sessions').where('expires_at', '<=', at.toISOString()).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
