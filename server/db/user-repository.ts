import type { Updateable } from 'kysely';
import type { Queryable } from './engine.js';
import type { Users } from './schema.js';
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

const COLUMNS = ['id', 'username', 'display_name', 'roles_json', 'password_hash', 'setup_token_sha256', 'disabled'] as const;

export class UserRepository {
  constructor(private readonly q: Queryable) {}

  async count(): Promise<number> {
    const row = await this.q.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async list(): Promise<StoredUser[]> {
    const rows: UserRow[] = await this.q.selectFrom('users').select(COLUMNS).orderBy('id').execute();
    return rows.map(toUser);
  }

  async findById(id: number): Promise<StoredUser | undefined> {
    const row: UserRow | undefined = await this.q.selectFrom('users').select(COLUMNS).where('id', '=', id).executeTakeFirst();
    return row ? toUser(row) : undefined;
  }

  async findByUsername(username: string): Promise<StoredUser | undefined> {
    const row: UserRow | undefined = await this.q.selectFrom('users').select(COLUMNS).where('username', '=', username).executeTakeFirst();
    return row ? toUser(row) : undefined;
  }

  async create(u: { username: string; displayName: string; roles: Role[]; passwordHash: string | null; setupTokenSha256?: string }, at: Date): Promise<StoredUser> {
    const now = at.toISOString();
    const row: UserRow = await this.q
      .insertInto('users')
      .values({
        username: u.username,
        display_name: u.displayName,
        roles_json: JSON.stringify(u.roles),
        password_hash: u.passwordHash,
        setup_token_sha256: u.setupTokenSha256 ?? null,
        created_at: now,
        updated_at: now,
      })
      .returning(COLUMNS)
      .executeTakeFirstOrThrow();
    return toUser(row);
  }

  async update(
    id: number,
    changes: { displayName?: string; roles?: Role[]; disabled?: boolean; passwordHash?: string; setupTokenSha256?: string | null },
    at: Date,
  ): Promise<StoredUser> {
    const set: Updateable<Users> = { updated_at: at.toISOString() };
    if (changes.displayName !== undefined) set.display_name = changes.displayName;
    if (changes.roles !== undefined) set.roles_json = JSON.stringify(changes.roles);
    if (changes.disabled !== undefined) set.disabled = changes.disabled ? 1 : 0;
    if (changes.passwordHash !== undefined) set.password_hash = changes.passwordHash;
    if (changes.setupTokenSha256 !== undefined) set.setup_token_sha256 = changes.setupTokenSha256;
    const row: UserRow = await this.q.updateTable('users').set(set).where('id', '=', id).returning(COLUMNS).executeTakeFirstOrThrow();
    return toUser(row);
  }

  async countActiveAdmins(): Promise<number> {
    return (await this.list()).filter((u) => !u.disabled && u.roles.includes('admin') && u.passwordSet).length;
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
