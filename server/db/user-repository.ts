import type { Db } from './database.js';
import type { Role, User } from '../protocol/auth.js';

interface UserRow {
  id: number;
  username: string;
  display_name: string;
  roles_json: string;
  password_hash: string | null;
  setup_token_sha256: string | null;
  disabled: number;
}

export interface StoredUser extends User {
  passwordHash: string | null;
  setupTokenSha256: string | null;
}

const COLUMNS = 'id, username, display_name, roles_json, password_hash, setup_token_sha256, disabled';

export class UserRepository {
  constructor(private readonly db: Db) {}

  count(): number {
    return this.db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM users').get()!.n;
  }

  list(): StoredUser[] {
    return this.db.prepare<[], UserRow>(`SELECT ${COLUMNS} FROM users ORDER BY id`).all().map(toUser);
  }

  findById(id: number): StoredUser | undefined {
    const row = this.db.prepare<[number], UserRow>(`SELECT ${COLUMNS} FROM users WHERE id = ?`).get(id);
    return row ? toUser(row) : undefined;
  }

  findByUsername(username: string): StoredUser | undefined {
    const row = this.db.prepare<[string], UserRow>(`SELECT ${COLUMNS} FROM users WHERE username = ?`).get(username);
    return row ? toUser(row) : undefined;
  }

  create(u: { username: string; displayName: string; roles: Role[]; passwordHash: string | null; setupTokenSha256?: string }, at: Date): StoredUser {
    const now = at.toISOString();
    const id = Number(
      this.db
        .prepare(
          `INSERT INTO users (username, display_name, roles_json, password_hash, setup_token_sha256, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(u.username, u.displayName, JSON.stringify(u.roles), u.passwordHash, u.setupTokenSha256 ?? null, now, now).lastInsertRowid,
    );
    return this.findById(id)!;
  }

  update(
    id: number,
    changes: { displayName?: string; roles?: Role[]; disabled?: boolean; passwordHash?: string; setupTokenSha256?: string | null },
    at: Date,
  ): StoredUser {
    const sets: string[] = [];
    const values: unknown[] = [];
    if (changes.displayName !== undefined) (sets.push('display_name = ?'), values.push(changes.displayName));
    if (changes.roles !== undefined) (sets.push('roles_json = ?'), values.push(JSON.stringify(changes.roles)));
    if (changes.disabled !== undefined) (sets.push('disabled = ?'), values.push(changes.disabled ? 1 : 0));
    if (changes.passwordHash !== undefined) (sets.push('password_hash = ?'), values.push(changes.passwordHash));
    if (changes.setupTokenSha256 !== undefined) (sets.push('setup_token_sha256 = ?'), values.push(changes.setupTokenSha256));
    sets.push('updated_at = ?');
    values.push(at.toISOString(), id);
    this.db.prepare(`UPDATE users SET ${sets.join(', ')} WHERE id = ?`).run(...values);
    return this.findById(id)!;
  }

  countActiveAdmins(): number {
    return this.list().filter((u) => !u.disabled && u.roles.includes('admin') && u.passwordSet).length;
  }
}

function toUser(row: UserRow): StoredUser {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    roles: JSON.parse(row.roles_json) as Role[],
    disabled: row.disabled === 1,
    passwordSet: row.password_hash !== null,
    passwordHash: row.password_hash,
    setupTokenSha256: row.setup_token_sha256,
  };
}

/** The public view of a user: never the hashes. */
export function publicUser(u: StoredUser): User {
  return { id: u.id, username: u.username, displayName: u.displayName, roles: u.roles, disabled: u.disabled, passwordSet: u.passwordSet };
}
