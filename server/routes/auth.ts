import {
  ChangePasswordRequestSchema,
  LoginRequestSchema,
  LogoutRequestSchema,
  MeSchema,
  NoContentSchema,
  SessionSchema,
  SetupRequestSchema,
} from '../protocol/auth.js';
import { defineRoute, signedIn } from '../http/route.js';
import { clearSessionCookie, setSessionCookie } from '../http/session.js';
import type { AuthService } from '../auth/auth-service.js';
import { publicUser } from '../db/user-repository.js';

export function authRoutes(deps: { auth: AuthService }) {
  const { auth } = deps;
  return [
    defineRoute({
      method: 'post',
      path: '/api/auth/setup',
      summary: 'Đặt mật khẩu đầu tiên cho quản trị viên bằng mã thiết lập một lần (printed in the log at first start)',
      tag: 'auth',
      access: 'public',
      body: SetupRequestSchema,
      response: MeSchema,
      problems: [403, 429],
      handler: async ({ body, remoteAddress }) => ({ user: publicUser(await auth.completeSetup(body.token, body.password, remoteAddress)) }),
    }),
    defineRoute({
      method: 'post',
      path: '/api/auth/login',
      summary: 'Đăng nhập: sets the HttpOnly, SameSite=Strict session cookie; rate-limited per account and network (/24, /64)',
      tag: 'auth',
      access: 'public',
      body: LoginRequestSchema,
      response: MeSchema,
      problems: [401, 429],
      handler: async ({ req, res, body, principal, remoteAddress }) => {
        const { sessionId, user } = await auth.login(body.username, body.password, remoteAddress);
        // A session presented before login is never kept (fixation): the new id replaces it.
        if (principal) await auth.logout(principal, false, remoteAddress);
        setSessionCookie(req, res, sessionId);
        return { user: publicUser(user) };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/auth/logout',
      summary: 'Đăng xuất: ends this session (or every session of the user) and closes its WebSockets',
      tag: 'auth',
      access: 'signed-in',
      body: LogoutRequestSchema,
      response: NoContentSchema,
      handler: async (ctx) => {
        await auth.logout(signedIn(ctx), ctx.body.everywhere, ctx.remoteAddress);
        clearSessionCookie(ctx.req, ctx.res);
        return { ok: true as const };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/auth/session',
      summary: 'Có ai đăng nhập không: the signed-in user, or null (200 either way, so a login page logs no error)',
      tag: 'auth',
      access: 'public',
      response: SessionSchema,
      handler: ({ principal }) => ({ user: principal ? publicUser(principal.user) : null }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/auth/me',
      summary: 'Tôi là ai: the signed-in user and their roles',
      tag: 'auth',
      access: 'signed-in',
      response: MeSchema,
      handler: (ctx) => ({ user: publicUser(signedIn(ctx).user) }),
    }),
    defineRoute({
      method: 'post',
      path: '/api/auth/password',
      summary: 'Đổi mật khẩu: ends every other session of the user',
      tag: 'auth',
      access: 'signed-in',
      body: ChangePasswordRequestSchema,
      response: NoContentSchema,
      problems: [403],
      handler: async (ctx) => {
        await auth.changePassword(signedIn(ctx), ctx.body.currentPassword, ctx.body.newPassword, ctx.remoteAddress);
        return { ok: true as const };
      },
    }),
  ];
}
