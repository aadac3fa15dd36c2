import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { ApiError } from '../http/api-error.js';
import {
  type BrowserSessions,
  CSRF_HEADER,
  refuseForeignOrigin,
  SESSION_COOKIE,
} from '../http/browser-sessions.js';
import { SESSION_SCHEMA, SIGN_IN_SCHEMA, SIGN_OUT_SCHEMA } from './dashboard-schemas.js';

export const SESSION_PATH = '/ui/api/session';

/**
 * The dashboard page may load only its own scripts and styles, talk only to this QAN, and not be
 * framed (clickjacking).
 */
const UI_HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

/** The built dashboard (apps/dashboard's dist), or undefined when it was not built. */
export function dashboardDir(): string | undefined {
  try {
    const manifest = createRequire(import.meta.url).resolve('@qcos/dashboard/package.json');
    const dir = join(dirname(manifest), 'dist');
    return existsSync(join(dir, 'index.html')) ? dir : undefined;
  } catch {
    return undefined;
  }
}

/** A session's answer: who signed in and the CSRF token its state-changing requests carry. */
function sessionBody(found: { caller: { name: string; roles: readonly string[] }; csrf: string }) {
  return { name: found.caller.name, roles: found.caller.roles, csrfToken: found.csrf };
}

function setSessionCookie(reply: FastifyReply, id: string, maxAgeMs: number, secure: boolean) {
  void reply.setCookie(SESSION_COOKIE, id, {
    httpOnly: true,
    sameSite: 'strict',
    path: '/',
    secure,
    maxAge: Math.floor(maxAgeMs / 1000),
  });
}

/**
 * The dashboard's sign-in: POST {token} → a session cookie and the CSRF token (public: the token
 * is the credential); GET → the session's caller and CSRF token (401 SESSION_REQUIRED without
 * one); POST …/end signs out (the cookie session with its CSRF token).
 */
function serveSessions(app: FastifyInstance, sessions: BrowserSessions, now: () => number): void {
  app.post(SESSION_PATH, { schema: SIGN_IN_SCHEMA }, async (request, reply) => {
    // Sign-in must come from the QAN's own page: a foreign Origin would be a login CSRF.
    refuseForeignOrigin(request, (origin) => `sign-in from ${origin} is refused`);
    const { token } = request.body as { token: string };
    const signed = sessions.signIn(token);
    setSessionCookie(reply, signed.id, signed.expiresAtMs - now(), request.protocol === 'https');
    return { ...sessionBody(signed), expiresAtMs: signed.expiresAtMs };
  });
  app.get(SESSION_PATH, { schema: SESSION_SCHEMA }, async (request) => {
    const id = request.cookies[SESSION_COOKIE];
    const found = id === undefined ? undefined : sessions.lookup(id);
    if (found === undefined) throw new ApiError(401, 'TOKEN_REQUIRED', 'not signed in');
    return sessionBody(found);
  });
  app.post(`${SESSION_PATH}/end`, { schema: SIGN_OUT_SCHEMA }, async (request, reply) => {
    const id = request.cookies[SESSION_COOKIE];
    // The cookie authenticates this request, so it is held to the CSRF rules like any other.
    if (id === undefined || sessions.callerOf(request) === undefined)
      throw new ApiError(401, 'TOKEN_REQUIRED', 'not signed in');
    sessions.end(id);
    void reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { signedOut: true };
  });
}

/** The built page under /ui/ with its security headers; 404 UI_NOT_BUILT when it was not built. */
async function serveDashboardFiles(app: FastifyInstance, dir: string | undefined): Promise<void> {
  app.get('/ui', { schema: { hide: true } }, (_request, reply) => reply.redirect('/ui/'));
  if (dir === undefined) {
    app.get('/ui/*', { schema: { hide: true } }, () => {
      throw new ApiError(404, 'UI_NOT_BUILT', 'the dashboard was not built (pnpm build)');
    });
    return;
  }
  await app.register(fastifyStatic, {
    root: dir,
    prefix: '/ui/',
    schemaHide: true,
    setHeaders: (reply) => {
      void reply.headers(UI_HEADERS);
    },
  });
}

/** The dashboard: its files and its sign-in (the server parses cookies already). */
export async function serveDashboard(
  app: FastifyInstance,
  sessions: BrowserSessions,
  now: () => number,
): Promise<void> {
  serveSessions(app, sessions, now);
  await serveDashboardFiles(app, dashboardDir());
}

export { CSRF_HEADER };
