import { ProblemSchema } from '../../server/protocol/api.js';
import type { z } from 'zod';
import { fieldLabel } from '../../server/protocol/field-labels.js';

/** A failed API call, carrying the server's problem+json title, detail and field errors. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail?: string,
    readonly fieldErrors: { path: string; message: string }[] = [],
  ) {
    super(detail ? `${title}: ${detail}` : title);
  }
}

/** Listeners told when the server says the session is gone, so the shell can show the login page. */
const unauthorisedListeners = new Set<() => void>();
export function onUnauthorised(listener: () => void): () => void {
  unauthorisedListeners.add(listener);
  return () => unauthorisedListeners.delete(listener);
}

/** The one place that talks HTTP to the server: JSON in, schema-checked JSON out, problem+json errors. */
export async function request<S extends z.ZodType>(
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  path: string,
  schema: S,
  body?: unknown,
): Promise<z.infer<S>> {
  const res = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: { Accept: 'application/json', ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const json: unknown = await res.json().catch(() => undefined);
  if (!res.ok) throw failure(res, json, path);
  return schema.parse(json);
}

/** A refused call as an ApiError from its problem+json body; a lost session tells the shell. */
export function failure(res: Response, json: unknown, path: string): ApiError {
  if (res.status === 401 && !path.startsWith('/api/auth/')) unauthorisedListeners.forEach((l) => l());
  const problem = ProblemSchema.safeParse(json);
  return problem.success ? new ApiError(res.status, problem.data.title, problem.data.detail, problem.data.errors) : new ApiError(res.status, `HTTP ${res.status}`);
}

/**
 * A failed call as one sentence for a person: the problem's detail, then each field's label (not
 * its path) and message.
 */
export function describeProblem(err: unknown, locale: 'vi' | 'en' = 'vi'): string {
  if (err instanceof ApiError) return [err.detail ?? err.title, ...err.fieldErrors.map((f) => `${fieldLabel(f.path, locale)}: ${f.message}`)].join(' — ');
  return err instanceof Error ? err.message : String(err);
}
