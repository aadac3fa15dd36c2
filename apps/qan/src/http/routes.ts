import {
  ERROR_STATUSES,
  QAN_ROUTES,
  type QanRouteHandlers,
  type RouteContract,
} from '@qcos/qan-api';
import type { FastifyInstance, FastifySchema } from 'fastify';

/** One served endpoint: the contract's method, path and schemas, and the handler answering it. */
export interface HttpRoute {
  readonly name: string;
  readonly method: RouteContract['method'];
  readonly path: string;
  readonly status: RouteContract['status'];
  readonly schema: FastifySchema;
  readonly handler: (request: { params: unknown; query: unknown; body: unknown }) => unknown;
}

/** A schema of schemas/api, registered on the server by `$id`. */
const ref = (id: string) => ({ $ref: `${id}#` });

/** The request and response schemas of a route, by reference (also the OpenAPI document's). */
function routeSchema(route: RouteContract): FastifySchema {
  const errors = route.fails
    ? Object.fromEntries(ERROR_STATUSES.map((status) => [status, ref('qcos-api-error')]))
    : {};
  return {
    tags: [route.tag],
    ...(route.params === undefined ? {} : { params: ref(route.params) }),
    ...(route.query === undefined ? {} : { querystring: ref(route.query) }),
    ...(route.body === undefined ? {} : { body: ref(route.body) }),
    response: { [route.status]: ref(route.response), ...errors },
  };
}

/** The route table: every contract route with its handler. */
export function httpRoutes(handlers: QanRouteHandlers): HttpRoute[] {
  return Object.entries(QAN_ROUTES).map(([name, route]: [string, RouteContract]) => ({
    name,
    method: route.method,
    path: route.path,
    status: route.status,
    schema: routeSchema(route),
    // The schemas validate every part before the handler runs, so the parts have their types.
    handler: handlers[name as keyof QanRouteHandlers] as HttpRoute['handler'],
  }));
}

/** Serves the route table; each route answers with its contract's success status. */
export function registerRoutes(app: FastifyInstance, routes: readonly HttpRoute[]): void {
  for (const route of routes) {
    app.route({
      method: route.method,
      url: route.path,
      schema: route.schema,
      handler: async (request, reply) => {
        const { params, query, body } = request;
        const response = await route.handler({ params, query, body });
        void reply.status(route.status);
        return response;
      },
    });
  }
}
