import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ApiCredentials } from '../src/http/api-credentials.js';

const DIR = mkdtempSync(join(tmpdir(), 'qan-cred-prop-'));
const CODES = ['CONFIG_INVALID', 'CONFIG_FILE_INVALID_JSON'];

/** Loads `text` as a credentials file; the error code, or 'loaded' with the principal count. */
function load(text: string): string {
  const file = join(DIR, 'credentials.json');
  writeFileSync(file, text, { mode: 0o600 });
  try {
    new ApiCredentials(file);
    return 'loaded';
  } catch (error) {
    return (error as { code?: string }).code ?? `untyped: ${String(error)}`;
  }
}

describe('the credentials file parser', () => {
  it('loads or refuses any file with a typed code, never crashing', () => {
    const principal = fc.record(
      {
        name: fc.oneof(fc.constantFrom('ops', 'alice'), fc.string(), fc.integer()),
        roles: fc.oneof(
          fc.subarray(['reader', 'client', 'operator', 'sae', 'root']),
          fc.anything(),
        ),
        tokenSha256: fc.oneof(fc.stringMatching(/^[0-9a-f]{64}$/), fc.string(), fc.constant(null)),
      },
      { requiredKeys: [] },
    );
    const file = fc.oneof(
      fc
        .record({ principals: fc.array(principal, { maxLength: 4 }) })
        .map((v) => JSON.stringify(v)),
      fc.anything().map((v) => JSON.stringify(v) ?? ''),
      fc.string(),
    );
    fc.assert(
      fc.property(file, (text) => {
        const outcome = load(text);
        expect(['loaded', ...CODES]).toContain(outcome);
      }),
      { numRuns: 300 },
    );
  });
});
