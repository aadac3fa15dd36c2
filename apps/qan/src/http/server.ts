import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import {
  API_SCHEMAS,
  DASHBOARD_TAG,
  QAN_API_INFO,
  QAN_API_SERVERS,
  QAN_API_TAGS,
  QAN_SECURITY_SCHEMES,
  withReachableSchemas,
} from '@qcos/qan-api';
import type { Logger, Registry } from '@qcos/runtime';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyHttpsOptions,
  type FastifyInstance,
  LogController,
} from 'fastify';
import { serveDashboard } from '../dashboard/dashboard-routes.js';
import { serveEventStream } from '../dashboard/event-stream.js';
import type { NetworkFeed } from '../dashboard/network-feed.js';
import { type AccessPolicy, bearerGuard } from './access-guard.js';
import { ApiError } from './api-error.js';
import { errorHandler, etsiErrorHandler } from './error-handler.js';
import { observeRequests } from './request-metrics.js';
import { type HttpRoute, registerRoutes } from './routes.js';

/** What every listener of the API shares: limits, logger, schemas. */
export interface ApiServerOptions {
  readonly logger: Logger;
  readonly bodyLimitBytes: number;
  readonly rateLimitMax: number;
  readonly rateLimitWindowMs: number;
  readonly limits: HttpConnectionLimits;
}

export interface HttpServerOptions extends ApiServerOptions {
  readonly routes: readonly HttpRoute[];
  readonly metrics: Registry;
  readonly version: string;
  /** Who may call what (bearer tokens, anonymous reads, the dashboard's sessions). */
  readonly access: AccessPolicy;
  /** The dashboard at /ui/ and its event stream (the sessions are `access.sessions`). */
  readonly dashboard?: { readonly feed: NetworkFeed; readonly now: () => number };
}

/** Bounds on the sockets of the HTTP API (QanConfig `httpMaxConnections`, `http*TimeoutMs`). */
export interface HttpConnectionLimits {
  /** Open sockets at most; the server closes any accepted beyond them. */
  readonly maxConnections: number;
  /** A client must have sent the whole request head within this (capped at `requestTimeoutMs`). */
  readonly headersTimeoutMs: number;
  /** A client must have sent the whole request within this. */
  readonly requestTimeoutMs: number;
  /** An idle keep-alive socket is closed after this. */
  readonly keepAliveTimeoutMs: number;
}

/** Charsets a JSON body may declare: JSON is UTF-8 (RFC 8259). */
const JSON_CHARSETS = new Set(['utf-8', 'utf8']);

/** The charset a content-type header declares, lower-cased, if any. */
function declaredCharset(contentType: string | undefined): string | undefined {
  const match = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(contentType ?? '');
  return match?.[1]?.toLowerCase();
}

/** Refuses bodies in a content type or charset the API does not parse (415). */
function refuseUnparsedBodies(app: FastifyInstance): void {
  // Only JSON is parsed: without this, fastify's own text/plain parser hands strings to routes.
  app.removeContentTypeParser('text/plain');
  app.addHook('preParsing', async (request, _reply, payload) => {
    const charset = declaredCharset(request.headers['content-type']);
    if (charset !== undefined && !JSON_CHARSETS.has(charset)) {
      throw new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', `charset ${charset} is not supported`);
    }
    return payload;
  });
}

/** How often the server looks for sockets past their header or request deadline. */
function checkingIntervalMs(limits: HttpConnectionLimits): number {
  return Math.max(10, Math.min(1_000, Math.floor(limits.headersTimeoutMs / 4)));
}

/**
 * A fastify server with the API's limits, schemas, 415 rules, rate limit and error bodies
 * (`etsi`: ETSI GS QKD 014 error bodies, for the key delivery listener). `https` makes it a TLS
 * server. No routes yet.
 */
export async function createApiServer(
  options: ApiServerOptions,
  errors: 'api' | 'etsi',
  https?: FastifyHttpsOptions<never>['https'],
): Promise<FastifyInstance> {
  const { limits } = options;
  const handler = errors === 'api' ? errorHandler : etsiErrorHandler;
  const sockets = {
    headersTimeout: Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs),
    connectionsCheckingInterval: checkingIntervalMs(limits),
  };
  const app = Fastify({
    loggerInstance: options.logger.child({ component: 'http' }) as unknown as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: options.bodyLimitBytes,
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    // An https server takes the socket limits with its TLS options (fastify ignores `http` then);
    // a TLS handshake must finish within the header deadline too.
    ...(https === undefined
      ? { http: sockets }
      : { https: { ...https, ...sockets, handshakeTimeout: sockets.headersTimeout } }),
    // A path that does not decode (`%ff`) gets the API's error body, not fastify's.
    frameworkErrors: handler,
    // Route params and queries are validated by schema; unknown body fields are errors, not dropped.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: true } },
  }) as unknown as FastifyInstance;
  // The contract's schemas (schemas/api) validate requests, shape responses and make up the
  // OpenAPI document's components.
  app.server.maxConnections = limits.maxConnections;
  for (const schema of API_SCHEMAS) app.addSchema(schema);
  app.setErrorHandler(handler);
  refuseUnparsedBodies(app);
  app.setNotFoundHandler((request) => {
    throw new ApiError(404, 'ROUTE_NOT_FOUND', `no route ${request.method} ${request.url}`);
  });
  await app.register(rateLimit, {
    global: true,
    max: options.rateLimitMax,
    timeWindow: options.rateLimitWindowMs,
    errorResponseBuilder: (_request, context) =>
      new ApiError(
        429,
        'RATE_LIMITED',
        `rate limit of ${context.max} requests per ${context.after} exceeded`,
        { max: context.max, retryAfter: context.after },
      ),
  });
  return app;
}

/**
 * The OpenAPI document at /openapi.json and Swagger UI at /docs, both for readers. Its texts,
 * tags, servers and security schemes come from @qcos/qan-api; docs/api/openapi.json is a copy.
 */
async function serveOpenApi(app: FastifyInstance, options: HttpServerOptions): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { ...QAN_API_INFO, version: options.version },
      servers: [...QAN_API_SERVERS],
      tags: [...QAN_API_TAGS, ...(options.dashboard === undefined ? [] : [DASHBOARD_TAG])],
      components: {
        // openapi-types knows no OpenAPI 3.1 `mutualTLS` scheme; the document carries it as given.
        securitySchemes: QAN_SECURITY_SCHEMES as unknown as Record<
          string,
          { type: 'http'; scheme: string }
        >,
      },
    },
    refResolver: {
      buildLocalReference: (json, _base, _fragment, i) => String(json['$id'] ?? `def-${i}`),
    },
    transformObject: (document) =>
      'openapiObject' in document
        ? withReachableSchemas(document.openapiObject)
        : document.swaggerObject,
  });
  const reader = bearerGuard('reader', options.access);
  await app.register(swaggerUi, { routePrefix: '/docs', uiHooks: { onRequest: reader } });
  app.get('/openapi.json', { schema: { hide: true }, onRequest: reader }, () => app.swagger());
}

/** Builds the QAN's HTTP API (not yet listening): every route behind its bearer-token guard. */
export async function buildHttpServer(options: HttpServerOptions): Promise<FastifyInstance> {
  const app = await createApiServer(options, 'api');
  observeRequests(app, options.metrics);
  const { dashboard, access } = options;
  // Before every route: the session cookie is parsed by a hook the routes' guards run after.
  if (access.sessions !== undefined) await app.register(cookie);
  await serveOpenApi(app, options);
  if (dashboard !== undefined && access.sessions !== undefined)
    await serveDashboard(app, access.sessions, dashboard.now);
  // Rate-limited like every other route: rendering the metrics costs CPU.
  app.get(
    '/metrics',
    { schema: { hide: true }, onRequest: bearerGuard('reader', options.access) },
    async (_request, reply) => {
      void reply.header('content-type', options.metrics.contentType);
      return options.metrics.metrics();
    },
  );
  registerRoutes(app, options.routes, (level) => bearerGuard(level, access));
  if (dashboard !== undefined) serveEventStream(app, dashboard.feed, bearerGuard('reader', access));
  return app;
}
