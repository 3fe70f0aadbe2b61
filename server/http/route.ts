import type { Request, Response, Router } from 'express';
import { z } from 'zod';
import { HttpProblem, validationProblem } from './problem.js';
import { ProblemSchema } from '../protocol/api.js';
import type { Role } from '../protocol/auth.js';
import { hasAnyRole, type Principal } from '../auth/auth-service.js';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** Who may call a route: anyone, any signed-in user, or a user holding one of the roles. */
export type Access = 'public' | 'signed-in' | readonly Role[];

export interface RouteContext<B> {
  req: Request;
  res: Response;
  body: B;
  params: Record<string, string>;
  /** Present on every route whose access is not 'public'. */
  principal: Principal | undefined;
  remoteAddress: string;
}

/** The signed-in principal of a non-public route. */
export function signedIn(ctx: RouteContext<unknown>): Principal {
  if (!ctx.principal) throw new HttpProblem(401, 'Chưa đăng nhập');
  return ctx.principal;
}

/**
 * One HTTP route, described once: Express mounts it, zod validates its body, and the OpenAPI
 * document is generated from the same description, so the contract cannot drift from the code.
 */
export interface RouteSpec<B extends z.ZodType = z.ZodType, R extends z.ZodType = z.ZodType> {
  method: Method;
  path: string;
  summary: string;
  tag: string;
  /** Required on every route, so a new route cannot forget its authorisation. */
  access: Access;
  body?: B;
  response: R;
  status?: number;
  /** Errors this route may answer with, for the OpenAPI document. */
  problems?: number[];
  handler: (ctx: RouteContext<z.infer<B>>) => z.infer<R> | Promise<z.infer<R>>;
}

export function defineRoute<B extends z.ZodType, R extends z.ZodType>(spec: RouteSpec<B, R>): RouteSpec {
  return spec as unknown as RouteSpec;
}

export function mountRoutes(router: Router, routes: RouteSpec[]): void {
  for (const route of routes) {
    router[route.method](route.path, async (req, res) => {
      authorise(route.access, req.principal);
      let body: unknown = undefined;
      if (route.body) {
        if (hasBody(req) && !req.is('application/json')) {
          throw new HttpProblem(415, 'Kiểu nội dung không được hỗ trợ', 'Nội dung gửi lên phải là JSON (Content-Type: application/json).');
        }
        const parsed = route.body.safeParse(req.body);
        if (!parsed.success) throw validationProblem(parsed.error, 'body');
        body = parsed.data;
      }
      const result = await route.handler({
        req,
        res,
        body,
        params: req.params as Record<string, string>,
        principal: req.principal,
        // req.ip honours "trust proxy": behind a reverse proxy the client's address, not the proxy's.
        remoteAddress: req.ip ?? req.socket.remoteAddress ?? '',
      });
      if (res.headersSent) return;
      res.status(route.status ?? 200).json(result);
    });
  }
}

/** A request that carries bytes, whatever their type (a length, or a chunked body). */
function hasBody(req: Request): boolean {
  return req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
}

function authorise(access: Access, principal: Principal | undefined): void {
  if (access === 'public') return;
  if (!principal) throw new HttpProblem(401, 'Chưa đăng nhập', 'Hãy đăng nhập để tiếp tục.');
  if (access !== 'signed-in' && !hasAnyRole(principal.user, access)) {
    throw new HttpProblem(403, 'Không có quyền', `Cần một trong các vai trò: ${access.join(', ')}.`);
  }
}

export function assertFound<T>(value: T | undefined | null, what: string): T {
  if (value === undefined || value === null) throw new HttpProblem(404, 'Không tìm thấy', `Không tìm thấy ${what}.`);
  return value;
}

const PROBLEM_TITLES: Record<number, string> = {
  400: 'Bad request (problem+json)',
  401: 'Not signed in (problem+json)',
  403: 'Forbidden (problem+json)',
  404: 'Not found (problem+json)',
  413: 'Payload too large (problem+json)',
  429: 'Too many requests (problem+json)',
};

/** OpenAPI 3.1 document generated from the route specs' zod schemas. */
export function buildOpenApi(routes: RouteSpec[], info: { title: string; version: string }): object {
  const paths: Record<string, Record<string, unknown>> = {};
  const problem = { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } };
  for (const r of routes) {
    const path = r.path.replace(/:(\w+)/g, '{$1}');
    const params = [...r.path.matchAll(/:(\w+)/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    const responses: Record<string, unknown> = {
      [String(r.status ?? 200)]: {
        description: 'OK',
        content: { 'application/json': { schema: z.toJSONSchema(r.response, { io: 'output', unrepresentable: 'any' }) } },
      },
    };
    const codes = new Set([...(r.body ? [400] : []), ...(r.access === 'public' ? [] : r.access === 'signed-in' ? [401] : [401, 403]), ...(r.problems ?? [])]);
    for (const code of [...codes].sort()) {
      responses[String(code)] = { description: PROBLEM_TITLES[code] ?? 'Problem', content: problem };
    }
    paths[path] = {
      ...paths[path],
      [r.method]: {
        summary: r.summary,
        tags: [r.tag],
        ...(r.access === 'public' ? { security: [] } : {}),
        ...(Array.isArray(r.access) ? { 'x-roles': r.access } : {}),
        ...(params.length ? { parameters: params } : {}),
        ...(r.body
          ? {
              requestBody: {
                required: true,
                content: { 'application/json': { schema: z.toJSONSchema(r.body, { io: 'input', unrepresentable: 'any' }) } },
              },
            }
          : {}),
        responses,
      },
    };
  }
  return {
    openapi: '3.1.0',
    info,
    paths,
    security: [{ sessionCookie: [] }],
    components: {
      schemas: { Problem: z.toJSONSchema(ProblemSchema) },
      securitySchemes: { sessionCookie: { type: 'apiKey', in: 'cookie', name: 'pano_session' } },
    },
  };
}
