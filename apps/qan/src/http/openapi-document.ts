/**
 * The OpenAPI document the QAN serves at GET /openapi.json, built in-process from the same route
 * table, without a network, state or credentials. docs/api/openapi.json is a copy of it, for
 * readers of the repository; a test fails when the copy drifts. To rewrite the copy:
 *
 *   npx tsx apps/qan/src/http/openapi-document.ts
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { hybridKeyFromSeed } from '@qcos/identity';
import type { QanRouteHandlers } from '@qcos/qan-api';
import { createGenesis, DEFAULT_POLICY } from '@qcos/registry-core';
import { createLogger, createMetricsRegistry } from '@qcos/runtime';
import { QAN_VERSION } from '../api/qan-info.js';
import { NetworkFeed } from '../dashboard/network-feed.js';
import { ApiCredentials } from './api-credentials.js';
import { BrowserSessions } from './browser-sessions.js';
import { httpRoutes } from './routes.js';
import { buildHttpServer } from './server.js';

const REPOSITORY = new URL('../../../../', import.meta.url);

/** Where the repository keeps its copy of the document. */
export const OPENAPI_DOCUMENT_FILE = fileURLToPath(new URL('docs/api/openapi.json', REPOSITORY));

/** Handlers for a server that only describes itself: it never listens, so none is called. */
const UNSERVED = new Proxy({} as QanRouteHandlers, {
  get: () => () => {
    throw new Error('the document server answers no requests');
  },
});

/** A feed over a registry with nothing in it yet: for servers that hold no network. */
export function emptyNetworkFeed(qanId: string, networkId: string): NetworkFeed {
  const genesis = createGenesis({
    networkId,
    anchorPublicKey: hybridKeyFromSeed(new Uint8Array(32)).publicKey,
    policy: DEFAULT_POLICY,
  });
  return new NetworkFeed({
    qanId,
    networkId,
    state: () => genesis,
    nodes: () => [],
    keyPool: async () => ({ stored: 0, announced: 0 }),
    qanConnected: () => false,
    servedBy: () => undefined,
    newestJobs: () => [],
  });
}

/**
 * The dashboard of a server that only describes itself: sessions over `credentials` and a feed
 * over an empty registry, so that its routes are in the document as a QAN serves them.
 */
export function describedDashboard(credentials: ApiCredentials) {
  const feed = emptyNetworkFeed('openapi', 'openapi');
  return {
    sessions: new BrowserSessions(credentials, Date.now),
    dashboard: { feed, now: Date.now },
  };
}

/** The OpenAPI document of the QAN's HTTP API, as its server serves it. */
export async function openApiDocument(): Promise<Record<string, unknown>> {
  const credentials = new ApiCredentials(undefined);
  const { sessions, dashboard } = describedDashboard(credentials);
  const app = await buildHttpServer({
    access: { credentials, anonymousRead: false, sessions },
    dashboard,
    routes: httpRoutes(UNSERVED),
    metrics: createMetricsRegistry('qcos_openapi_'),
    logger: createLogger({ name: 'openapi', level: 'silent' }),
    bodyLimitBytes: 131_072,
    rateLimitMax: 200,
    rateLimitWindowMs: 1_000,
    limits: {
      maxConnections: 1,
      headersTimeoutMs: 10_000,
      requestTimeoutMs: 30_000,
      keepAliveTimeoutMs: 5_000,
    },
    version: QAN_VERSION,
  });
  try {
    await app.ready();
    // A deep copy: the plugin caches the object it hands out.
    return JSON.parse(JSON.stringify(app.swagger())) as Record<string, unknown>;
  } finally {
    await app.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(OPENAPI_DOCUMENT_FILE, `${JSON.stringify(await openApiDocument(), null, 2)}\n`);
  // Formatted as the repository's other JSON, so the linter passes the copy as written.
  const biome = fileURLToPath(new URL('node_modules/.bin/biome', REPOSITORY));
  execFileSync(biome, ['format', '--write', OPENAPI_DOCUMENT_FILE], { stdio: 'inherit' });
  console.log(`wrote ${OPENAPI_DOCUMENT_FILE}`);
}
