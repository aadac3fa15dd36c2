import { createMetricsRegistry } from '@qcos/runtime';
import type { QanApi } from '../src/api/qan-api.js';
import { QAN_VERSION } from '../src/api/qan-info.js';
import { describedDashboard } from '../src/http/openapi-document.js';
import { qanRouteHandlers } from '../src/http/route-handlers.js';
import { httpRoutes } from '../src/http/routes.js';
import { buildHttpServer } from '../src/http/server.js';
import { bearer, testAccess } from './api-auth-fixture.js';
import { testServerOptions } from './http-server-fixture.js';

/** The parts of an OpenAPI document the tests read. */
export interface OpenApiDocument {
  readonly info: Record<string, unknown>;
  readonly servers: readonly Record<string, unknown>[];
  readonly tags: readonly { name: string; description?: string }[];
  readonly components: { securitySchemes: Record<string, Record<string, unknown>> };
  readonly paths: Record<string, Record<string, Record<string, unknown>>>;
}

/** The document a QAN serves at GET /openapi.json, from an in-process server that holds no state. */
export async function servedOpenApiDocument(): Promise<OpenApiDocument> {
  const access = testAccess();
  const { sessions, dashboard } = describedDashboard(access.credentials);
  const app = await buildHttpServer({
    access: { ...access, sessions },
    dashboard,
    routes: httpRoutes(qanRouteHandlers({} as QanApi, 0)),
    metrics: createMetricsRegistry('test_'),
    ...testServerOptions(),
    version: QAN_VERSION,
  });
  try {
    const response = await app.inject({
      method: 'GET',
      url: '/openapi.json',
      headers: bearer('reader'),
    });
    if (response.statusCode !== 200) throw new Error(`GET /openapi.json: ${response.statusCode}`);
    return response.json() as OpenApiDocument;
  } finally {
    await app.close();
  }
}

/** `/api/v1/nodes/:alias` as the document spells it: `/api/v1/nodes/{alias}`. */
export const documentPath = (path: string): string => path.replace(/:([A-Za-z_]+)/g, '{$1}');
