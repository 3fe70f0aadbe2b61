import { z } from 'zod';
import { ApproverListSchema, canApprove, CreateUserRequestSchema, UpdateUserRequestSchema, UserListSchema, UserSchema } from '../protocol/auth.js';
import { assertFound, defineRoute, signedIn } from '../http/route.js';
import { HttpProblem } from '../http/problem.js';
import type { Db } from '../db/database.js';
import { publicUser, type UserRepository } from '../db/user-repository.js';
import type { AuditRepository } from '../db/audit-repository.js';
import type { AuthService } from '../auth/auth-service.js';
import { hashPassword } from '../auth/passwords.js';

const IdParam = z.coerce.number().int().positive();

export function userRoutes(deps: { db: Db; users: UserRepository; audit: AuditRepository; auth: AuthService }) {
  const { db, users, audit, auth } = deps;
  const findUser = (raw: string | undefined) => {
    const id = IdParam.safeParse(raw);
    return assertFound(id.success ? users.findById(id.data) : undefined, `người dùng "${raw}"`);
  };
  return [
    defineRoute({
      method: 'get',
      path: '/api/users/approvers',
      summary: 'Ai duyệt được nội dung: names only, so someone held by the four-eyes rule knows whom to ask',
      tag: 'users',
      access: 'signed-in',
      response: ApproverListSchema,
      handler: () => ({
        approvers: users
          .list()
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
      handler: () => ({ users: users.list().map(publicUser) }),
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
        if (users.findByUsername(ctx.body.username)) {
          throw new HttpProblem(409, 'Tên đăng nhập đã tồn tại', `Đã có người dùng "${ctx.body.username}".`);
        }
        const passwordHash = await hashPassword(ctx.body.password);
        return db.transaction(() => {
          const created = users.create({ ...ctx.body, passwordHash }, new Date());
          audit.append({
            actorId: admin.id,
            actor: admin.username,
            action: 'user.create',
            target: `user:${created.id}`,
            after: publicUser(created),
            remoteAddress: ctx.remoteAddress,
          });
          return publicUser(created);
        })();
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
        const target = findUser(ctx.params.id);
        const { password, ...changes } = ctx.body;
        const losesAdmin = (changes.disabled === true || (changes.roles && !changes.roles.includes('admin'))) && target.roles.includes('admin');
        if (losesAdmin && users.countActiveAdmins() <= 1) {
          throw new HttpProblem(409, 'Không thể bỏ quản trị viên cuối cùng', 'Cần ít nhất một quản trị viên đang hoạt động.');
        }
        const passwordHash = password ? await hashPassword(password) : undefined;
        const updated = db.transaction(() => {
          const after = users.update(target.id, { ...changes, ...(passwordHash ? { passwordHash } : {}) }, new Date());
          audit.append({
            actorId: admin.id,
            actor: admin.username,
            action: 'user.update',
            target: `user:${target.id}`,
            before: publicUser(target),
            after: { ...publicUser(after), ...(password ? { passwordReset: true } : {}) },
            remoteAddress: ctx.remoteAddress,
          });
          return after;
        })();
        if (changes.disabled || changes.roles || password) auth.endAllSessions(target.id);
        return publicUser(updated);
      },
    }),
  ];
}
