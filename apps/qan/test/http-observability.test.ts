import { createMetricsRegistry, type Registry } from '@qcos/runtime';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { QanError } from '../src/api/qan-error.js';
import { ApiError } from '../src/http/api-error.js';
import { buildHttpServer, createApiServer } from '../src/http/server.js';
import { testAccess } from './api-auth-fixture.js';
import { TEST_SERVER_LIMITS } from './http-server-fixture.js';
import { recordingLogger } from './recording-logger.js';

const OPTIONS = TEST_SERVER_LIMITS;
const WARN = 40;
const ERROR = 50;

/** A server with the API's error handling and routes that fail in each way the API can. */
async function failingServer() {
  const { logger, lines } = recordingLogger();
  const app = await createApiServer({ ...OPTIONS, logger }, 'api');
  app.get('/pools/:sae/keys', () => {
    throw new QanError('KEYS_EXHAUSTED', 'the pool of sae-1 is short', { slave_SAE_ID: 'sae-1' });
  });
  app.get('/nodes/:alias', () => {
    throw new ApiError(404, 'NODE_NOT_FOUND', 'no node x');
  });
  app.get('/runs/:id', () => {
    throw new ApiError(502, 'CONTRACT_RUN_FAILED', 'a participant failed');
  });
  app.get('/crash', () => {
    throw new Error('disk on fire');
  });
  await app.ready();
  return { app, lines };
}

describe('the API error log', () => {
  let app: FastifyInstance | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('logs a 503 KEYS_EXHAUSTED at warn with its code and route, and no stack', async () => {
    const server = await failingServer();
    app = server.app;
    const r = await app.inject({ method: 'GET', url: '/pools/sae-1/keys' });
    expect([r.statusCode, r.json().code]).toEqual([503, 'KEYS_EXHAUSTED']);
    const refused = server.lines.filter((l) => l['msg'] === 'request refused');
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({
      level: WARN,
      code: 'KEYS_EXHAUSTED',
      status: 503,
      method: 'GET',
      route: '/pools/:sae/keys',
    });
    expect(JSON.stringify(server.lines)).not.toContain('stack');
    expect(server.lines.filter((l) => (l['level'] as number) >= ERROR)).toEqual([]);
  });

  it('logs 4xx refusals and deliberate 5xx ones at warn, an unmatched path as route unmatched', async () => {
    const server = await failingServer();
    app = server.app;
    await app.inject({ method: 'GET', url: '/nodes/x' });
    await app.inject({ method: 'GET', url: '/runs/7' });
    await app.inject({ method: 'GET', url: '/no/such/route' });
    const refused = server.lines
      .filter((l) => l['msg'] === 'request refused')
      .map((l) => [l['level'], l['code'], l['status'], l['route']]);
    expect(refused).toEqual([
      [WARN, 'NODE_NOT_FOUND', 404, '/nodes/:alias'],
      [WARN, 'CONTRACT_RUN_FAILED', 502, '/runs/:id'],
      [WARN, 'ROUTE_NOT_FOUND', 404, 'unmatched'],
    ]);
    expect(JSON.stringify(server.lines)).not.toContain('stack');
  });

  it('logs an unexpected failure at error with its stack, and answers INTERNAL only', async () => {
    const server = await failingServer();
    app = server.app;
    const r = await app.inject({ method: 'GET', url: '/crash' });
    expect([r.statusCode, r.json()]).toEqual([
      500,
      { code: 'INTERNAL', message: 'internal error', details: {} },
    ]);
    const failed = server.lines.filter((l) => l['msg'] === 'request failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ level: ERROR, route: '/crash', method: 'GET' });
    const err = failed[0]?.['err'] as { message: string; stack: string };
    expect(err.message).toBe('disk on fire');
    expect(err.stack).toContain('disk on fire');
    expect(server.lines.filter((l) => l['msg'] === 'request refused')).toEqual([]);
  });
});

describe('the HTTP request metrics', () => {
  let app: FastifyInstance | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  async function apiServer(registry: Registry) {
    const { logger } = recordingLogger();
    const server = await buildHttpServer({
      ...OPTIONS,
      logger,
      routes: [],
      metrics: registry,
      version: '0.0.0',
      access: testAccess(true),
    });
    await server.ready();
    return server;
  }

  it('counts and times each answer by method, route pattern and status', async () => {
    const registry = createMetricsRegistry('qcos_test_');
    app = await apiServer(registry);
    await app.inject({ method: 'GET', url: '/metrics' });
    await app.inject({ method: 'GET', url: '/metrics?x=1' });
    await app.inject({ method: 'GET', url: '/secret-path-alpha' });
    await app.inject({ method: 'PROPFIND', url: '/secret-path-bravo' });
    const counted = (await registry.getSingleMetric('qcos_qan_http_requests_total')?.get())?.values;
    expect(counted?.map((v) => [v.labels, v.value])).toEqual([
      [{ method: 'GET', route: '/metrics', status: '200' }, 2],
      [{ method: 'GET', route: 'unmatched', status: '404' }, 1],
      [{ method: 'OTHER', route: 'unmatched', status: '404' }, 1],
    ]);
    const text = await registry.metrics();
    expect(text).toContain(
      'qcos_qan_http_request_duration_seconds_count{method="GET",route="/metrics"} 2',
    );
    // The raw paths must never become label values. The probe is a word, not a number, so
    // that a process gauge value cannot contain it by chance.
    expect(text).not.toContain('secret-path');
    expect(text).not.toContain('alpha');
    expect(text).not.toContain('bravo');
  });

  it('shares the metrics of one registry between two servers', async () => {
    const registry = createMetricsRegistry('qcos_test_');
    const first = await apiServer(registry);
    app = await apiServer(registry);
    await first.inject({ method: 'GET', url: '/metrics' });
    await app.inject({ method: 'GET', url: '/metrics' });
    await first.close();
    const counted = (await registry.getSingleMetric('qcos_qan_http_requests_total')?.get())?.values;
    expect(counted?.map((v) => v.value)).toEqual([2]);
  });
});
