import type { TLSSocket } from 'node:tls';
import type { RouteAccess, RouteCaller } from '@qcos/qan-api';
import type { FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import { type ApiCredentials, permits } from './api-credentials.js';
import { ApiError } from './api-error.js';
import type { BrowserSessions } from './browser-sessions.js';

/** The caller of a public route, or of a reader route when anonymous reads are on. */
export const ANONYMOUS: RouteCaller = { name: 'anonymous', roles: [] };

/** The OID of the clientAuth extended key usage (RFC 5280 §4.2.1.12). */
const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';
const REALM = 'Bearer realm="qcos-qan"';

const callers = new WeakMap<FastifyRequest, RouteCaller>();

/** Who made the request, as its route's guard established it. */
export function callerOf(request: FastifyRequest): RouteCaller {
  return callers.get(request) ?? ANONYMOUS;
}

/** Who may use the plain HTTP listener: the token principals, and whether reads are anonymous. */
export interface AccessPolicy {
  readonly credentials: ApiCredentials;
  /** Reader routes answer without a token (QanConfig `anonymousRead`; off by default). */
  readonly anonymousRead: boolean;
  /** The dashboard's browser sessions: a session cookie stands for its token (CSRF rules apply). */
  readonly sessions?: BrowserSessions;
}

/** The refusal of a key route on the plain listener: SAEs authenticate only by certificate. */
export function clientCertificateRequired(reason: string): ApiError {
  return new ApiError(401, 'CLIENT_CERTIFICATE_REQUIRED', reason);
}

/**
 * The caller a bearer token names, or without an Authorization header the caller a browser
 * session cookie stands for; 401 TOKEN_REQUIRED / TOKEN_INVALID otherwise.
 */
function bearerCaller(request: FastifyRequest, policy: AccessPolicy): RouteCaller {
  const header = request.headers.authorization;
  const session = header === undefined ? policy.sessions?.callerOf(request) : undefined;
  if (session !== undefined) return session;
  const match = header === undefined ? null : /^Bearer +(\S+) *$/i.exec(header);
  if (match === null) {
    throw new ApiError(
      401,
      'TOKEN_REQUIRED',
      'send authorization: Bearer <token>',
      {},
      {
        'www-authenticate': REALM,
      },
    );
  }
  const caller = policy.credentials.authenticate(match[1] as string);
  if (caller === undefined) {
    throw new ApiError(
      401,
      'TOKEN_INVALID',
      'the token is not one of this QAN',
      {},
      {
        'www-authenticate': `${REALM}, error="invalid_token"`,
      },
    );
  }
  return caller;
}

/**
 * The onRequest hook of a route on the plain listener: it runs before the body is read or
 * validated, so an anonymous request learns nothing but 401. `sae` routes are refused outright
 * here: key delivery is served only on the mutually authenticated TLS listener.
 */
export function bearerGuard(access: RouteAccess, policy: AccessPolicy): onRequestAsyncHookHandler {
  return async (request, reply) => {
    if (access === 'public' || (access === 'reader' && policy.anonymousRead)) return;
    if (access === 'sae') {
      const refused = clientCertificateRequired(
        'key delivery is served on the ETSI 014 listener, to SAEs with a client certificate',
      );
      // Answered here, in the key routes' own (ETSI) error format.
      return reply.status(401).send(refused.toEtsiBody());
    }
    const caller = bearerCaller(request, policy);
    if (!permits(access, caller.roles)) {
      throw new ApiError(403, 'ACCESS_DENIED', `this route needs the ${access} role`, {
        required: access,
        roles: caller.roles,
      });
    }
    callers.set(request, caller);
  };
}

/**
 * The onRequest hook of a key route on the ETSI 014 listener: the caller is the SAE whose
 * certificate the TLS handshake verified against the SAE CA, named by the certificate's subject
 * CN (never by a header or the path). A certificate without clientAuth usage is refused.
 */
export const saeGuard: onRequestAsyncHookHandler = async (request) => {
  const socket = request.raw.socket as TLSSocket;
  if (typeof socket.getPeerCertificate !== 'function' || !socket.authorized) {
    throw clientCertificateRequired('a client certificate issued by the SAE CA is required');
  }
  const cert = socket.getPeerCertificate();
  const cn = cert.subject?.CN;
  if (typeof cn !== 'string' || !(cert.ext_key_usage ?? []).includes(CLIENT_AUTH)) {
    throw clientCertificateRequired('the certificate names no SAE (one subject CN, clientAuth)');
  }
  callers.set(request, { name: cn, roles: ['sae'] });
};
