import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { createMetricsRegistry } from '@qcos/runtime';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import type { QanApi } from '../src/api/qan-api.js';
import type { NetworkFeed } from '../src/dashboard/network-feed.js';
import { ApiCredentials } from '../src/http/api-credentials.js';
import { BrowserSessions, CSRF_HEADER, SESSION_COOKIE } from '../src/http/browser-sessions.js';
import { qanRouteHandlers } from '../src/http/route-handlers.js';
import { httpRoutes } from '../src/http/routes.js';
import { buildHttpServer } from '../src/http/server.js';
import { TEST_PRINCIPALS, writeTestCredentials } from './api-auth-fixture.js';
import { testServerOptions } from './http-server-fixture.js';

const HOST = 'qan.test:8400';
const OWN_ORIGIN = `http://${HOST}`;

/** An API whose reads answer and whose job submission is never reached in these tests. */
const api = {
  height: () => 7,
  listNodes: () => [],
  submitJob: () => {
    throw new Error('a refused request must not reach the API');
  },
} as unknown as QanApi;

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

/** An in-process QAN HTTP server with browser sessions on a clock the test moves. */
async function server(limits = { maxSessions: 256, ttlMs: 60_000 }) {
  const file = writeTestCredentials();
  const credentials = new ApiCredentials(file);
  const clock = { now: 1_000_000 };
  const sessions = new BrowserSessions(credentials, () => clock.now, limits);
  app = await buildHttpServer({
    routes: httpRoutes(qanRouteHandlers(api, 0)),
    metrics: createMetricsRegistry('test_'),
    ...testServerOptions(),
    version: '0.0.0',
    access: { credentials, anonymousRead: false, sessions },
    dashboard: { feed: { close: () => {} } as unknown as NetworkFeed, now: () => clock.now },
  });
  return { app, clock, file, credentials, sessions };
}

type Role = keyof typeof TEST_PRINCIPALS;

/** Signs in as `who`; resolves with the session cookie and the CSRF token. */
async function signIn(server: FastifyInstance, who: Role = 'operator') {
  const r = await server.inject({
    method: 'POST',
    url: '/ui/api/session',
    headers: { host: HOST, origin: OWN_ORIGIN },
    payload: { token: TEST_PRINCIPALS[who].token },
  });
  expect(r.statusCode).toBe(200);
  const cookie = r.cookies.find((c) => c.name === SESSION_COOKIE);
  return { cookie: `${SESSION_COOKIE}=${cookie?.value}`, csrf: r.json().csrfToken as string, r };
}

const postJob = (server: FastifyInstance, headers: Record<string, string>) =>
  server.inject({
    method: 'POST',
    url: '/api/v1/jobs',
    headers: { host: HOST, ...headers },
    payload: {},
  });

describe('dashboard sign-in', () => {
  it('sets an HttpOnly, SameSite=Strict session cookie and answers who signed in', async () => {
    const { app } = await server();
    const { r } = await signIn(app);
    const cookie = r.cookies.find((c) => c.name === SESSION_COOKIE);
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/', maxAge: 60 });
    expect(cookie?.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(r.json()).toMatchObject({ name: 'ops', roles: ['operator'], expiresAtMs: 1_060_000 });
    expect(r.json().csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('refuses a token no principal holds (TOKEN_INVALID) and a body without one (VALIDATION_FAILED)', async () => {
    const { app } = await server();
    const bad = await app.inject({
      method: 'POST',
      url: '/ui/api/session',
      payload: { token: 'not-a-token' },
    });
    expect(bad.json()).toMatchObject({
      code: 'TOKEN_INVALID',
      message: 'the token is not one of this QAN',
    });
    expect(bad.statusCode).toBe(401);
    expect(bad.cookies).toEqual([]);
    const none = await app.inject({ method: 'POST', url: '/ui/api/session', payload: {} });
    expect([none.statusCode, none.json().code]).toEqual([400, 'VALIDATION_FAILED']);
  });

  it('refuses a sign-in posted from another origin (login CSRF)', async () => {
    const { app } = await server();
    const r = await app.inject({
      method: 'POST',
      url: '/ui/api/session',
      headers: { host: HOST, origin: 'http://qan.test:9999' },
      payload: { token: TEST_PRINCIPALS.operator.token },
    });
    expect([r.statusCode, r.json().code]).toEqual([403, 'CSRF_REJECTED']);
    expect(r.cookies).toEqual([]);
  });

  it('answers GET session with the caller and its CSRF token, 401 without a session', async () => {
    const { app } = await server();
    const { cookie, csrf } = await signIn(app, 'reader');
    const me = await app.inject({ method: 'GET', url: '/ui/api/session', headers: { cookie } });
    expect(me.json()).toEqual({ name: 'auditor', roles: ['reader'], csrfToken: csrf });
    const anonymous = await app.inject({ method: 'GET', url: '/ui/api/session' });
    expect([anonymous.statusCode, anonymous.json().code]).toEqual([401, 'TOKEN_REQUIRED']);
  });
});

describe('the session cookie on API routes', () => {
  it('authenticates reads without a CSRF token', async () => {
    const { app } = await server();
    const { cookie } = await signIn(app, 'reader');
    const r = await app.inject({ method: 'GET', url: '/api/v1/nodes', headers: { cookie } });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ height: 7, nodes: [] });
  });

  it('refuses a state-changing request without the CSRF token, with a wrong one, or from another origin', async () => {
    const { app } = await server();
    const { cookie, csrf } = await signIn(app);
    const cases: Array<[string, Record<string, string>]> = [
      ['no token', { cookie }],
      [
        'wrong token',
        { cookie, [CSRF_HEADER]: csrf.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')) },
      ],
      ['short token', { cookie, [CSRF_HEADER]: 'abc' }],
      ['foreign origin', { cookie, [CSRF_HEADER]: csrf, origin: 'http://127.0.0.1:5555' }],
    ];
    const messages: string[] = [];
    for (const [label, headers] of cases) {
      const r = await postJob(app, headers);
      expect([label, r.statusCode, r.json().code]).toEqual([label, 403, 'CSRF_REJECTED']);
      messages.push(r.json().message);
    }
    expect(messages.slice(2)).toEqual([
      'a request authenticated by the session cookie needs x-qcos-csrf',
      "a request from http://127.0.0.1:5555 may not use this QAN's session cookie",
    ]);
  });

  it('lets a request with the CSRF token from its own origin through to the route', async () => {
    const { app } = await server();
    const { cookie, csrf } = await signIn(app);
    const r = await postJob(app, { cookie, [CSRF_HEADER]: csrf, origin: OWN_ORIGIN });
    // Past the guard: the empty body is the route's own schema failure.
    expect([r.statusCode, r.json().code]).toEqual([400, 'VALIDATION_FAILED']);
  });

  it("keeps the principal's roles: a reader's session may not submit jobs (ACCESS_DENIED)", async () => {
    const { app } = await server();
    const { cookie, csrf } = await signIn(app, 'reader');
    const r = await postJob(app, { cookie, [CSRF_HEADER]: csrf });
    expect([r.statusCode, r.json().code]).toEqual([403, 'ACCESS_DENIED']);
  });

  it('never falls back to the cookie when an Authorization header is sent', async () => {
    const { app } = await server();
    const { cookie } = await signIn(app);
    const r = await app.inject({
      method: 'GET',
      url: '/api/v1/nodes',
      headers: { cookie, authorization: 'Bearer wrong' },
    });
    expect([r.statusCode, r.json().code]).toEqual([401, 'TOKEN_INVALID']);
  });

  it('ends a session at its expiry and when its token is rotated out', async () => {
    const { app, clock, file, credentials } = await server();
    const reader = await signIn(app, 'reader');
    const operator = await signIn(app, 'operator');
    const nodes = (cookie: string) =>
      app.inject({ method: 'GET', url: '/api/v1/nodes', headers: { cookie } });
    // The operator's token leaves the credentials file (SIGHUP reload): its session goes with it.
    const keep = [TEST_PRINCIPALS.reader].map((p) => ({
      name: p.name,
      roles: p.roles,
      tokenSha256: createHash('sha256').update(p.token).digest('hex'),
    }));
    writeFileSync(file, JSON.stringify({ principals: keep }), { mode: 0o600 });
    credentials.reload();
    expect((await nodes(operator.cookie)).json().code).toBe('TOKEN_REQUIRED');
    expect((await nodes(reader.cookie)).statusCode).toBe(200);
    clock.now += 60_000;
    expect((await nodes(reader.cookie)).json().code).toBe('TOKEN_REQUIRED');
  });

  it('answers an unknown session cookie as no credential at all (TOKEN_REQUIRED)', async () => {
    const { app } = await server();
    const r = await app.inject({
      method: 'GET',
      url: '/api/v1/nodes',
      headers: { cookie: `${SESSION_COOKIE}=${'A'.repeat(43)}` },
    });
    expect([r.statusCode, r.json().code]).toEqual([401, 'TOKEN_REQUIRED']);
  });

  it('forgets expired and rotated-out sessions: they no longer count against the bound', async () => {
    const { app, clock, sessions } = await server({ maxSessions: 256, ttlMs: 60_000 });
    const first = await signIn(app, 'reader');
    clock.now += 60_000;
    // The expired session is dropped when it is next used, and by the next sign-in.
    expect(
      (await app.inject({ method: 'GET', url: '/api/v1/nodes', headers: { cookie: first.cookie } }))
        .statusCode,
    ).toBe(401);
    expect(sessions.size).toBe(0);
    await signIn(app, 'reader');
    await signIn(app, 'reader');
    clock.now += 60_000;
    await signIn(app, 'operator');
    expect(sessions.size).toBe(1);
  });

  it('holds at most maxSessions: signing in beyond it ends the oldest', async () => {
    const { app, sessions } = await server({ maxSessions: 2, ttlMs: 60_000 });
    const first = await signIn(app, 'reader');
    await signIn(app, 'reader');
    const third = await signIn(app, 'reader');
    expect(sessions.size).toBe(2);
    const read = (cookie: string) =>
      app.inject({ method: 'GET', url: '/api/v1/nodes', headers: { cookie } });
    expect((await read(first.cookie)).statusCode).toBe(401);
    expect((await read(third.cookie)).statusCode).toBe(200);
  });
});

describe('sign-out', () => {
  it('needs the CSRF token, then ends the session and clears the cookie', async () => {
    const { app, sessions } = await server();
    const { cookie, csrf } = await signIn(app);
    const forged = await app.inject({
      method: 'POST',
      url: '/ui/api/session/end',
      headers: { cookie },
    });
    expect([forged.statusCode, forged.json().code]).toEqual([403, 'CSRF_REJECTED']);
    expect(sessions.size).toBe(1);
    const out = await app.inject({
      method: 'POST',
      url: '/ui/api/session/end',
      headers: { cookie, [CSRF_HEADER]: csrf },
    });
    expect(out.json()).toEqual({ signedOut: true });
    expect(out.cookies.find((c) => c.name === SESSION_COOKIE)?.value).toBe('');
    expect(sessions.size).toBe(0);
    const after = await app.inject({ method: 'GET', url: '/api/v1/nodes', headers: { cookie } });
    expect(after.statusCode).toBe(401);
  });
});

describe('the dashboard files', () => {
  it('serves the page under /ui/ with a strict content security policy and no framing', async () => {
    const { app } = await server();
    const redirect = await app.inject({ method: 'GET', url: '/ui' });
    expect([redirect.statusCode, redirect.headers.location]).toEqual([302, '/ui/']);
    const page = await app.inject({ method: 'GET', url: '/ui/' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body).toMatch(/<div id="app"><\/div>/);
    expect(page.headers['content-security-policy']).toMatch(
      /default-src 'none'; script-src 'self'/,
    );
    expect(page.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
    expect(page.headers['x-frame-options']).toBe('DENY');
  });
});
