import { createServer, type ServerResponse } from 'node:http';

/** A GET route's answer: a status and a JSON body, or Prometheus text. */
export type ControlAnswer =
  | { readonly status: number; readonly json: unknown }
  | { readonly status: number; readonly text: string };

/** GET routes by exact path or by path prefix (the rest of the path is passed on). */
export interface ControlRoutes {
  readonly exact: Readonly<Record<string, () => ControlAnswer | Promise<ControlAnswer>>>;
  readonly prefix: Readonly<
    Record<string, (rest: string) => ControlAnswer | Promise<ControlAnswer>>
  >;
}

export interface ControlServer {
  readonly port: number;
  close(): Promise<void>;
}

/**
 * The relay's read-only control endpoint (node:http on 127.0.0.1). Only GET;
 * errors are JSON `{code, message, details}`.
 */
export function startControlServer(options: {
  readonly host: string;
  readonly port: number;
  readonly routes: ControlRoutes;
}): Promise<ControlServer> {
  const server = createServer((req, res) => {
    const path = decodeURIComponent((req.url ?? '/').split('?')[0] ?? '/');
    if (req.method !== 'GET') {
      res.setHeader('allow', 'GET');
      return send(res, { status: 405, json: error('METHOD_NOT_ALLOWED', 'only GET') });
    }
    const exact = options.routes.exact[path];
    let answer: ControlAnswer | Promise<ControlAnswer> | undefined = exact?.();
    if (answer === undefined) {
      for (const [prefix, handler] of Object.entries(options.routes.prefix)) {
        if (path.startsWith(prefix) && path.length > prefix.length) {
          answer = handler(path.slice(prefix.length));
          break;
        }
      }
    }
    Promise.resolve(answer ?? { status: 404, json: error('NOT_FOUND', `no route ${path}`) }).then(
      (a) => send(res, a),
      (e: unknown) => send(res, { status: 500, json: error('INTERNAL', String(e)) }),
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

export function error(code: string, message: string, details: Record<string, unknown> = {}) {
  return { code, message, details };
}

function send(res: ServerResponse, answer: ControlAnswer): void {
  if (res.headersSent) return;
  if ('text' in answer) {
    res.writeHead(answer.status, { 'content-type': 'text/plain; version=0.0.4' });
    res.end(answer.text);
    return;
  }
  res.writeHead(answer.status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(answer.json));
}
