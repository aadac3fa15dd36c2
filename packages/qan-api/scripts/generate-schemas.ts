/**
 * Writes src/schemas.generated.ts: every schemas/api/*.schema.json as an `as const` object.
 * TypeScript types a JSON import as plain `string`/`number`, which loses the literals
 * json-schema-to-ts needs to derive types, so the schemas are copied into a module once and a
 * test checks the copy still equals the JSON files.
 *
 *   pnpm --filter @qcos/qan-api generate
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const SCHEMA_DIR = fileURLToPath(new URL('../../../schemas/api/', import.meta.url));
const OUTPUT = fileURLToPath(new URL('../src/schemas.generated.ts', import.meta.url));

/** `etsi014-key-ids.schema.json` → `etsi014KeyIdsSchema`. */
export function exportName(file: string): string {
  const stem = file.replace(/\.schema\.json$/, '');
  return `${stem.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase())}Schema`;
}

/** The schema files, by file name, in a stable order. */
export function readApiSchemas(): { file: string; schema: { $id: string } }[] {
  return readdirSync(SCHEMA_DIR)
    .filter((f) => f.endsWith('.schema.json'))
    .sort()
    .map((file) => ({ file, schema: JSON.parse(readFileSync(SCHEMA_DIR + file, 'utf8')) }));
}

function render(): string {
  const schemas = readApiSchemas();
  const consts = schemas.map(
    ({ file, schema }) =>
      `/** schemas/api/${file} */\nexport const ${exportName(file)} = ${JSON.stringify(schema, null, 2)} as const;\n`,
  );
  return [
    '// Generated from schemas/api/*.schema.json by scripts/generate-schemas.ts; do not edit.\n',
    ...consts,
    '/** Every API schema, each registered by its `$id` and referenced as `{$ref: "<id>#"}`. */',
    `export const API_SCHEMAS = [${schemas.map(({ file }) => exportName(file)).join(', ')}] as const;\n`,
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(OUTPUT, render());
  console.log(`wrote ${OUTPUT}`);
}
