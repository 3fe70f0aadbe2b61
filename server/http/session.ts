import type { IncomingMessage } from 'node:http';
import type { Request, RequestHandler, Response } from 'express';
import type { AuthService, Principal } from '../auth/auth-service.js';
import { SESSION_IDLE_MS } from '../auth/auth-service.js';

export const SESSION_COOKIE = 'pano_session';

declare module 'express-serve-static-core' {
  interface Request {
    principal?: Principal;
  }
}

/** Reads one cookie from the raw header; works for Express requests and WS upgrade requests alike. */
export function readCookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() !== name) continue;
    try {
      return decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      // A malformed value ("%") is no session; throwing here would crash an upgrade handler.
      return undefined;
    }
  }
  return undefined;
}

/** HttpOnly (no script can read it), SameSite=Strict (no other site can send it), Secure behind TLS. */
export function setSessionCookie(req: Request, res: Response, sessionId: string): void {
  res.cookie(SESSION_COOKIE, sessionId, {
    httpOnly: true,
    sameSite: 'strict',
    secure: req.secure,
    path: '/',
    maxAge: SESSION_IDLE_MS,
  });
}

export function clearSessionCookie(req: Request, res: Response): void {
  res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/' });
}

export function sessionMiddleware(auth: AuthService): RequestHandler {
  // Express 5 passes a rejected promise to the error handler (a database that fails answers 500).
  return async (req, _res, next) => {
    const principal = await auth.authenticate(readCookie(req, SESSION_COOKIE));
    if (principal) req.principal = principal;
    next();
  };
}
