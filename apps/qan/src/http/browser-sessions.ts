import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { RouteCaller } from '@qcos/qan-api';
import type { FastifyRequest } from 'fastify';
import { type ApiCredentials, tokenDigest } from './api-credentials.js';
import { ApiError } from './api-error.js';

/** The session cookie's name: HttpOnly, SameSite=Strict, Path=/. */
export const SESSION_COOKIE = 'qcos_session';
/** The header a cookie-authenticated request that changes state must carry its CSRF token in. */
export const CSRF_HEADER = 'x-qcos-csrf';

/** Bounds on browser sessions (QanConfig has no knob: these suit an operator's browser). */
export interface BrowserSessionLimits {
  /** Sessions held at most; signing in beyond it ends the oldest. */
  readonly maxSessions: number;
  /** A session ends this long after sign-in, used or not. */
  readonly ttlMs: number;
}

export const DEFAULT_SESSION_LIMITS: BrowserSessionLimits = {
  maxSessions: 256,
  ttlMs: 8 * 60 * 60 * 1000,
};

interface BrowserSession {
  /** SHA-256 of the token it signed in with: checked again on every use (rotation ends it). */
  readonly tokenDigest: Buffer;
  readonly csrf: Buffer;
  readonly expiresAtMs: number;
}

/** Methods that never change state: a cross-site request with them learns nothing (no CORS). */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const csrfRejected = (message: string) => new ApiError(403, 'CSRF_REJECTED', message);

/**
 * 403 CSRF_REJECTED (with `refusal(origin)` as its message) when the request carries an Origin
 * other than the one it was sent to, as its Host header names it.
 */
export function refuseForeignOrigin(
  request: FastifyRequest,
  refusal: (origin: string) => string,
): void {
  const origin = request.headers.origin;
  if (origin !== undefined && origin !== `${request.protocol}://${request.headers.host ?? ''}`)
    throw csrfRejected(refusal(origin));
}

/**
 * Browser sign-in for the dashboard: a bearer token is exchanged once for an opaque session id
 * in an HttpOnly cookie (EventSource cannot send an Authorization header). A cookie is sent by the
 * browser on requests other sites make too, so a request the cookie authenticates and that is not
 * GET/HEAD must carry the session's CSRF token in `x-qcos-csrf`, and an Origin header, when sent,
 * must be the QAN's own (403 CSRF_REJECTED otherwise). SameSite=Strict alone is not enough: another
 * port of the same host is the same site. The server keeps no token, only its digest, and asks the
 * credentials again on every use, so rotating a token out (SIGHUP) ends its sessions.
 */
export class BrowserSessions {
  private readonly sessions = new Map<string, BrowserSession>();

  constructor(
    private readonly credentials: ApiCredentials,
    private readonly now: () => number,
    private readonly limits: BrowserSessionLimits = DEFAULT_SESSION_LIMITS,
  ) {}

  /** Signs in with a bearer token; 401 TOKEN_INVALID for a token no principal holds. */
  signIn(token: string): { id: string; csrf: string; caller: RouteCaller; expiresAtMs: number } {
    const digest = tokenDigest(token);
    const caller = this.credentials.authenticateDigest(digest);
    if (caller === undefined)
      throw new ApiError(401, 'TOKEN_INVALID', 'the token is not one of this QAN');
    this.sweep();
    if (this.sessions.size >= this.limits.maxSessions) {
      const oldest = this.sessions.keys().next();
      if (!oldest.done) this.sessions.delete(oldest.value);
    }
    const id = randomBytes(32).toString('base64url');
    const csrf = randomBytes(32);
    const expiresAtMs = this.now() + this.limits.ttlMs;
    this.sessions.set(id, { tokenDigest: digest, csrf, expiresAtMs });
    return { id, csrf: csrf.toString('base64url'), caller, expiresAtMs };
  }

  /** Ends a session (sign-out); unknown ids are ignored. */
  end(id: string): void {
    this.sessions.delete(id);
  }

  get size(): number {
    return this.sessions.size;
  }

  /** The session's caller and CSRF token, or undefined when it is unknown, expired or rotated out. */
  lookup(id: string): { caller: RouteCaller; csrf: string } | undefined {
    const found = this.live(id);
    return found === undefined
      ? undefined
      : { caller: found.caller, csrf: found.session.csrf.toString('base64url') };
  }

  /** A session still in force and its caller; one that is not is forgotten. */
  private live(id: string): { session: BrowserSession; caller: RouteCaller } | undefined {
    const session = this.sessions.get(id);
    if (session === undefined) return undefined;
    const caller =
      session.expiresAtMs > this.now()
        ? this.credentials.authenticateDigest(session.tokenDigest)
        : undefined;
    if (caller === undefined) {
      this.sessions.delete(id);
      return undefined;
    }
    return { session, caller };
  }

  /**
   * The caller a session cookie authenticates, with the CSRF rules applied; undefined when the
   * request carries no session cookie (or an unknown one).
   */
  callerOf(request: FastifyRequest): RouteCaller | undefined {
    const id = request.cookies?.[SESSION_COOKIE];
    if (id === undefined) return undefined;
    const found = this.live(id);
    if (found === undefined) return undefined;
    if (!SAFE_METHODS.has(request.method)) this.checkCsrf(request, found.session.csrf);
    return found.caller;
  }

  /** 403 CSRF_REJECTED unless the request carries the session's token and no foreign Origin. */
  private checkCsrf(request: FastifyRequest, csrf: Buffer): void {
    refuseForeignOrigin(
      request,
      (origin) => `a request from ${origin} may not use this QAN's session cookie`,
    );
    const sent = request.headers[CSRF_HEADER];
    const given = typeof sent === 'string' ? Buffer.from(sent, 'base64url') : Buffer.alloc(0);
    if (given.length !== csrf.length || !timingSafeEqual(given, csrf))
      throw csrfRejected(`a request authenticated by the session cookie needs ${CSRF_HEADER}`);
  }

  /** Drops expired sessions (called on sign-in, so the map never holds more than the bound). */
  private sweep(): void {
    const now = this.now();
    for (const [id, s] of this.sessions) if (s.expiresAtMs <= now) this.sessions.delete(id);
  }
}
