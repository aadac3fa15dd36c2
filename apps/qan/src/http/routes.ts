import {
  ERROR_TEXTS,
  ETSI014_ERROR_TEXTS,
  QAN_ROUTES,
  type QanRouteHandlers,
  type RouteAccess,
  type RouteCaller,
  type RouteContract,
  routeErrorStatuses,
  routeOperation,
} from '@qcos/qan-api';
import type { FastifyInstance, FastifySchema, onRequestAsyncHookHandler } from 'fastify';
import { callerOf } from './access-guard.js';

/** One served endpoint: the contract's method, path and schemas, and the handler answering it. */
export interface HttpRoute {
  readonly name: string;
  readonly method: RouteContract['method'];
  readonly path: string;
  readonly status: RouteContract['status'];
  /** Who may call it; a route without one is not served (default deny). */
  readonly access: RouteAccess;
  readonly schema: FastifySchema;
  readonly handler: (
    request: { params: unknown; query: unknown; body: unknown },
    caller: RouteCaller,
  ) => unknown;
}

/** The guard of each access level: an onRequest hook that authenticates and authorises. */
export type AccessGuard = (access: RouteAccess) => onRequestAsyncHookHandler;

/** A schema of schemas/api, registered on the server by `$id`. */
const ref = (id: string) => ({ $ref: `${id}#` });

/** The error responses of a route: each documented status, its meaning and its body's schema. */
function errorResponses(route: RouteContract): Record<number, object> {
  // Key delivery answers in ETSI GS QKD 014's error format, every other route in the API's.
  const etsi = route.access === 'sae';
  const schema = etsi ? 'qcos-api-etsi014-error' : 'qcos-api-error';
  const texts = etsi ? ETSI014_ERROR_TEXTS : ERROR_TEXTS;
  return Object.fromEntries(
    routeErrorStatuses(route).map((s) => [s, { ...ref(schema), description: texts[s] }]),
  );
}

/**
 * The request and response schemas of a route, by reference, and the fields of its OpenAPI
 * operation (id, texts, tag, security: bearer for token routes, mutual TLS for key delivery,
 * none for public ones), which the contract in @qcos/qan-api holds.
 */
function routeSchema(name: string, route: RouteContract): FastifySchema {
  return {
    ...routeOperation(name, route),
    ...(route.params === undefined ? {} : { params: ref(route.params) }),
    ...(route.query === undefined ? {} : { querystring: ref(route.query) }),
    ...(route.body === undefined ? {} : { body: ref(route.body) }),
    response: { [route.status]: ref(route.response), ...errorResponses(route) },
  };
}

/** The route table: every contract route with its handler. */
export function httpRoutes(handlers: QanRouteHandlers): HttpRoute[] {
  return Object.entries(QAN_ROUTES).map(([name, route]: [string, RouteContract]) => ({
    name,
    method: route.method,
    path: route.path,
    status: route.status,
    access: route.access,
    schema: routeSchema(name, route),
    // The schemas validate every part before the handler runs, so the parts have their types.
    handler: handlers[name as keyof QanRouteHandlers] as HttpRoute['handler'],
  }));
}

/**
 * Serves the route table behind `guard`; each route answers with its contract's success status.
 * Throws ROUTE_ACCESS_MISSING, serving nothing, when a route declares no access level.
 */
export function registerRoutes(
  app: FastifyInstance,
  routes: readonly HttpRoute[],
  guard: AccessGuard,
): void {
  const undeclared = routes.find((r) => r.access === undefined);
  if (undeclared !== undefined) {
    throw Object.assign(new Error(`route ${undeclared.name} declares no access level`), {
      code: 'ROUTE_ACCESS_MISSING',
    });
  }
  for (const route of routes) {
    app.route({
      method: route.method,
      url: route.path,
      schema: route.schema,
      onRequest: guard(route.access),
      handler: async (request, reply) => {
        const { params, query, body } = request;
        const response = await route.handler({ params, query, body }, callerOf(request));
        void reply.status(route.status);
        return response;
      },
    });
  }
}
