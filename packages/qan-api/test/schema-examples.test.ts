import { Ajv, type AnySchema } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { API_SCHEMAS, healthSchema, QAN_ROUTES, type RouteContract } from '../src/index.js';

const routes: [string, RouteContract][] = Object.entries(QAN_ROUTES);
const byId = new Map<string, Record<string, unknown>>(
  API_SCHEMAS.map((s) => [s.$id, s as unknown as Record<string, unknown>]),
);

/** Every schema at any depth of `schema` that carries `examples`, with its JSON pointer. */
function schemasWithExamples(
  schema: unknown,
  pointer: string,
): { pointer: string; schema: Record<string, unknown> }[] {
  if (schema === null || typeof schema !== 'object') return [];
  const own = schema as Record<string, unknown>;
  const nested = Object.entries(own)
    .filter(([key]) => key !== 'examples')
    .flatMap(([key, value]) => schemasWithExamples(value, `${pointer}/${key}`));
  return Array.isArray(own['examples']) ? [{ pointer, schema: own }, ...nested] : nested;
}

type AddFormats = (ajv: Ajv) => Ajv;
// ajv-formats is CommonJS: under NodeNext the default import is `module.exports`, whose own
// `.default` is the plugin; vitest hands over the plugin directly. Accept both.
const addFormats: AddFormats =
  (addFormatsModule as unknown as { default?: AddFormats }).default ??
  (addFormatsModule as unknown as AddFormats);

/** An ajv with every API schema registered by `$id`, as the QAN's server registers them. */
function apiAjv(): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  for (const schema of API_SCHEMAS) ajv.addSchema(schema as AnySchema);
  return ajv;
}

describe('the examples of the API schemas', () => {
  it('each validate against the schema that carries them', () => {
    const ajv = apiAjv();
    let checked = 0;
    for (const top of API_SCHEMAS) {
      for (const { pointer, schema } of schemasWithExamples(top, top.$id)) {
        // A nested schema is checked on its own: its `$ref`s name other schemas by `$id`.
        const { $id: _id, examples, ...constraints } = schema;
        const validate = ajv.compile(constraints);
        for (const [i, example] of (examples as unknown[]).entries()) {
          validate(example);
          expect(validate.errors ?? [], `${pointer}/examples/${i}`).toEqual([]);
          checked += 1;
        }
      }
    }
    expect(checked).toBeGreaterThan(40);
  });

  it('cover every request body and success response of every route', () => {
    const missing = routes.flatMap(([name, r]) =>
      [r.body, r.response]
        .filter((id) => id !== undefined)
        .filter((id) => !Array.isArray(byId.get(id)?.['examples']))
        .map((id) => `${name}: ${id}`),
    );
    expect(missing).toEqual([]);
  });

  it('give every path and query parameter a value to try', () => {
    const missing = routes.flatMap(([name, r]) =>
      [r.params, r.query]
        .filter((id) => id !== undefined)
        .flatMap((id) =>
          Object.entries((byId.get(id)?.['properties'] ?? {}) as Record<string, object>)
            .filter(([, property]) => !('examples' in property))
            .map(([parameter]) => `${name}: ${id} ${parameter}`),
        ),
    );
    expect(missing).toEqual([]);
  });

  it('are refused when they break their schema (the check is not vacuous)', () => {
    const validate = apiAjv().getSchema('qcos-api-health#');
    if (validate === undefined) throw new Error('qcos-api-health is not registered');
    expect(validate(healthSchema.examples[0])).toBe(true);
    expect(validate({ ...healthSchema.examples[0], height: 'tall' })).toBe(false);
    expect(validate.errors?.[0]?.instancePath).toBe('/height');
  });
});
