import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type ControlRoute,
  type ControlServer,
  loadControlToken,
  ServiceError,
  startControlServer,
} from '../src/index.js';

const TOKEN = 'c0ffee'.repeat(8);

/** fetch with the control token and, for a body, the JSON content type. */
function call(url: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (!headers.has('authorization')) headers.set('authorization', `Bearer ${TOKEN}`);
  if (init.body !== undefined && !headers.has('content-type')) {
    headers.set('content-type', 'application/json');
  }
  return fetch(url, { ...init, headers });
}

const routes: ControlRoute[] = [
  { method: 'GET', path: '/health', handle: () => ({ status: 200, json: { ok: true } }) },
  { method: 'GET', path: '/metrics', handle: () => ({ status: 200, text: 'up 1\n' }) },
  {
    method: 'POST',
    path: '/echo',
    handle: async (request) => {
      const body = await request.json();
      if (typeof body !== 'object' || body === null) throw new ServiceError('BAD', '$', 'object');
      return { status: 200, json: body };
    },
  },
  {
    method: 'GET',
    path: '/items/',
    prefix: true,
    handle: ({ rest }) => ({ status: 200, json: rest }),
  },
  {
    method: 'GET',
    path: '/boom',
    handle: () => {
      throw new Error('broken');
    },
  },
];

describe('control server', () => {
  let server: ControlServer | undefined;
  afterEach(async () => server?.close());
  const start = async (readOnly = false) => {
    server = await startControlServer({
      host: '127.0.0.1',
      port: 0,
      token: TOKEN,
      routes,
      readOnly,
    });
    return `http://127.0.0.1:${server.port}`;
  };

  it('routes exact and prefix paths and answers JSON or text', async () => {
    const base = await start();
    expect(await (await call(`${base}/health`)).json()).toEqual({ ok: true });
    const metrics = await call(`${base}/metrics`);
    expect(metrics.headers.get('content-type')).toBe('text/plain; version=0.0.4');
    expect(await metrics.text()).toBe('up 1\n');
    expect(await (await call(`${base}/items/a%20b`)).json()).toBe('a b');
    expect((await call(`${base}/items/`)).status).toBe(404);
    const echoed = await call(`${base}/echo`, { method: 'POST', body: '{"a":1}' });
    expect(await echoed.json()).toEqual({ a: 1 });
  });

  it('answers every failure with a JSON error and keeps serving', async () => {
    const base = await start();
    const wrongMethod = await call(`${base}/echo`);
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('POST');
    expect((await call(`${base}/nope`, { method: 'DELETE' })).status).toBe(404);
    expect((await call(`${base}/items/%E0%A4%A`)).status).toBe(404);
    const refused = await call(`${base}/echo`, { method: 'POST', body: '1' });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toEqual({
      code: 'BAD',
      message: 'object',
      details: { field: '$' },
    });
    expect((await call(`${base}/echo`, { method: 'POST', body: '{' })).status).toBe(400);
    const big = await call(`${base}/echo`, { method: 'POST', body: 'x'.repeat(10_000) });
    expect(big.status).toBe(413);
    const failed = await call(`${base}/boom`);
    expect(failed.status).toBe(500);
    expect((await failed.json()).code).toBe('INTERNAL');
    expect((await call(`${base}/health`)).status).toBe(200);
  });

  it('a read-only endpoint refuses every method but GET before routing', async () => {
    const base = await start(true);
    const posted = await call(`${base}/nope`, { method: 'POST', body: '{}' });
    expect(posted.status).toBe(405);
    expect(posted.headers.get('allow')).toBe('GET');
  });
  it('answers 401 without the bearer token or with another one, before routing', async () => {
    const base = await start();
    for (const path of ['/health', '/metrics', '/echo', '/nope']) {
      const none = await fetch(`${base}${path}`);
      expect(none.status).toBe(401);
      expect(none.headers.get('www-authenticate')).toBe('Bearer');
      expect((await none.json()).code).toBe('TOKEN_REQUIRED');
    }
    const wrong = await call(`${base}/echo`, {
      method: 'POST',
      body: '{"a":1}',
      headers: { authorization: `Bearer ${'0'.repeat(48)}` },
    });
    expect(wrong.status).toBe(401);
    expect((await wrong.json()).code).toBe('TOKEN_INVALID');
    const basic = await call(`${base}/health`, { headers: { authorization: `Basic ${TOKEN}` } });
    expect((await basic.json()).code).toBe('TOKEN_REQUIRED');
  });

  it('answers 415 to a POST body that is not application/json', async () => {
    const base = await start();
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data']) {
      const res = await call(`${base}/echo`, {
        method: 'POST',
        body: '{"a":1}',
        headers: { 'content-type': type },
      });
      expect(res.status).toBe(415);
      expect((await res.json()).code).toBe('UNSUPPORTED_MEDIA_TYPE');
    }
    const charset = await call(`${base}/echo`, {
      method: 'POST',
      body: '{"a":1}',
      headers: { 'content-type': 'application/json; charset=utf-8' },
    });
    expect(await charset.json()).toEqual({ a: 1 });
  });
});

describe('control token', () => {
  const dir = mkdtempSync(join(tmpdir(), 'control-token-'));
  const file = (name: string, text: string, mode: number) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    chmodSync(path, mode);
    return path;
  };
  const code = (f: () => unknown) => {
    try {
      f();
    } catch (error) {
      return (error as ServiceError).code;
    }
    return 'none';
  };

  it('comes from an owner-only file or the environment, exactly one of them', () => {
    expect(loadControlToken(file('ok', `${TOKEN}\n`, 0o600), {})).toBe(TOKEN);
    expect(loadControlToken(undefined, { QCOS_CONTROL_TOKEN: TOKEN })).toBe(TOKEN);
    expect(code(() => loadControlToken(undefined, {}))).toBe('CONTROL_TOKEN_MISSING');
    const both = () => loadControlToken(file('both', TOKEN, 0o600), { QCOS_CONTROL_TOKEN: TOKEN });
    expect(code(both)).toBe('CONTROL_TOKEN_AMBIGUOUS');
    expect(code(() => loadControlToken(file('open', TOKEN, 0o644), {}))).toBe(
      'CONTROL_TOKEN_FILE_MODE',
    );
    expect(code(() => loadControlToken(join(dir, 'absent'), {}))).toBe(
      'CONTROL_TOKEN_FILE_UNREADABLE',
    );
    expect(code(() => loadControlToken(undefined, { QCOS_CONTROL_TOKEN: 'short' }))).toBe(
      'CONTROL_TOKEN_INVALID',
    );
  });
});
