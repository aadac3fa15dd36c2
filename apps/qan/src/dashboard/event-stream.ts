import type { ServerResponse } from 'node:http';
import type { NetworkEventName, NetworkEvents, RouteCaller } from '@qcos/qan-api';
import type { FastifyInstance, onRequestAsyncHookHandler } from 'fastify';
import { callerOf } from '../http/access-guard.js';
import { ApiError } from '../http/api-error.js';
import { EVENTS_SCHEMA } from './dashboard-schemas.js';
import type { FeedSubscriber, NetworkFeed } from './network-feed.js';

/** Bounds on the event stream: watchers in all, per principal, and bytes queued for a slow one. */
export interface EventStreamLimits {
  readonly maxWatchers: number;
  readonly maxWatchersPerPrincipal: number;
  /** A watcher whose socket has more than this queued is too slow and is ended. */
  readonly maxQueuedBytes: number;
  /** A comment line this often keeps proxies from closing a quiet stream. */
  readonly keepAliveMs: number;
}

export const DEFAULT_EVENT_STREAM_LIMITS: EventStreamLimits = {
  maxWatchers: 64,
  maxWatchersPerPrincipal: 8,
  maxQueuedBytes: 1 << 20,
  keepAliveMs: 15_000,
};

export const EVENTS_PATH = '/api/v1/events';

/** One SSE frame (the data is one line of JSON, so it needs no splitting). */
function frame(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** A watcher on a raw response: a write that leaves too much queued says the watcher is too slow. */
function responseSubscriber(
  raw: ServerResponse,
  caller: RouteCaller,
  maxQueuedBytes: number,
): FeedSubscriber {
  return {
    caller,
    send<E extends NetworkEventName>(event: E, data: NetworkEvents[E]): boolean {
      if (raw.destroyed) return false;
      raw.write(frame(event, data));
      return raw.writableLength <= maxQueuedBytes;
    },
    close: () => raw.end(),
  };
}

/** 503 when the QAN has all the watchers it serves, 429 when this principal has its share. */
function admit(feedWatchers: number, mine: number, limits: EventStreamLimits): void {
  if (feedWatchers >= limits.maxWatchers)
    throw new ApiError(503, 'EVENTS_BUSY', `this QAN serves ${limits.maxWatchers} event streams`, {
      limit: limits.maxWatchers,
    });
  if (mine >= limits.maxWatchersPerPrincipal)
    throw new ApiError(
      429,
      'EVENTS_BUSY',
      `at most ${limits.maxWatchersPerPrincipal} event streams per principal`,
      { limit: limits.maxWatchersPerPrincipal },
    );
}

/**
 * GET /api/v1/events (reader role, bearer token or the dashboard's session cookie): the network
 * feed as Server-Sent Events. Bounded: watchers in all and per principal, and bytes queued for a
 * slow watcher (which is then ended). The streams end before the server stops listening.
 */
export function serveEventStream(
  app: FastifyInstance,
  feed: NetworkFeed,
  guard: onRequestAsyncHookHandler,
  limits: EventStreamLimits = DEFAULT_EVENT_STREAM_LIMITS,
): void {
  const perPrincipal = new Map<string, number>();
  app.addHook('preClose', async () => feed.close());
  app.get(EVENTS_PATH, { schema: EVENTS_SCHEMA, onRequest: guard }, async (request, reply) => {
    const caller = callerOf(request);
    const mine = perPrincipal.get(caller.name) ?? 0;
    admit(feed.watchers, mine, limits);
    perPrincipal.set(caller.name, mine + 1);
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    });
    const subscriber = responseSubscriber(raw, caller, limits.maxQueuedBytes);
    const keepAlive = setInterval(() => raw.write(': keep-alive\n\n'), limits.keepAliveMs);
    raw.on('close', () => {
      clearInterval(keepAlive);
      feed.unsubscribe(subscriber);
      const left = (perPrincipal.get(caller.name) ?? 1) - 1;
      if (left > 0) perPrincipal.set(caller.name, left);
      else perPrincipal.delete(caller.name);
    });
    await feed.subscribe(subscriber);
  });
}
