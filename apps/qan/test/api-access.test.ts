import { QAN_ROUTES, type RouteContract } from '@qcos/qan-api';
import { createMetricsRegistry } from '@qcos/runtime';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import type { QanApi } from '../src/api/qan-api.js';
import { QanError } from '../src/api/qan-error.js';
import type { AccessPolicy } from '../src/http/access-guard.js';
import { qanRouteHandlers } from '../src/http/route-handlers.js';
import { type HttpRoute, httpRoutes } from '../src/http/routes.js';
import { buildHttpServer } from '../src/http/server.js';
import { bearer, type TestPrincipal, testAccess } from './api-auth-fixture.js';
import { testServerOptions } from './http-server-fixture.js';

/** An API that counts every call it gets; each lookup misses (404 NODE_NOT_FOUND). */
function countingApi() {
  const calls: string[] = [];
  const api = new Proxy({} as QanApi, {
    get: (_t, name: string) => () => {
      calls.push(name);
      if (name === 'height') return 0;
      throw new QanError('NODE_NOT_FOUND', 'no node x in the registry', { alias: 'x' });
    },
  });
  return { api, calls };
}

/**
 * 200 for a request its route's guard let through (whatever the handler or the schemas then
 * answered: NODE_NOT_FOUND, or 400 for the made-up parameters), else the guard's 401 or 403.
 */
const passed = (r: { statusCode: number }) =>
  r.statusCode === 401 || r.statusCode === 403 ? r.statusCode : 200;

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function server(access: AccessPolicy, routes?: HttpRoute[]) {
  const { api, calls } = countingApi();
  app = await buildHttpServer({
    routes: routes ?? httpRoutes(qanRouteHandlers(api, 0)),
    metrics: createMetricsRegistry('test_'),
    ...testServerOptions(),
    version: '0.0.0',
    access,
  });
  return { app, calls };
}

/** A request to a route with made-up path parameters and a valid-looking body. */
function requestOf(route: RouteContract, headers: Record<string, string> = {}) {
  const url = route.path.replace(/:([A-Za-z_]+)/g, 'x');
  return route.method === 'POST'
    ? { method: route.method, url, headers, payload: { uri: 'q://rigel/run', program: 'x' } }
    : { method: route.method, url, headers };
}

const routes: [string, RouteContract][] = Object.entries(QAN_ROUTES);
const HIDDEN = ['/metrics', '/openapi.json', '/docs'];

describe('HTTP API access control (default deny)', () => {
  it('answers an anonymous request to every non-public route 401 with the exact code, calling nothing', async () => {
    const { app, calls } = await server(testAccess());
    for (const [name, route] of routes) {
      const r = await app.inject(requestOf(route));
      if (route.access === 'public') {
        expect(r.statusCode, name).toBe(200);
      } else if (route.access === 'sae') {
        expect([r.statusCode, r.json().details], name).toEqual([
          401,
          [{ code: 'CLIENT_CERTIFICATE_REQUIRED' }],
        ]);
      } else {
        expect([r.statusCode, r.json().code], name).toEqual([401, 'TOKEN_REQUIRED']);
        expect(r.headers['www-authenticate'], name).toBe('Bearer realm="qcos-qan"');
      }
    }
    for (const url of HIDDEN) {
      const r = await app.inject({ method: 'GET', url });
      expect([r.statusCode, r.json().code], url).toEqual([401, 'TOKEN_REQUIRED']);
    }
    expect(calls).toEqual(['height']); // /api/health only
  });

  it('answers a token no principal holds 401 TOKEN_INVALID', async () => {
    const { app, calls } = await server(testAccess());
    const r = await app.inject({
      method: 'POST',
      url: '/api/v1/jobs',
      headers: { authorization: `Bearer ${'9'.repeat(43)}` },
      payload: { uri: 'q://rigel/run', program: 'x' },
    });
    expect([r.statusCode, r.json().code]).toEqual([401, 'TOKEN_INVALID']);
    expect(r.headers['www-authenticate']).toBe('Bearer realm="qcos-qan", error="invalid_token"');
    expect(calls).toEqual([]);
  });

  it('lets each role call exactly the routes of its level', async () => {
    const { app } = await server(testAccess());
    const expected: Record<TestPrincipal, Record<string, number>> = {
      reader: { reader: 200, client: 403 },
      client: { reader: 200, client: 200 },
      operator: { reader: 200, client: 200 },
      otherClient: { reader: 200, client: 200 },
    };
    for (const who of Object.keys(expected) as TestPrincipal[]) {
      for (const [name, route] of routes) {
        if (route.access !== 'reader' && route.access !== 'client') continue;
        const r = await app.inject(requestOf(route, bearer(who)));
        const status = expected[who][route.access];
        expect([name, who, passed(r)]).toEqual([name, who, status]);
        if (status === 403) expect(r.json().code).toBe('ACCESS_DENIED');
      }
    }
  });

  it('serves reader routes anonymously only when anonymous reads are on; never client routes', async () => {
    const { app } = await server(testAccess(true));
    expect(passed(await app.inject({ method: 'GET', url: '/api/v1/nodes' }))).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(200);
    const submit = await app.inject(requestOf(QAN_ROUTES.submitJob));
    expect([submit.statusCode, submit.json().code]).toEqual([401, 'TOKEN_REQUIRED']);
  });

  it('an operator route needs the operator role', async () => {
    const operatorRoute: HttpRoute = {
      name: 'operatorAction',
      method: 'POST',
      path: '/api/v1/operator/test',
      status: 200,
      access: 'operator',
      schema: {},
      handler: () => ({ done: true }),
    };
    const { app } = await server(testAccess(true), [operatorRoute]);
    const call = (who?: TestPrincipal) =>
      app.inject({
        method: 'POST',
        url: operatorRoute.path,
        headers: who === undefined ? {} : bearer(who),
        payload: {},
      });
    expect((await call()).json().code).toBe('TOKEN_REQUIRED');
    for (const who of ['reader', 'client'] as const) {
      const r = await call(who);
      expect([r.statusCode, r.json()]).toEqual([
        403,
        {
          code: 'ACCESS_DENIED',
          message: 'this route needs the operator role',
          details: { required: 'operator', roles: [who] },
        },
      ]);
    }
    expect((await call('operator')).json()).toEqual({ done: true });
  });

  it('refuses to serve a route that declares no access level', async () => {
    const undeclared = { ...httpRoutes(countingApi().api as never)[0], access: undefined };
    const error = await server(testAccess(), [undeclared as unknown as HttpRoute]).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'ROUTE_ACCESS_MISSING' });
  });
});
