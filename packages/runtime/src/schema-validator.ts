import { Ajv, type ErrorObject, type Options, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

type AddFormats = (ajv: Ajv) => Ajv;
// ajv-formats is CommonJS: under NodeNext the default import is `module.exports`, whose own
// `.default` is the plugin; bundlers hand over the plugin directly. Accept both.
const addFormats: AddFormats =
  (addFormatsModule as unknown as { default?: AddFormats }).default ??
  (addFormatsModule as unknown as AddFormats);

/** A strict Ajv instance with the standard string formats (uuid, ipv4, date-time, …). */
export function createAjv(options: Options = {}): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: true, ...options });
  addFormats(ajv);
  return ajv;
}

export type { ErrorObject, ValidateFunction };

/** One readable line per schema violation: `/http/port must be <= 65535`. */
export function describeSchemaErrors(errors: readonly ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((e) => {
    const where = e.instancePath === '' ? '(root)' : e.instancePath;
    if (e.keyword === 'additionalProperties') {
      return `${where} has unknown property "${String(e.params['additionalProperty'])}"`;
    }
    return `${where} ${e.message ?? 'is invalid'}`;
  });
}
