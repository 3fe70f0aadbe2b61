import type { Request, Response, Router } from 'express';
import { z } from 'zod';
import { HttpProblem, validationProblem } from './problem.js';
import { ProblemSchema } from '../protocol/api.js';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface RouteContext<B> {
  req: Request;
  res: Response;
  body: B;
  params: Record<string, string>;
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
      let body: unknown = undefined;
      if (route.body) {
        const parsed = route.body.safeParse(req.body);
        if (!parsed.success) throw validationProblem(parsed.error, 'body');
        body = parsed.data;
      }
      const result = await route.handler({ req, res, body, params: req.params as Record<string, string> });
      if (res.headersSent) return;
      res.status(route.status ?? 200).json(result);
    });
  }
}

export function assertFound<T>(value: T | undefined | null, what: string): T {
  if (value === undefined || value === null) throw new HttpProblem(404, 'Không tìm thấy', `Không tìm thấy ${what}.`);
  return value;
}

const PROBLEM_TITLES: Record<number, string> = {
  400: 'Bad request (problem+json)',
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
    for (const code of r.problems ?? []) {
      responses[String(code)] = { description: PROBLEM_TITLES[code] ?? 'Problem', content: problem };
    }
    paths[path] = {
      ...paths[path],
      [r.method]: {
        summary: r.summary,
        tags: [r.tag],
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
    components: { schemas: { Problem: z.toJSONSchema(ProblemSchema) } },
  };
}
