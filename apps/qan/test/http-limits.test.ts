import { connect, type Socket } from 'node:net';
import { createLogger, createMetricsRegistry } from '@qcos/runtime';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import type { QanApi } from '../src/api/qan-api.js';
import { qanRouteHandlers } from '../src/http/route-handlers.js';
import { httpRoutes } from '../src/http/routes.js';
import { buildHttpServer, type HttpConnectionLimits } from '../src/http/server.js';
import { authedFetch, bearer, testAccess } from './api-auth-fixture.js';

const LIMITS: HttpConnectionLimits = {
  maxConnections: 64,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
};

/** An API whose every operation fails: these tests need only the server's own behaviour. */
const noApi = new Proxy({} as QanApi, {
  get: () => () => {
    throw new Error('not used');
  },
});

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function listening(
  limits: Partial<HttpConnectionLimits>,
  rateLimitMax = 1_000,
  bodyLimitBytes = 4096,
): Promise<number> {
  app = await buildHttpServer({
    access: testAccess(),
    routes: httpRoutes(qanRouteHandlers(noApi, 0)),
    metrics: createMetricsRegistry('test_'),
    logger: createLogger({ name: 'test', level: 'silent' }),
    bodyLimitBytes,
    rateLimitMax,
    rateLimitWindowMs: 60_000,
    limits: { ...LIMITS, ...limits },
    version: '0.0.0',
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  return (app.server.address() as { port: number }).port;
}

interface RawClient {
  readonly socket: Socket;
  /** Everything the server sent so far. */
  received(): string;
  /** Resolves when the server (or the client) closes the socket. */
  readonly closed: Promise<void>;
}

/** A raw TCP client, connected. */
async function rawClient(port: number): Promise<RawClient> {
  const socket = connect(port, '127.0.0.1');
  let data = '';
  socket.on('data', (chunk) => {
    data += chunk.toString('latin1');
  });
  socket.on('error', () => {});
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  return { socket, received: () => data, closed };
}

const GET_METRICS = `GET /metrics HTTP/1.1\r\nHost: qan\r\nAuthorization: ${bearer('reader').authorization}\r\n`;

describe('HTTP connection limits', () => {
  it('closes connections beyond the cap at once and keeps serving those within it', async () => {
    const port = await listening({ maxConnections: 3 });
    const held = [await rawClient(port), await rawClient(port), await rawClient(port)];
    const extra = await rawClient(port);
    await extra.closed;
    expect(extra.received()).toBe('');
    const first = held[0] as RawClient;
    first.socket.write(`${GET_METRICS}Connection: close\r\n\r\n`);
    await first.closed;
    expect(first.received()).toMatch(/^HTTP\/1\.1 200 /);
    for (const c of held) c.socket.destroy();
  });

  it('cuts off a client that does not finish its request head (408)', async () => {
    const port = await listening({ headersTimeoutMs: 200, requestTimeoutMs: 1_000 });
    const slow = await rawClient(port);
    slow.socket.write(GET_METRICS);
    await slow.closed;
    expect(slow.received()).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('closes an idle keep-alive connection', async () => {
    const port = await listening({ keepAliveTimeoutMs: 100 });
    const idle = await rawClient(port);
    idle.socket.write(`${GET_METRICS}\r\n`);
    await idle.closed;
    expect(idle.received()).toMatch(/^HTTP\/1\.1 200 /);
  });

  it('rate-limits /metrics like every other route: 429 RATE_LIMITED', async () => {
    const port = await listening({}, 2);
    const url = `http://127.0.0.1:${port}/metrics`;
    expect((await authedFetch(url)).status).toBe(200);
    expect((await authedFetch(url)).status).toBe(200);
    const limited = await authedFetch(url);
    expect(limited.status).toBe(429);
    expect(((await limited.json()) as { code: string }).code).toBe('RATE_LIMITED');
  });

  it('refuses a program longer than 32 768 characters with 400 VALIDATION_FAILED', async () => {
    const port = await listening({}, 1_000, 131_072);
    const submit = (program: string) =>
      authedFetch(`http://127.0.0.1:${port}/api/v1/jobs`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ uri: 'q://rigel/run', program }),
      });
    const tooLong = await submit('x'.repeat(32_769));
    expect(tooLong.status).toBe(400);
    const body = (await tooLong.json()) as { code: string; details: { problems: unknown[] } };
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(body.details.problems).toEqual([
      { field: 'body/program', message: 'must NOT have more than 32768 characters' },
    ]);
    // At the limit the request passes validation and reaches the (failing) handler.
    const atLimit = await submit('x'.repeat(32_768));
    expect([atLimit.status, ((await atLimit.json()) as { code: string }).code]).toEqual([
      500,
      'INTERNAL',
    ]);
  });
});
