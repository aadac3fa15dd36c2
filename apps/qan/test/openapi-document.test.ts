import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { QAN_API_TAGS, QAN_ROUTES, type RouteContract } from '@qcos/qan-api';
import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../src/http/openapi-document.js';
import { documentPath, servedOpenApiDocument } from './openapi-fixture.js';

const docs = (file: string) => fileURLToPath(new URL(`../../../docs/api/${file}`, import.meta.url));
const routes: [string, RouteContract][] = Object.entries(QAN_ROUTES);
const REGENERATE = 'npx tsx apps/qan/src/http/openapi-document.ts';

/** The role sentence each operation's description must carry, by access level. */
const ROLE_SENTENCES = {
  public: 'Access: public',
  reader: 'Access: reader',
  client: 'Access: client',
  operator: 'Access: operator',
  sae: 'served only on the ETSI 014 listener',
} as const;

describe('docs/api/openapi.json', () => {
  it(`is the document the QAN serves at GET /openapi.json (after a change: ${REGENERATE})`, async () => {
    const committed = JSON.parse(readFileSync(docs('openapi.json'), 'utf8'));
    const served = await servedOpenApiDocument();
    expect(committed).toEqual(served);
    // The script that rewrites the copy builds the same document.
    expect(await openApiDocument()).toEqual(served);
  });
});

describe('the served OpenAPI document', () => {
  it('gives every operation its route name as operationId, a summary, a description and a tag', async () => {
    const { paths } = await servedOpenApiDocument();
    for (const [name, route] of routes) {
      const operation = paths[documentPath(route.path)]?.[route.method.toLowerCase()];
      expect(operation, name).toMatchObject({
        operationId: name,
        summary: route.summary,
        tags: [route.tag],
      });
      expect(operation?.['description'], name).toContain(route.description);
      expect(operation?.['description'], name).toContain(ROLE_SENTENCES[route.access]);
    }
  });

  it('says who may call each operation: nobody for public, a bearer token or the session cookie, or mutual TLS on the ETSI 014 listener', async () => {
    const { paths, components } = await servedOpenApiDocument();
    for (const [name, route] of routes) {
      const operation = paths[documentPath(route.path)]?.[route.method.toLowerCase()];
      const expected =
        route.access === 'public'
          ? []
          : route.access === 'sae'
            ? [{ mutualTLS: [] }]
            : [{ bearer: [] }, { session: [] }];
      expect(operation?.['security'], name).toEqual(expected);
      if (route.access === 'sae')
        expect(operation?.['servers'], name).toMatchObject([{ url: '{kme}' }]);
    }
    expect(components.securitySchemes['bearer']).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(components.securitySchemes['mutualTLS']).toMatchObject({ type: 'mutualTLS' });
    expect(components.securitySchemes['session']).toMatchObject({
      type: 'apiKey',
      in: 'cookie',
      name: 'qcos_session',
    });
    expect(components.securitySchemes['mutualTLS']?.['description']).toContain(
      'Served only on the ETSI 014 listener',
    );
  });

  it('describes every tag the routes use, and the API, its licence, contact and server', async () => {
    const document = await servedOpenApiDocument();
    const used = new Set(routes.map(([, r]) => r.tag));
    // The dashboard's routes are served beside the route contract, under their own tag.
    expect(document.tags.map((t) => t.name).sort()).toEqual([...used, 'dashboard'].sort());
    expect(document.tags.filter((t) => !t.description)).toEqual([]);
    expect(QAN_API_TAGS.map((t) => t.name).sort()).toEqual([...used].sort());
    expect(document.info).toMatchObject({
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
      contact: { name: expect.any(String) },
      description: expect.any(String),
    });
    expect(document.servers).toEqual([
      expect.objectContaining({
        url: '{qan}',
        variables: { qan: expect.objectContaining({ default: 'http://127.0.0.1:8400' }) },
      }),
    ]);
  });

  it("documents the dashboard's routes with who may call them", async () => {
    const { paths } = await servedOpenApiDocument();
    const security = (path: string, method: string) => paths[path]?.[method]?.['security'];
    expect(security('/api/v1/events', 'get')).toEqual([{ bearer: [] }, { session: [] }]);
    expect(security('/ui/api/session', 'post')).toEqual([]);
    expect(security('/ui/api/session', 'get')).toEqual([{ session: [] }]);
    expect(security('/ui/api/session/end', 'post')).toEqual([{ session: [] }]);
    expect(paths['/api/v1/events']?.['get']?.['operationId']).toBe('events');
  });
});

/** `GET {{qan}}/api/v1/nodes/{{alias}}?x=1` → `GET /api/v1/nodes/:alias` and its base variable. */
function httpFileRequests(text: string): { key: string; base: string }[] {
  const line = /^(GET|POST|PUT|PATCH|DELETE) \{\{(\w+)\}\}(\/\S*)$/gm;
  return [...text.matchAll(line)].map(([, method, base, target]) => ({
    key: `${method} ${(target ?? '').split('?')[0]?.replace(/\{\{(\w+)\}\}/g, ':$1')}`,
    base: base ?? '',
  }));
}

describe('docs/api/qan.http', () => {
  const text = readFileSync(docs('qan.http'), 'utf8');

  it('has one request per operation the QAN serves, ETSI 014 routes against the KME', async () => {
    const requests = httpFileRequests(text);
    const { paths } = await servedOpenApiDocument();
    const expected = Object.entries(paths).flatMap(([path, operations]) =>
      Object.entries(operations).map(([method, operation]) => ({
        key: `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`,
        base:
          (operation['servers'] as { url: string }[] | undefined)?.[0]?.url === '{kme}'
            ? 'kme'
            : 'qan',
      })),
    );
    // Every route of the contract is among them (the dashboard's are served beside it).
    for (const [, r] of routes)
      expect(expected.map((e) => e.key)).toContain(`${r.method} ${r.path}`);
    expect(requests.sort((a, b) => a.key.localeCompare(b.key))).toEqual(
      expected.sort((a, b) => a.key.localeCompare(b.key)),
    );
  });

  it('declares the variables its requests use', () => {
    const declared = new Set([...text.matchAll(/^@(\w+) = \S/gm)].map((m) => m[1]));
    const used = new Set([...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]));
    expect([...used].filter((v) => !declared.has(v))).toEqual([]);
    expect([...declared]).toEqual(expect.arrayContaining(['qan', 'token', 'kme']));
  });

  it('reads a request line back to its route (the check is not vacuous)', () => {
    expect(httpFileRequests('GET {{kme}}/api/v1/keys/{{slave_SAE_ID}}/enc_keys?number=2')).toEqual([
      { key: 'GET /api/v1/keys/:slave_SAE_ID/enc_keys', base: 'kme' },
    ]);
  });
});
