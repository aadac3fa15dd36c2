import { describe, expect, it } from 'vitest';
import { exportName, readApiSchemas } from '../scripts/generate-schemas.js';
import * as generated from '../src/schemas.generated.js';

describe('src/schemas.generated.ts', () => {
  it('holds every schemas/api file exactly (run `pnpm --filter @qcos/qan-api generate` after editing one)', () => {
    const files = readApiSchemas();
    const exported = new Map<string, unknown>(Object.entries(generated));
    for (const { file, schema } of files)
      expect(exported.get(exportName(file)), file).toEqual(schema);
    expect(generated.API_SCHEMAS.map((s) => s.$id).sort()).toEqual(
      files.map((f) => f.schema.$id).sort(),
    );
    expect(exported.size).toBe(files.length + 1);
  });
});
