import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { AgentError } from './errors.js';
import { type FaultPatch, type FaultState, parseFaultPatch } from './faults.js';

/** Largest control request body accepted. */
export const MAX_CONTROL_BODY_BYTES = 4096;

export interface ControlHandlers {
  /** The GET /health document. */
  health(): unknown;
  /** Applies a validated patch; returns the faults now in force. */
  setFaults(patch: FaultPatch): FaultState;
  /** Prometheus text exposition for GET /metrics. */
  metrics?(): Promise<string>;
}

export interface ControlServer {
  readonly port: number;
  close(): Promise<void>;
}

/**
 * The agent's control endpoint (a tiny HTTP server meant for 127.0.0.1):
 * `GET /health`, `GET /metrics` and `POST /faults {"eavesdropper":0.5}` etc. Errors are JSON
 * `{code, message, details}` with a 4xx status; nothing a client sends can
 * crash the agent.
 */
export function startControlServer(options: {
  readonly host: string;
  readonly port: number;
  readonly handlers: ControlHandlers;
}): Promise<ControlServer> {
  const server = createServer((req, res) => {
    handle(req, res, options.handlers).catch((error: unknown) => {
      send(res, 500, { code: 'INTERNAL', message: String(error), details: {} });
    });
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

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  handlers: ControlHandlers,
): Promise<void> {
  const path = (req.url ?? '/').split('?')[0];
  if (path === '/health') {
    if (req.method !== 'GET') return methodNotAllowed(res, 'GET');
    return send(res, 200, handlers.health());
  }
  if (path === '/metrics' && handlers.metrics !== undefined) {
    if (req.method !== 'GET') return methodNotAllowed(res, 'GET');
    const text = await handlers.metrics();
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
    res.end(text);
    return;
  }
  if (path === '/faults') {
    if (req.method !== 'POST') return methodNotAllowed(res, 'POST');
    try {
      const patch = parseFaultPatch(await readJson(req));
      return send(res, 200, { faults: handlers.setFaults(patch) });
    } catch (error) {
      if (!(error instanceof AgentError)) throw error;
      const status = error.code === 'BODY_TOO_LARGE' ? 413 : 400;
      return send(res, status, {
        code: error.code,
        message: error.message,
        details: { field: error.field },
      });
    }
  }
  send(res, 404, { code: 'NOT_FOUND', message: `no route ${path}`, details: {} });
}

function methodNotAllowed(res: ServerResponse, allow: string): void {
  res.setHeader('allow', allow);
  send(res, 405, { code: 'METHOD_NOT_ALLOWED', message: `use ${allow}`, details: {} });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
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
        reject(
          new AgentError('BODY_TOO_LARGE', '$', `body exceeds ${MAX_CONTROL_BODY_BYTES} bytes`),
        );
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
        reject(new AgentError('INVALID_JSON', '$', 'body is not valid JSON'));
      }
    });
    req.on('error', reject);
  });
}
