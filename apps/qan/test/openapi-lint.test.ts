import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { type OpenApiDocument, servedOpenApiDocument } from './openapi-fixture.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const REDOCLY = join(ROOT, 'node_modules/.bin/redocly');
const CONFIG = join(ROOT, 'redocly.yaml');
const work = mkdtempSync(join(tmpdir(), 'qan-openapi-lint-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** One problem as `redocly lint --format=json` reports it. */
interface LintProblem {
  readonly ruleId: string;
  readonly severity: 'error' | 'warn';
  readonly message: string;
  readonly location?: readonly { pointer?: string }[];
}

/**
 * Lints `document` with the repository's redocly.yaml and returns each problem as
 * `severity rule at pointer: message`. The banner redocly prints on some Node versions goes to
 * stderr and is ignored.
 */
async function lint(document: unknown, name: string): Promise<string[]> {
  const file = join(work, `${name}.json`);
  writeFileSync(file, JSON.stringify(document));
  const { stdout } = await promisify(execFile)(
    REDOCLY,
    ['lint', file, `--config=${CONFIG}`, '--format=json'],
    {
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
      maxBuffer: 16 * 1024 * 1024,
    },
  ).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }));
  const report = JSON.parse(stdout.slice(stdout.indexOf('{'))) as { problems: LintProblem[] };
  return report.problems.map(
    (p) => `${p.severity} ${p.ruleId} at ${p.location?.[0]?.pointer ?? '?'}: ${p.message}`,
  );
}

describe('the OpenAPI document against redocly lint (redocly.yaml)', () => {
  it('has no error and no warning', async () => {
    const problems = await lint(await servedOpenApiDocument(), 'served');
    // On failure the list names each problem's rule and where it is.
    expect(problems).toEqual([]);
  });

  it('reports an example that breaks its schema (the lint reads the examples)', async () => {
    const document = (await servedOpenApiDocument()) as OpenApiDocument & {
      components: { schemas: Record<string, { examples: Record<string, unknown>[] }> };
    };
    const health = document.components.schemas['qcos-api-health'];
    if (health === undefined) throw new Error('no qcos-api-health component');
    health.examples = [{ ...health.examples[0], height: 'tall' }];
    expect(await lint(document, 'broken')).toEqual([
      expect.stringMatching(
        /^warn no-invalid-schema-examples at #\/components\/schemas\/qcos-api-health\/examples\/0\/height:/,
      ),
    ]);
  });
});

describe('redocly.yaml', () => {
  it('extends the recommended rules and turns a rule off only with a comment saying why', () => {
    const lines = readFileSync(CONFIG, 'utf8').split('\n');
    expect(lines).toContain('  - recommended');
    const unexplained = lines.filter(
      (line, i) => /:\s*off\b/.test(line) && !/^\s*#/.test(lines[i - 1] ?? ''),
    );
    expect(unexplained).toEqual([]);
  });
});
