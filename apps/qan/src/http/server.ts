import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { API_SCHEMAS } from '@qcos/qan-api';
import type { Logger, Registry } from '@qcos/runtime';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import { ApiError } from './api-error.js';
import { errorHandler } from './error-handler.js';
import { type HttpRoute, registerRoutes } from './routes.js';

export interface HttpServerOptions {
  readonly routes: readonly HttpRoute[];
  readonly metrics: Registry;
  readonly logger: Logger;
  readonly bodyLimitBytes: number;
  readonly rateLimitMax: number;
  readonly rateLimitWindowMs: number;
  readonly version: string;
}

/** Builds the QAN's HTTP API (not yet listening). */
export async function buildHttpServer(options: HttpServerOptions): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: options.logger.child({ component: 'http' }) as unknown as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: options.bodyLimitBytes,
    // Route params and queries are validated by schema; unknown body fields are errors, not dropped.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: true } },
  });
  // The contract's schemas (schemas/api) validate requests, shape responses and make up the
  // OpenAPI document's components.
  for (const schema of API_SCHEMAS) app.addSchema(schema);
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((request, reply) => {
    void reply
      .status(404)
      .send(
        new ApiError(404, 'ROUTE_NOT_FOUND', `no route ${request.method} ${request.url}`).toBody(),
      );
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
        {
          max: context.max,
          retryAfter: context.after,
        },
      ),
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'QCOS QAN API',
        version: options.version,
        description:
          'Registry, routing, jobs, block log, Merkle proofs and ETSI GS QKD 014 key delivery of a Quantum Authority Node.',
      },
    },
    refResolver: {
      buildLocalReference: (json, _base, _fragment, i) => String(json['$id'] ?? `def-${i}`),
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, () => app.swagger());

  app.get(
    '/metrics',
    { schema: { hide: true }, config: { rateLimit: false } },
    async (_request, reply) => {
      void reply.header('content-type', options.metrics.contentType);
      return options.metrics.metrics();
    },
  );

  registerRoutes(app, options.routes);
  return app;
}
