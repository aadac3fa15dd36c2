import { describe, expect, it } from 'vitest';
import {
  ACCESS_TEXTS,
  ERROR_TEXTS,
  ETSI014_ERROR_STATUSES,
  ETSI014_ERROR_TEXTS,
  QAN_API_TAGS,
  QAN_ROUTES,
  type RouteContract,
  routeErrorStatuses,
  routeOperation,
  routeSecurity,
  withReachableSchemas,
} from '../src/index.js';

const routes: [string, RouteContract][] = Object.entries(QAN_ROUTES);

describe('the OpenAPI texts of QAN_ROUTES', () => {
  it('give every route a one-line summary and a description of its own', () => {
    for (const [name, r] of routes) {
      expect(r.summary, name).toMatch(/^\S[^\n]{0,59}$/);
      expect(r.description.length, name).toBeGreaterThan(r.summary.length);
    }
    const summaries = routes.map(([, r]) => r.summary);
    expect(new Set(summaries).size).toBe(summaries.length);
  });

  it('describe each tag the routes use, and no other', () => {
    const used = [...new Set(routes.map(([, r]) => r.tag))].sort();
    expect(QAN_API_TAGS.map((t) => t.name).sort()).toEqual(used);
  });

  it('mean something for every error status a route documents', () => {
    for (const [name, r] of routes) {
      const texts = r.access === 'sae' ? ETSI014_ERROR_TEXTS : ERROR_TEXTS;
      for (const status of routeErrorStatuses(r))
        expect(texts[status], `${name} ${status}`).toMatch(/\S/);
    }
  });
});

describe('routeErrorStatuses', () => {
  it('gives every route 429: the rate limit answers them all, health included', () => {
    expect(routeErrorStatuses(QAN_ROUTES.health)).toEqual([429]);
    for (const [name, r] of routes) expect(routeErrorStatuses(r), name).toContain(429);
  });

  it('adds the credential refusals to token routes, and the body refusals to routes with a body', () => {
    expect(routeErrorStatuses(QAN_ROUTES.info)).toEqual([401, 403, 429]);
    expect(routeErrorStatuses(QAN_ROUTES.getNode)).toEqual([400, 401, 403, 404, 413, 429]);
    expect(routeErrorStatuses(QAN_ROUTES.resolve)).toEqual([400, 401, 403, 404, 413, 415, 429]);
  });

  it("adds an operation's own refusals", () => {
    expect(routeErrorStatuses(QAN_ROUTES.runContract)).toEqual([
      400, 401, 403, 404, 409, 413, 415, 429, 502, 504,
    ]);
    expect(routeErrorStatuses(QAN_ROUTES.submitOperatorAction)).toContain(409);
  });

  it("gives key delivery the ETSI GS QKD 014 statuses, the rate limit's and its body's", () => {
    expect(routeErrorStatuses(QAN_ROUTES.keyStatus)).toEqual([400, 401, 403, 429, 503]);
    for (const status of ETSI014_ERROR_STATUSES)
      expect(routeErrorStatuses(QAN_ROUTES.decKeys)).toContain(status);
    expect(routeErrorStatuses(QAN_ROUTES.encKeys)).toEqual([400, 401, 403, 413, 415, 429, 503]);
  });
});

describe('routeOperation', () => {
  it('names the operation by the route, ends its description with who may call it', () => {
    const op = routeOperation('getNode', QAN_ROUTES.getNode);
    expect(op).toEqual({
      operationId: 'getNode',
      summary: QAN_ROUTES.getNode.summary,
      description: `${QAN_ROUTES.getNode.description}\n\n${ACCESS_TEXTS.reader}`,
      tags: ['registry'],
      security: [{ bearer: [] }, { session: [] }],
    });
  });

  it('puts key delivery behind mutual TLS on the ETSI 014 listener', () => {
    const op = routeOperation('encKeys', QAN_ROUTES.encKeys);
    expect(op.security).toEqual([{ mutualTLS: [] }]);
    expect(op.servers?.[0]?.variables.kme.default).toBe('https://127.0.0.1:8401');
    expect(op.description).toContain('served only on the ETSI 014 listener');
  });

  it('asks nothing of a public route, and a bearer token or the session cookie of every token level', () => {
    expect(routeSecurity('public')).toEqual([]);
    for (const access of ['reader', 'client', 'operator'] as const)
      expect(routeSecurity(access), access).toEqual([{ bearer: [] }, { session: [] }]);
    expect(routeSecurity('sae')).toEqual([{ mutualTLS: [] }]);
  });
});

describe('withReachableSchemas', () => {
  const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

  it('keeps the schemas the paths reach, through other schemas too, and drops the rest', () => {
    const document = {
      openapi: '3.1.0',
      paths: { '/a': { get: { responses: { 200: { content: { x: { schema: ref('list') } } } } } } },
      components: {
        securitySchemes: { bearer: {} },
        schemas: {
          list: { type: 'array', items: ref('item') },
          item: { type: 'object' },
          'path-only': { type: 'object' },
        },
      },
    };
    const kept = withReachableSchemas(document);
    expect(Object.keys(kept.components.schemas).sort()).toEqual(['item', 'list']);
    expect(kept.components.securitySchemes).toEqual({ bearer: {} });
    expect(kept.paths).toBe(document.paths);
  });

  it('ends on schemas that refer to each other', () => {
    const document = {
      paths: { '/a': { schema: ref('a') } },
      components: { schemas: { a: { items: ref('b') }, b: { items: ref('a') }, c: {} } },
    };
    expect(Object.keys(withReachableSchemas(document).components.schemas).sort()).toEqual([
      'a',
      'b',
    ]);
  });
});
