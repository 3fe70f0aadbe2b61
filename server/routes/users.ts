import { z } from 'zod';
import { ApproverListSchema, canApprove, CreateUserRequestSchema, UpdateUserRequestSchema, UserListSchema, UserSchema } from '../protocol/auth.js';
import { assertFound, defineRoute, signedIn } from '../http/route.js';
import { HttpProblem } from '../http/problem.js';
import type { Engine } from '../db/engine.js';
import { publicUser, UserRepository } from '../db/user-repository.js';
import { AuditRepository } from '../db/audit-repository.js';
import type { AuthService } from '../auth/auth-service.js';
import { hashPassword } from '../auth/passwords.js';

const IdParam = z.coerce.number().int().positive();

export function userRoutes(deps: { engine: Engine; users: UserRepository; auth: AuthService }) {
  const { engine, users, auth } = deps;
  const findUser = async (raw: string | undefined) => {
    const id = IdParam.safeParse(raw);
    return assertFound(id.success ? await users.findById(id.data) : undefined, `người dùng "${raw}"`);
  };
  return [
    defineRoute({
      method: 'get',
      path: '/api/users/approvers',
      summary: 'Ai duyệt được nội dung: names only, so someone held by the four-eyes rule knows whom to ask',
      tag: 'users',
      access: 'signed-in',
      response: ApproverListSchema,
      handler: async () => ({
        approvers: (await users.list())
          .filter((u) => !u.disabled && u.passwordSet && canApprove(u.roles))
          .map((u) => ({ displayName: u.displayName, username: u.username })),
      }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/users',
      summary: 'Danh sách người dùng (admin)',
      tag: 'users',
      access: ['admin'],
      response: UserListSchema,
      handler: async () => ({ users: (await users.list()).map(publicUser) }),
    }),
    defineRoute({
      method: 'post',
      path: '/api/users',
      summary: 'Tạo người dùng với vai trò (admin)',
      tag: 'users',
      access: ['admin'],
      body: CreateUserRequestSchema,
      response: UserSchema,
      status: 201,
      problems: [409],
      handler: async (ctx) => {
        const admin = signedIn(ctx).user;
        if (await users.findByUsername(ctx.body.username)) {
          throw new HttpProblem(409, 'Tên đăng nhập đã tồn tại', `Đã có người dùng "${ctx.body.username}".`);
        }
        const passwordHash = await hashPassword(ctx.body.password);
        return engine.transaction(async (tx) => {
          const created = await new UserRepository(tx).create({ ...ctx.body, passwordHash }, new Date());
          await new AuditRepository(tx).append({
            actorId: admin.id,
            actor: admin.username,
            action: 'user.create',
            target: `user:${created.id}`,
            after: publicUser(created),
            remoteAddress: ctx.remoteAddress,
          });
          return publicUser(created);
        });
      },
    }),
    defineRoute({
      method: 'patch',
      path: '/api/users/:id',
      summary: 'Sửa vai trò, tên, khóa tài khoản hoặc đặt lại mật khẩu (admin); ends the user’s sessions when access shrinks',
      tag: 'users',
      access: ['admin'],
      body: UpdateUserRequestSchema,
      response: UserSchema,
      problems: [404, 409],
      handler: async (ctx) => {
        const admin = signedIn(ctx).user;
        const target = await findUser(ctx.params.id);
        const { password, ...changes } = ctx.body;
        const losesAdmin = (changes.disabled === true || (changes.roles && !changes.roles.includes('admin'))) && target.roles.includes('admin');
        if (losesAdmin && (await users.countActiveAdmins()) <= 1) {
          throw new HttpProblem(409, 'Không thể bỏ quản trị viên cuối cùng', 'Cần ít nhất một quản trị viên đang hoạt động.');
        }
        const passwordHash = password ? await hashPassword(password) : undefined;
        const updated = await engine.transaction(async (tx) => {
          const after = await new UserRepository(tx).update(target.id, { ...changes, ...(passwordHash ? { passwordHash } : {}) }, new Date());
          await new AuditRepository(tx).append({
            actorId: admin.id,
            actor: admin.username,
            action: 'user.update',
            target: `user:${target.id}`,
            before: publicUser(target),
            after: { ...publicUser(after), ...(password ? { passwordReset: true } : {}) },
            remoteAddress: ctx.remoteAddress,
          });
          return after;
        });
        if (changes.disabled || changes.roles || password) await auth.endAllSessions(target.id);
        return publicUser(updated);
      },
    }),
  ];
}
