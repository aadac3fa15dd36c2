import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { ServiceError } from './service-error.js';

/** Largest control request body read. */
export const MAX_CONTROL_BODY_BYTES = 4096;

/** A route's answer: a status and a JSON body, or Prometheus text. */
export type ControlAnswer =
  | { readonly status: number; readonly json: unknown }
  | { readonly status: number; readonly text: string };

/** What a route handler gets from the request. */
export interface ControlRequest {
  /** For a prefix route, the (decoded) rest of the path after the prefix; otherwise ''. */
  readonly rest: string;
  /**
   * Reads the body as JSON; throws a ServiceError `BODY_TOO_LARGE` (answered 413) past
   * MAX_CONTROL_BODY_BYTES, or `INVALID_JSON` (answered 400).
   */
  json(): Promise<unknown>;
}

/** One entry of a control server's route table. */
export interface ControlRoute {
  readonly method: 'GET' | 'POST';
  /** The exact path, or with `prefix` the start of a longer path. */
  readonly path: string;
  readonly prefix?: boolean;
  handle(request: ControlRequest): ControlAnswer | Promise<ControlAnswer>;
}

export interface ControlServerOptions {
  readonly host: string;
  readonly port: number;
  /**
   * The bearer token every request must carry (`authorization: Bearer <token>`); see
   * loadControlToken. Requests without it, or with another, are answered 401.
   */
  readonly token: string;
  /** Exact routes win over prefix routes; among prefix routes the first listed wins. */
  readonly routes: readonly ControlRoute[];
  /** A read-only endpoint answers 405 to every method but GET, whatever the path. */
  readonly readOnly?: boolean;
}

export interface ControlServer {
  readonly port: number;
  close(): Promise<void>;
}

/** The JSON error body every control endpoint answers with. */
export function controlError(code: string, message: string, details: Record<string, unknown> = {}) {
  return { code, message, details };
}

/**
 * A service's control endpoint: a tiny node:http server (meant for 127.0.0.1) over a route
 * table. Every request must carry the bearer token (401 `TOKEN_REQUIRED` / `TOKEN_INVALID`
 * otherwise, before any routing); a POST body must be `application/json` (415
 * `UNSUPPORTED_MEDIA_TYPE` otherwise, so a cross-site form or `text/plain` fetch is refused).
 * Errors are JSON `{code, message, details}`: 404 for an unknown path, 405 with `allow` for a
 * wrong method, 400/413 for a refused body, 500 for a handler that failed. Nothing a client
 * sends can crash the service.
 */
export function startControlServer(options: ControlServerOptions): Promise<ControlServer> {
  const expected = digest(options.token);
  const server = createServer((req, res) => {
    const refused = authenticate(req, expected);
    const answered = refused === undefined ? answer(req, options) : Promise.resolve(refused);
    answered.then(
      (a) => send(res, a),
      (error: unknown) => send(res, { status: 500, json: controlError('INTERNAL', String(error)) }),
    );
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      const address = server.address();
      resolve({
        port: typeof address === 'object' && address !== null ? address.port : options.port,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}

type Answer = ControlAnswer & { readonly allow?: string; readonly authenticate?: boolean };

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/** undefined when the request carries the token; else the 401 answer (compared in constant time). */
function authenticate(req: IncomingMessage, expected: Buffer): Answer | undefined {
  const header = req.headers.authorization;
  const match = header === undefined ? null : /^Bearer +(\S+) *$/i.exec(header);
  if (match === null) {
    const json = controlError('TOKEN_REQUIRED', 'send authorization: Bearer <control token>');
    return { status: 401, authenticate: true, json };
  }
  if (!timingSafeEqual(digest(match[1]!), expected)) {
    const json = controlError('TOKEN_INVALID', "the control token is not this service's");
    return { status: 401, authenticate: true, json };
  }
  return undefined;
}

/** True for `application/json`, with or without parameters (`; charset=utf-8`). */
function isJsonBody(req: IncomingMessage): boolean {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  return type === 'application/json';
}

async function answer(req: IncomingMessage, options: ControlServerOptions): Promise<Answer> {
  if (options.readOnly === true && req.method !== 'GET') {
    return { status: 405, allow: 'GET', json: controlError('METHOD_NOT_ALLOWED', 'only GET') };
  }
  const raw = (req.url ?? '/').split('?')[0] ?? '/';
  const path = decodePath(raw);
  const match = path === undefined ? undefined : findRoute(options.routes, path);
  if (match === undefined) {
    return { status: 404, json: controlError('NOT_FOUND', `no route ${path ?? raw}`) };
  }
  const { route, rest } = match;
  if (req.method !== route.method) {
    const json = controlError('METHOD_NOT_ALLOWED', `use ${route.method}`);
    return { status: 405, allow: route.method, json };
  }
  if (req.method === 'POST' && !isJsonBody(req)) {
    const json = controlError('UNSUPPORTED_MEDIA_TYPE', 'the body must be application/json', {
      contentType: req.headers['content-type'] ?? null,
    });
    return { status: 415, json };
  }
  try {
    return await route.handle({ rest, json: () => readJson(req) });
  } catch (error) {
    if (!(error instanceof ServiceError)) throw error;
    return {
      status: error.code === 'BODY_TOO_LARGE' ? 413 : 400,
      json: controlError(error.code, error.message, { field: error.field }),
    };
  }
}

/** A malformed percent-escape matches no route (rather than throwing out of the server). */
function decodePath(raw: string): string | undefined {
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}

function findRoute(
  routes: readonly ControlRoute[],
  path: string,
): { route: ControlRoute; rest: string } | undefined {
  const exact = routes.find((r) => r.prefix !== true && r.path === path);
  if (exact !== undefined) return { route: exact, rest: '' };
  const prefixed = routes.find(
    (r) => r.prefix === true && path.startsWith(r.path) && path.length > r.path.length,
  );
  return prefixed && { route: prefixed, rest: path.slice(prefixed.path.length) };
}

function send(res: ServerResponse, answer: Answer): void {
  if (res.headersSent) return;
  if (answer.allow !== undefined) res.setHeader('allow', answer.allow);
  if (answer.authenticate === true) res.setHeader('www-authenticate', 'Bearer');
  if ('text' in answer) {
    res.writeHead(answer.status, { 'content-type': 'text/plain; version=0.0.4' });
    res.end(answer.text);
    return;
  }
  res.writeHead(answer.status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(answer.json));
}

function readJson(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > MAX_CONTROL_BODY_BYTES) {
        failed = true;
        const message = `body exceeds ${MAX_CONTROL_BODY_BYTES} bytes`;
        reject(new ServiceError('BODY_TOO_LARGE', '$', message));
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (failed) return;
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch {
        reject(new ServiceError('INVALID_JSON', '$', 'body is not valid JSON'));
      }
    });
    req.on('error', reject);
  });
}
