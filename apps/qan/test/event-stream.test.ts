import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { serveEventStream } from '../src/dashboard/event-stream.js';
import { bearerGuard } from '../src/http/access-guard.js';
import { emptyNetworkFeed } from '../src/http/openapi-document.js';
import { createApiServer } from '../src/http/server.js';
import { TEST_PRINCIPALS, testAccess } from './api-auth-fixture.js';
import { testServerOptions } from './http-server-fixture.js';

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

/** A listening server with only the event stream, over a feed of an empty registry. */
async function eventServer(limits = { maxWatchers: 3, maxWatchersPerPrincipal: 2 }) {
  const feed = emptyNetworkFeed('q-test', 'test');
  app = await createApiServer(testServerOptions(), 'api');
  serveEventStream(app, feed, bearerGuard('reader', testAccess()), {
    ...limits,
    maxQueuedBytes: 1 << 20,
    keepAliveMs: 60_000,
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}/api/v1/events`;
  return { app, url, feed };
}

type Who = keyof typeof TEST_PRINCIPALS;

/** Opens a stream as `who`; resolves with the response once its head arrived. */
function open(url: string, who: Who, signal?: AbortSignal) {
  return fetch(url, {
    headers: { authorization: `Bearer ${TEST_PRINCIPALS[who].token}` },
    ...(signal === undefined ? {} : { signal }),
  });
}

/** Reads a stream until `count` events arrived; resolves with their names and data. */
async function readEvents(response: Response, count: number) {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  const events: Array<{ event: string; data: unknown }> = [];
  while (events.length < count) {
    const { value, done } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
    let end = text.indexOf('\n\n');
    while (end !== -1) {
      const frame = text.slice(0, end);
      text = text.slice(end + 2);
      const event = /^event: (.+)$/m.exec(frame)?.[1];
      const data = /^data: (.+)$/m.exec(frame)?.[1];
      if (event !== undefined && data !== undefined) events.push({ event, data: JSON.parse(data) });
      end = text.indexOf('\n\n');
    }
  }
  reader.releaseLock();
  return events;
}

describe('GET /api/v1/events', () => {
  it('streams text/event-stream, starting with who is watching and the snapshots', async () => {
    const { url } = await eventServer();
    const controller = new AbortController();
    const response = await open(url, 'operator', controller.signal);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-store');
    const events = await readEvents(response, 6);
    expect(events.map((e) => e.event)).toEqual([
      'hello',
      'timeline',
      'nodes',
      'cluster',
      'jobs',
      'contracts',
    ]);
    expect(events[0]?.data).toEqual({
      qanId: 'q-test',
      networkId: 'test',
      caller: { name: 'ops', roles: ['operator'] },
    });
    controller.abort();
  });

  it('refuses a caller without a token (TOKEN_REQUIRED) before any stream opens', async () => {
    const { url, feed } = await eventServer();
    const response = await fetch(url);
    expect(response.status).toBe(401);
    expect((await response.json()).code).toBe('TOKEN_REQUIRED');
    expect(feed.watchers).toBe(0);
  });

  it('bounds the streams per principal (429) and in all (503), and frees a slot when one ends', async () => {
    const { url, feed } = await eventServer();
    const controllers = [new AbortController(), new AbortController(), new AbortController()];
    const first = await open(url, 'reader', controllers[0]?.signal);
    await readEvents(first, 1);
    const second = await open(url, 'reader', controllers[1]?.signal);
    await readEvents(second, 1);
    const third = await open(url, 'reader');
    expect([third.status, (await third.json()).code]).toEqual([429, 'EVENTS_BUSY']);
    const other = await open(url, 'operator', controllers[2]?.signal);
    await readEvents(other, 1);
    const full = await open(url, 'client');
    expect([full.status, (await full.json()).code]).toEqual([503, 'EVENTS_BUSY']);
    expect(feed.watchers).toBe(3);
    controllers[0]?.abort();
    await expect.poll(() => feed.watchers).toBe(2);
    const again = await open(url, 'reader');
    expect(again.status).toBe(200);
    await again.body?.cancel();
    for (const c of controllers) c.abort();
  });

  it('ends open streams when the server closes, so a stop never waits on a watcher', async () => {
    const { app: server, url, feed } = await eventServer();
    const response = await open(url, 'reader');
    await readEvents(response, 1);
    await server.close();
    app = undefined;
    expect(feed.watchers).toBe(0);
    // The stream ends (done) rather than hanging open.
    const reader = response.body!.getReader();
    let done = false;
    while (!done) done = (await reader.read()).done;
    expect(done).toBe(true);
  });
});
