import { afterEach, describe, expect, it } from 'vitest';
import {
  type ControlRoute,
  type ControlServer,
  ServiceError,
  startControlServer,
} from '../src/index.js';

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
    server = await startControlServer({ host: '127.0.0.1', port: 0, routes, readOnly });
    return `http://127.0.0.1:${server.port}`;
  };

  it('routes exact and prefix paths and answers JSON or text', async () => {
    const base = await start();
    expect(await (await fetch(`${base}/health`)).json()).toEqual({ ok: true });
    const metrics = await fetch(`${base}/metrics`);
    expect(metrics.headers.get('content-type')).toBe('text/plain; version=0.0.4');
    expect(await metrics.text()).toBe('up 1\n');
    expect(await (await fetch(`${base}/items/a%20b`)).json()).toBe('a b');
    expect((await fetch(`${base}/items/`)).status).toBe(404);
    const echoed = await fetch(`${base}/echo`, { method: 'POST', body: '{"a":1}' });
    expect(await echoed.json()).toEqual({ a: 1 });
  });

  it('answers every failure with a JSON error and keeps serving', async () => {
    const base = await start();
    const wrongMethod = await fetch(`${base}/echo`);
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('POST');
    expect((await fetch(`${base}/nope`, { method: 'DELETE' })).status).toBe(404);
    expect((await fetch(`${base}/items/%E0%A4%A`)).status).toBe(404);
    const refused = await fetch(`${base}/echo`, { method: 'POST', body: '1' });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toEqual({
      code: 'BAD',
      message: 'object',
      details: { field: '$' },
    });
    expect((await fetch(`${base}/echo`, { method: 'POST', body: '{' })).status).toBe(400);
    const big = await fetch(`${base}/echo`, { method: 'POST', body: 'x'.repeat(10_000) });
    expect(big.status).toBe(413);
    const failed = await fetch(`${base}/boom`);
    expect(failed.status).toBe(500);
    expect((await failed.json()).code).toBe('INTERNAL');
    expect((await fetch(`${base}/health`)).status).toBe(200);
  });

  it('a read-only endpoint refuses every method but GET before routing', async () => {
    const base = await start(true);
    const posted = await fetch(`${base}/nope`, { method: 'POST', body: '{}' });
    expect(posted.status).toBe(405);
    expect(posted.headers.get('allow')).toBe('GET');
  });
});
