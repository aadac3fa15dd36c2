import { describe, expect, it } from 'vitest';
import { API_SCHEMAS, QAN_ROUTES, type RouteContract } from '../src/index.js';

const routes: [string, RouteContract][] = Object.entries(QAN_ROUTES);
const schema = (id: string) => API_SCHEMAS.find((s) => s.$id === id);

describe('QAN_ROUTES', () => {
  it('names each method and path once', () => {
    const keys = routes.map(([, r]) => `${r.method} ${r.path}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('refers only to schemas in schemas/api', () => {
    for (const [name, r] of routes)
      for (const id of [r.params, r.query, r.body, r.response].filter((x) => x !== undefined))
        expect(schema(id!), `${name}: ${id}`).toBeDefined();
  });

  it('has a path-parameter schema requiring exactly the :names of the path', () => {
    for (const [name, r] of routes) {
      const names = [...r.path.matchAll(/:([A-Za-z_]+)/g)].map((m) => m[1]);
      const params = r.params === undefined ? undefined : schema(r.params);
      const required = params !== undefined && 'required' in params ? [...params.required] : [];
      expect(required, name).toEqual(names);
    }
  });

  it('gives every route an access level; key delivery, and only it, is for SAEs', () => {
    const levels = ['public', 'reader', 'client', 'operator', 'sae'];
    for (const [name, r] of routes) {
      expect(levels, name).toContain(r.access);
      expect(r.access === 'sae', name).toBe(r.tag === 'etsi-014');
    }
    expect(routes.filter(([, r]) => r.access === 'public').map(([n]) => n)).toEqual(['health']);
  });

  it('puts the ETSI GS QKD 014 identifiers where the standard does', () => {
    const etsi = routes
      .filter(([, r]) => r.tag === 'etsi-014')
      .map(([, r]) => `${r.method} ${r.path}`);
    expect(etsi.sort()).toEqual([
      'GET /api/v1/keys/:master_SAE_ID/dec_keys',
      'GET /api/v1/keys/:slave_SAE_ID/enc_keys',
      'GET /api/v1/keys/:slave_SAE_ID/status',
      'POST /api/v1/keys/:master_SAE_ID/dec_keys',
      'POST /api/v1/keys/:slave_SAE_ID/enc_keys',
    ]);
  });
});
