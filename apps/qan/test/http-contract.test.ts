import { QAN_ROUTES } from '@qcos/qan-api';
import { createLogger, createMetricsRegistry } from '@qcos/runtime';
import { describe, expect, it } from 'vitest';
import type { QanApi } from '../src/api/qan-api.js';
import { QanError } from '../src/api/qan-error.js';
import { qanRouteHandlers } from '../src/http/route-handlers.js';
import { httpRoutes } from '../src/http/routes.js';
import { buildHttpServer } from '../src/http/server.js';
import { bearer, testAccess } from './api-auth-fixture.js';

const contract = Object.entries(QAN_ROUTES).map(([name, r]) => ({
  name,
  key: `${r.method} ${r.path}`,
}));

const HTTP_LIMITS = {
  maxConnections: 64,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
};
/** An API whose every lookup misses. */
const missingEverything = new Proxy({} as QanApi, {
  get: () => () => {
    throw new QanError('NODE_NOT_FOUND', 'no node x in the registry', { alias: 'x' });
  },
});

async function server() {
  return buildHttpServer({
    access: testAccess(),
    routes: httpRoutes(qanRouteHandlers(missingEverything, 0)),
    metrics: createMetricsRegistry('test_'),
    logger: createLogger({ name: 'test', level: 'silent' }),
    bodyLimitBytes: 4096,
    rateLimitMax: 1000,
    rateLimitWindowMs: 1000,
    limits: HTTP_LIMITS,
    version: '0.0.0',
  });
}

describe('the QAN HTTP routes against the API contract', () => {
  it('has exactly one handler for every contract route, and none besides', () => {
    const handlers = Object.keys(qanRouteHandlers(missingEverything, 0)).sort();
    expect(handlers).toEqual(contract.map((r) => r.name).sort());
    const served = httpRoutes(qanRouteHandlers(missingEverything, 0)).map(
      (r) => `${r.method} ${r.path}`,
    );
    expect(served.sort()).toEqual(contract.map((r) => r.key).sort());
  });

  it('serves every contract route and documents each in the OpenAPI document', async () => {
    const app = await server();
    await app.ready();
    const paths = (app.swagger() as { paths: Record<string, Record<string, unknown>> }).paths;
    for (const [name, route] of Object.entries(QAN_ROUTES)) {
      expect(app.hasRoute({ method: route.method, url: route.path }), name).toBe(true);
      const documented = paths[route.path.replace(/:([A-Za-z_]+)/g, '{$1}')];
      const operation = documented?.[route.method.toLowerCase()] as { security?: unknown };
      expect(operation, name).toBeDefined();
      const security =
        route.access === 'public'
          ? []
          : route.access === 'sae'
            ? [{ mutualTLS: [] }]
            : [{ bearer: [] }, { session: [] }];
      expect(operation.security, name).toEqual(security);
    }
    await app.close();
  });

  it('answers a refused operation with its API error', async () => {
    const app = await server();
    const r = await app.inject({
      method: 'GET',
      url: '/api/v1/nodes/x',
      headers: bearer('reader'),
    });
    expect([r.statusCode, r.json()]).toEqual([
      404,
      { code: 'NODE_NOT_FOUND', message: 'no node x in the registry', details: { alias: 'x' } },
    ]);
    await app.close();
  });
});
