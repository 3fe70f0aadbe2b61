import { createHash } from 'node:crypto';
import type { Db } from '../db/database.js';
import type { StoredUser, UserRepository } from '../db/user-repository.js';
import type { SessionRepository } from '../db/session-repository.js';
import type { AuditRepository } from '../db/audit-repository.js';
import type { Role } from '../protocol/auth.js';
import { HttpProblem } from '../http/problem.js';
import { DUMMY_HASH, hashPassword, randomToken, verifyPassword } from './passwords.js';
import { AttemptLimiter } from './rate-limit.js';

/** A signed-in request or socket: the user and the SHA-256 of the session id it presented. */
export interface Principal {
  user: StoredUser;
  sessionSha256: string;
}

export const SESSION_IDLE_MS = 12 * 60 * 60 * 1000;
const LOGIN_WINDOW_MS = 15 * 60 * 1000;
/** Writing last_seen on every request would turn reads into writes; once a minute is plenty. */
const TOUCH_EVERY_MS = 60 * 1000;

export function sha256(s: string): string {
  return createHash('sha256').update(s, 'utf8').digest('hex');
}

export interface AuthOptions {
  db: Db;
  users: UserRepository;
  sessions: SessionRepository;
  audit: AuditRepository;
  /** Called with the sessions that ended, so their WebSockets close at once. */
  onSessionsEnded: (sessionSha256s: string[]) => void;
  now?: () => Date;
}

export class AuthService {
  /**
   * Within 15 minutes: 5 attempts per account from one address, 20 per address, 50 per account
   * from everywhere; then 429 with Retry-After. The pair limit stops guessing without letting a
   * stranger lock the admin out from their own machine; the account limit still caps guessing
   * spread over many addresses.
   */
  private readonly perPair = new AttemptLimiter(5, LOGIN_WINDOW_MS);
  private readonly perAddress = new AttemptLimiter(20, LOGIN_WINDOW_MS);
  private readonly perAccount = new AttemptLimiter(50, LOGIN_WINDOW_MS);
  /** One audit row per throttled account and address per window, not one per request. */
  private readonly throttleReported = new AttemptLimiter(1, LOGIN_WINDOW_MS);
  private readonly now: () => Date;

  constructor(private readonly o: AuthOptions) {
    this.now = o.now ?? (() => new Date());
  }

  /**
   * First start: create the admin. With ADMIN_PASSWORD it is ready at once; without, it gets a
   * one-time setup token (returned, to be logged) and nobody can sign in until it is used.
   * On later starts an admin still without a password gets a fresh token; the old one dies.
   */
  async bootstrap(adminUser: string, adminPassword: string | undefined): Promise<{ setupToken?: string }> {
    const existing = this.o.users.findByUsername(adminUser);
    if (existing?.passwordSet || (existing === undefined && this.o.users.count() > 0)) return {};
    const passwordHash = adminPassword ? await hashPassword(adminPassword) : null;
    const token = adminPassword ? undefined : randomToken();
    this.o.db.transaction(() => {
      const at = this.now();
      if (existing) {
        this.o.users.update(existing.id, token ? { setupTokenSha256: sha256(token) } : { passwordHash: passwordHash! }, at);
        this.o.audit.append(
          { actorId: null, actor: 'system', action: token ? 'user.setup-token' : 'user.password-from-env', target: `user:${existing.id}` },
          at,
        );
        return;
      }
      const user = this.o.users.create(
        { username: adminUser, displayName: 'Quản trị viên', roles: ['admin'], passwordHash, ...(token ? { setupTokenSha256: sha256(token) } : {}) },
        at,
      );
      this.o.audit.append({ actorId: null, actor: 'system', action: 'user.bootstrap', target: `user:${user.id}`, after: { username: user.username, roles: user.roles, passwordSet: user.passwordSet } }, at);
    })();
    return token ? { setupToken: token } : {};
  }

  /** Uses the one-time setup token to set the admin's first password. */
  async completeSetup(token: string, password: string, remoteAddress: string): Promise<StoredUser> {
    const tokenSha = sha256(token);
    const user = this.o.users.list().find((u) => u.setupTokenSha256 === tokenSha && !u.passwordSet);
    if (!user) {
      this.o.audit.append({ actorId: null, actor: 'anonymous', action: 'setup.failed', target: 'setup', remoteAddress });
      throw new HttpProblem(403, 'Mã thiết lập không hợp lệ', 'Mã thiết lập sai hoặc đã được dùng.');
    }
    const passwordHash = await hashPassword(password);
    return this.o.db.transaction(() => {
      const updated = this.o.users.update(user.id, { passwordHash, setupTokenSha256: null }, this.now());
      this.o.audit.append({ actorId: user.id, actor: user.username, action: 'user.setup', target: `user:${user.id}`, remoteAddress });
      return updated;
    })();
  }

  async login(username: string, password: string, remoteAddress: string): Promise<{ sessionId: string; user: StoredUser }> {
    const nowMs = this.now().getTime();
    const pair = `${username}|${remoteAddress}`;
    const wait = Math.max(
      this.perPair.retryAfter(pair, nowMs),
      this.perAddress.retryAfter(remoteAddress, nowMs),
      this.perAccount.retryAfter(username, nowMs),
    );
    if (wait > 0) {
      if (this.throttleReported.retryAfter(pair, nowMs) === 0) {
        this.throttleReported.record(pair, nowMs);
        this.o.audit.append({ actorId: null, actor: username, action: 'login.throttled', target: `username:${username}`, remoteAddress });
      }
      throw new HttpProblem(429, 'Thử đăng nhập quá nhiều lần', `Hãy thử lại sau ${wait} giây.`, undefined, { 'Retry-After': String(wait) });
    }
    this.perPair.record(pair, nowMs);
    this.perAddress.record(remoteAddress, nowMs);
    this.perAccount.record(username, nowMs);
    const user = this.o.users.findByUsername(username);
    const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
    if (!user || !ok || user.disabled || !user.passwordSet) {
      this.o.audit.append({ actorId: user?.id ?? null, actor: username, action: 'login.failed', target: `username:${username}`, remoteAddress });
      throw new HttpProblem(401, 'Đăng nhập không thành công', 'Sai tên đăng nhập hoặc mật khẩu, hoặc tài khoản đã bị khóa.');
    }
    this.perPair.reset(pair);
    this.perAddress.forgive(remoteAddress, nowMs);
    this.perAccount.forgive(username, nowMs);
    const sessionId = randomToken();
    const at = this.now();
    this.o.db.transaction(() => {
      this.o.sessions.create(sha256(sessionId), user.id, at, new Date(at.getTime() + SESSION_IDLE_MS), remoteAddress);
      this.o.audit.append({ actorId: user.id, actor: user.username, action: 'user.login', target: `user:${user.id}`, remoteAddress }, at);
    })();
    return { sessionId, user };
  }

  /** The principal behind a session cookie, or undefined; slides the idle expiry. */
  authenticate(sessionId: string | undefined): Principal | undefined {
    if (!sessionId || sessionId.length > 128) return undefined;
    const sessionSha256 = sha256(sessionId);
    const session = this.o.sessions.find(sessionSha256);
    const now = this.now();
    if (!session) return undefined;
    if (Date.parse(session.expires_at) <= now.getTime()) {
      this.o.sessions.delete(sessionSha256);
      return undefined;
    }
    const user = this.o.users.findById(session.user_id);
    if (!user || user.disabled) return undefined;
    if (now.getTime() - Date.parse(session.last_seen_at) > TOUCH_EVERY_MS) {
      this.o.sessions.touch(sessionSha256, now, new Date(now.getTime() + SESSION_IDLE_MS));
    }
    return { user, sessionSha256 };
  }

  /** A session that exists, has not expired, and whose user is still enabled. */
  isActive(sessionSha256: string): boolean {
    const session = this.o.sessions.find(sessionSha256);
    if (!session || Date.parse(session.expires_at) <= this.now().getTime()) return false;
    const user = this.o.users.findById(session.user_id);
    return user !== undefined && !user.disabled;
  }

  logout(p: Principal, everywhere: boolean, remoteAddress: string): void {
    const ended = this.o.db.transaction(() => {
      const others = everywhere ? this.o.sessions.deleteForUser(p.user.id, p.sessionSha256) : [];
      this.o.sessions.delete(p.sessionSha256);
      this.o.audit.append({ actorId: p.user.id, actor: p.user.username, action: 'user.logout', target: `user:${p.user.id}`, after: { everywhere }, remoteAddress });
      return [p.sessionSha256, ...others];
    })();
    this.o.onSessionsEnded(ended);
  }

  /** A new password ends every other session of the user (a thief's included) and their sockets. */
  async changePassword(p: Principal, current: string, next: string, remoteAddress: string): Promise<void> {
    if (!(await verifyPassword(current, p.user.passwordHash ?? DUMMY_HASH))) {
      this.o.audit.append({ actorId: p.user.id, actor: p.user.username, action: 'password.change-failed', target: `user:${p.user.id}`, remoteAddress });
      throw new HttpProblem(403, 'Mật khẩu hiện tại không đúng');
    }
    const passwordHash = await hashPassword(next);
    const ended = this.o.db.transaction(() => {
      this.o.users.update(p.user.id, { passwordHash }, this.now());
      this.o.audit.append({ actorId: p.user.id, actor: p.user.username, action: 'user.password-change', target: `user:${p.user.id}`, remoteAddress });
      return this.o.sessions.deleteForUser(p.user.id, p.sessionSha256);
    })();
    this.o.onSessionsEnded(ended);
  }

  /** After an admin disables a user or resets their password or roles, their sessions end. */
  endAllSessions(userId: number): void {
    this.o.onSessionsEnded(this.o.sessions.deleteForUser(userId));
  }
}

export function hasAnyRole(user: { roles: Role[] }, roles: readonly Role[]): boolean {
  return roles.some((r) => user.roles.includes(r));
}
