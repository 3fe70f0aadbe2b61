import { createHash } from 'node:crypto';
import type { Engine } from '../db/engine.js';
import { UserRepository, type StoredUser } from '../db/user-repository.js';
import { SessionRepository } from '../db/session-repository.js';
import { AuditRepository } from '../db/audit-repository.js';
import { ChangeGenerationRepository } from '../db/change-generation-repository.js';
import type { Role } from '../protocol/auth.js';
import { HttpProblem } from '../http/problem.js';
import { DUMMY_HASH, hashPassword, randomToken, verifyPassword } from './passwords.js';
import { forgiveAttempts, lockLimiters, SharedLimiter } from './shared-limiter.js';
import { networkOf } from './network.js';

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
  engine: Engine;
  users: UserRepository;
  sessions: SessionRepository;
  audit: AuditRepository;
  /** Called with the sessions that ended, so their WebSockets close at once. */
  onSessionsEnded: (sessionSha256s: string[]) => void;
  now?: () => Date;
}

export class AuthService {
  /**
   * Within 15 minutes, counted per network (/24, /64: one device can take many addresses of a LAN,
   * not many networks): 5 attempts per account from one network, 20 per network, then 429 with
   * Retry-After. The account's own cap (50 from everywhere) binds only networks that have already
   * tried that account in the window, so guessing spread over many networks is capped without
   * locking the right password out for a network that has not failed: the admin signs in from
   * their own office while a stranger's network is refused. Counted in the database, for all
   * nodes together: behind a load balancer, N nodes would otherwise allow N times as many.
   */
  private readonly perPair = new SharedLimiter('login.pair', 5, LOGIN_WINDOW_MS);
  private readonly perNetwork = new SharedLimiter('login.network', 20, LOGIN_WINDOW_MS);
  private readonly perAccount = new SharedLimiter('login.account', 50, LOGIN_WINDOW_MS);
  /** Throttled requests write one audit row per network per window, whatever usernames they try. */
  private readonly throttleReported = new SharedLimiter('login.throttle-reported', 1, LOGIN_WINDOW_MS);
  /** Setup tokens: 10 tries per network per window; failures write one audit row per network per window. */
  private readonly setupAttempts = new SharedLimiter('setup.network', 10, LOGIN_WINDOW_MS);
  private readonly setupReported = new SharedLimiter('setup.reported', 1, LOGIN_WINDOW_MS);
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
    const existing = await this.o.users.findByUsername(adminUser);
    if (existing?.passwordSet || (existing === undefined && (await this.o.users.count()) > 0)) return {};
    const passwordHash = adminPassword ? await hashPassword(adminPassword) : null;
    const token = adminPassword ? undefined : randomToken();
    const done = await this.o.engine.transaction(async (tx) => {
      // Several nodes starting at once: one creates the admin, the others find it made.
      await new ChangeGenerationRepository(tx).holdStartupLock(tx);
      const users = new UserRepository(tx);
      const audit = new AuditRepository(tx);
      const now = await users.findByUsername(adminUser);
      if ((now?.id ?? null) !== (existing?.id ?? null) || now?.passwordSet) return false;
      const at = this.now();
      if (existing) {
        await users.update(existing.id, token ? { setupTokenSha256: sha256(token) } : { passwordHash: passwordHash! }, at);
        await audit.append(
          { actorId: null, actor: 'system', action: token ? 'user.setup-token' : 'user.password-from-env', target: `user:${existing.id}` },
          at,
        );
        return true;
      }
      const user = await users.create(
        { username: adminUser, displayName: 'Quản trị viên', roles: ['admin'], passwordHash, ...(token ? { setupTokenSha256: sha256(token) } : {}) },
        at,
      );
      await audit.append({ actorId: null, actor: 'system', action: 'user.bootstrap', target: `user:${user.id}`, after: { username: user.username, roles: user.roles, passwordSet: user.passwordSet } }, at);
      return true;
    });
    if (!done) return {};
    return token ? { setupToken: token } : {};
  }

  /**
   * Uses the one-time setup token to set the admin's first password. Wrong tokens, and any request
   * once setup is done, cost at most one audit row per network per window; then 429.
   */
  async completeSetup(token: string, password: string, remoteAddress: string): Promise<StoredUser> {
    const nowMs = this.now().getTime();
    const network = networkOf(remoteAddress);
    // The check and the record are one step for every node (see lockLimiters).
    const attempt = await this.o.engine.transaction(async (tx): Promise<{ wait: number } | { id: number }> => {
      await lockLimiters(tx, [[this.setupAttempts, network]]);
      const wait = await this.setupAttempts.retryAfter(tx, network, nowMs);
      return wait > 0 ? { wait } : { id: await this.setupAttempts.record(tx, network, nowMs) };
    });
    if ('wait' in attempt) throw tooManyAttempts(attempt.wait);
    const tokenSha = sha256(token);
    const waiting = (await this.o.users.list()).filter((u) => u.setupTokenSha256 !== null && !u.passwordSet);
    const user = waiting.find((u) => u.setupTokenSha256 === tokenSha);
    if (!user) {
      await this.o.engine.transaction(async (tx) => {
        await lockLimiters(tx, [[this.setupReported, network]]);
        if (await this.setupReported.has(tx, network, nowMs)) return;
        await this.setupReported.record(tx, network, nowMs);
        await new AuditRepository(tx).append({ actorId: null, actor: 'anonymous', action: 'setup.failed', target: 'setup', after: { setupPending: waiting.length > 0 }, remoteAddress });
      });
      if (waiting.length === 0) {
        throw new HttpProblem(403, 'Đã thiết lập xong', 'Quản trị viên đã có mật khẩu; không còn gì để thiết lập. (Setup is already done.)');
      }
      throw new HttpProblem(403, 'Mã thiết lập không hợp lệ', 'Mã thiết lập sai hoặc đã được dùng. (The setup code is wrong or already used.)');
    }
    await this.setupAttempts.forgive(this.o.engine.db, attempt.id);
    const passwordHash = await hashPassword(password);
    return this.o.engine.transaction(async (tx) => {
      const updated = await new UserRepository(tx).update(user.id, { passwordHash, setupTokenSha256: null }, this.now());
      await new AuditRepository(tx).append({ actorId: user.id, actor: user.username, action: 'user.setup', target: `user:${user.id}`, remoteAddress });
      return updated;
    });
  }

  async login(username: string, password: string, remoteAddress: string): Promise<{ sessionId: string; user: StoredUser }> {
    const nowMs = this.now().getTime();
    const network = networkOf(remoteAddress);
    const pair = `${username}|${network}`;
    // One transaction holding the keys' locks: parallel attempts through several nodes cannot all
    // pass the check before any is recorded.
    const attempt = await this.o.engine.transaction(async (tx): Promise<{ wait: number } | { ids: number[] }> => {
      await lockLimiters(tx, [
        [this.perPair, pair],
        [this.perNetwork, network],
        [this.perAccount, username],
        [this.throttleReported, network],
      ]);
      const wait = Math.max(
        await this.perPair.retryAfter(tx, pair, nowMs),
        await this.perNetwork.retryAfter(tx, network, nowMs),
        (await this.perPair.has(tx, pair, nowMs)) ? await this.perAccount.retryAfter(tx, username, nowMs) : 0,
      );
      if (wait > 0) {
        // No user lookup, and no audit row per username tried: one per network per window.
        if (!(await this.throttleReported.has(tx, network, nowMs))) {
          await this.throttleReported.record(tx, network, nowMs);
          await new AuditRepository(tx).append({ actorId: null, actor: username, action: 'login.throttled', target: `username:${username}`, remoteAddress });
        }
        return { wait };
      }
      return {
        ids: [await this.perPair.record(tx, pair, nowMs), await this.perNetwork.record(tx, network, nowMs), await this.perAccount.record(tx, username, nowMs)],
      };
    });
    if ('wait' in attempt) throw tooManyAttempts(attempt.wait);
    const user = await this.o.users.findByUsername(username);
    const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
    if (!user || !ok || user.disabled || !user.passwordSet) {
      await this.o.audit.append({ actorId: user?.id ?? null, actor: username, action: 'login.failed', target: `username:${username}`, remoteAddress });
      throw new HttpProblem(401, 'Đăng nhập không thành công', 'Sai tên đăng nhập hoặc mật khẩu, hoặc tài khoản đã bị khóa.');
    }
    const sessionId = randomToken();
    const at = this.now();
    await this.o.engine.transaction(async (tx) => {
      // Only this attempt is forgiven: a success does not wipe a stranger's failures on the same network.
      await forgiveAttempts(tx, attempt.ids);
      await new SessionRepository(tx).create(sha256(sessionId), user.id, at, new Date(at.getTime() + SESSION_IDLE_MS), remoteAddress);
      await new AuditRepository(tx).append({ actorId: user.id, actor: user.username, action: 'user.login', target: `user:${user.id}`, remoteAddress }, at);
    });
    return { sessionId, user };
  }

  /** The principal behind a session cookie, or undefined; slides the idle expiry. */
  async authenticate(sessionId: string | undefined): Promise<Principal | undefined> {
    if (!sessionId || sessionId.length > 128) return undefined;
    const sessionSha256 = sha256(sessionId);
    const session = await this.o.sessions.find(sessionSha256);
    const now = this.now();
    if (!session) return undefined;
    if (Date.parse(session.expires_at) <= now.getTime()) {
      await this.o.sessions.delete(sessionSha256);
      return undefined;
    }
    const user = await this.o.users.findById(session.user_id);
    if (!user || user.disabled) return undefined;
    if (now.getTime() - Date.parse(session.last_seen_at) > TOUCH_EVERY_MS) {
      await this.o.sessions.touch(sessionSha256, now, new Date(now.getTime() + SESSION_IDLE_MS));
    }
    return { user, sessionSha256 };
  }

  /** A session that exists, has not expired, and whose user is still enabled. */
  async isActive(sessionSha256: string): Promise<boolean> {
    const session = await this.o.sessions.find(sessionSha256);
    if (!session || Date.parse(session.expires_at) <= this.now().getTime()) return false;
    const user = await this.o.users.findById(session.user_id);
    return user !== undefined && !user.disabled;
  }

  async logout(p: Principal, everywhere: boolean, remoteAddress: string): Promise<void> {
    const ended = await this.o.engine.transaction(async (tx) => {
      const sessions = new SessionRepository(tx);
      const others = everywhere ? await sessions.deleteForUser(p.user.id, p.sessionSha256) : [];
      await sessions.delete(p.sessionSha256);
      await new AuditRepository(tx).append({ actorId: p.user.id, actor: p.user.username, action: 'user.logout', target: `user:${p.user.id}`, after: { everywhere }, remoteAddress });
      return [p.sessionSha256, ...others];
    });
    this.o.onSessionsEnded(ended);
  }

  /** A new password ends every other session of the user (a thief's included) and their sockets. */
  async changePassword(p: Principal, current: string, next: string, remoteAddress: string): Promise<void> {
    if (!(await verifyPassword(current, p.user.passwordHash ?? DUMMY_HASH))) {
      await this.o.audit.append({ actorId: p.user.id, actor: p.user.username, action: 'password.change-failed', target: `user:${p.user.id}`, remoteAddress });
      throw new HttpProblem(403, 'Mật khẩu hiện tại không đúng');
    }
    const passwordHash = await hashPassword(next);
    const ended = await this.o.engine.transaction(async (tx) => {
      await new UserRepository(tx).update(p.user.id, { passwordHash }, this.now());
      await new AuditRepository(tx).append({ actorId: p.user.id, actor: p.user.username, action: 'user.password-change', target: `user:${p.user.id}`, remoteAddress });
      return new SessionRepository(tx).deleteForUser(p.user.id, p.sessionSha256);
    });
    this.o.onSessionsEnded(ended);
  }

  /** After an admin disables a user or resets their password or roles, their sessions end. */
  async endAllSessions(userId: number): Promise<void> {
    this.o.onSessionsEnded(await this.o.sessions.deleteForUser(userId));
  }
}

function tooManyAttempts(waitSeconds: number): HttpProblem {
  return new HttpProblem(429, 'Thử quá nhiều lần', `Hãy thử lại sau ${waitSeconds} giây. (Too many attempts: try again in ${waitSeconds} s.)`, undefined, {
    'Retry-After': String(waitSeconds),
  });
}

export function hasAnyRole(user: { roles: Role[] }, roles: readonly Role[]): boolean {
  return roles.some((r) => user.roles.includes(r));
}
