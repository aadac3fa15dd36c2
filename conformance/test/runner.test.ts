import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PackageAdapter } from '../src/adapter.js';
import { jsonEqual, loadValidator, report, runFiles, toJsonValue } from '../src/runner.js';

const schema = resolve(__dirname, '../../schemas/conformance/vector-file.schema.json');
const validate = loadValidator(schema);

class CodedError extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

const toy: PackageAdapter = {
  package: 'toy',
  operations: {
    double: (input) => ({ value: (input as { n: number }).n * 2 }),
    bytes: () => new Uint8Array([0, 15, 255]),
    fail: () => {
      throw new CodedError('TOY_FAILED');
    },
    crash: () => {
      throw new TypeError('boom');
    },
  },
};

function writeVectors(content: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'vectors-'));
  const file = join(dir, 'toy.json');
  writeFileSync(file, JSON.stringify(content));
  return file;
}

describe('vector file schema', () => {
  it('accepts a well-formed file', () => {
    const ok = {
      package: 'toy',
      description: 'd',
      vectors: [{ name: 'a', operation: 'double', input: { n: 1 }, output: { value: 2 } }],
    };
    expect(validate(ok)).toBeNull();
  });

  it('rejects a vector with both output and error, or neither', () => {
    const both = {
      package: 'toy',
      description: 'd',
      vectors: [{ name: 'a', operation: 'x', input: 1, output: 1, error: 'E' }],
    };
    const neither = {
      package: 'toy',
      description: 'd',
      vectors: [{ name: 'a', operation: 'x', input: 1 }],
    };
    expect(validate(both)).not.toBeNull();
    expect(validate(neither)).not.toBeNull();
  });

  it('rejects unknown fields and lower-case error codes', () => {
    const extra = { package: 'toy', description: 'd', vectors: [], surprise: true };
    const lower = {
      package: 'toy',
      description: 'd',
      vectors: [{ name: 'a', operation: 'x', input: 1, error: 'oops' }],
    };
    expect(validate(extra)).not.toBeNull();
    expect(validate(lower)).not.toBeNull();
  });
});

describe('runner', () => {
  const adapters = new Map([[toy.package, toy]]);

  it('passes matching outputs and expected errors, fails everything else', async () => {
    const file = writeVectors({
      package: 'toy',
      description: 'toy vectors',
      vectors: [
        { name: 'right output', operation: 'double', input: { n: 2 }, output: { value: 4 } },
        { name: 'wrong output', operation: 'double', input: { n: 2 }, output: { value: 5 } },
        { name: 'bytes as hex', operation: 'bytes', input: null, output: '000fff' },
        { name: 'expected error', operation: 'fail', input: null, error: 'TOY_FAILED' },
        { name: 'other error', operation: 'fail', input: null, error: 'OTHER' },
        { name: 'uncoded throw', operation: 'crash', input: null, error: 'TOY_FAILED' },
        { name: 'missing error', operation: 'double', input: { n: 1 }, error: 'TOY_FAILED' },
        { name: 'unknown op', operation: 'nope', input: null, output: null },
      ],
    });
    const outcomes = await runFiles([file], adapters, validate);
    expect(outcomes.map((o) => [o.name, o.passed])).toEqual([
      ['right output', true],
      ['wrong output', false],
      ['bytes as hex', true],
      ['expected error', true],
      ['other error', false],
      ['uncoded throw', false],
      ['missing error', false],
      ['unknown op', false],
    ]);
    expect(report(outcomes).split('\n').at(-1)).toBe('3 passed, 5 failed');
  });

  it('counts a schema-invalid file and an unknown package as failures', async () => {
    const bad = writeVectors({ package: 'toy', vectors: [] });
    const unknown = writeVectors({
      package: 'ghost',
      description: 'd',
      vectors: [{ name: 'a', operation: 'x', input: 1, output: 1 }],
    });
    const outcomes = await runFiles([bad, unknown], adapters, validate);
    expect(outcomes.every((o) => !o.passed)).toBe(true);
    expect(outcomes).toHaveLength(2);
  });
});

describe('json comparison', () => {
  it('normalises bytes, bigints and undefined fields', () => {
    expect(toJsonValue({ a: new Uint8Array([1, 2]), b: 10n, c: undefined })).toEqual({
      a: '0102',
      b: '10',
    });
  });

  it('compares numbers exactly unless a tolerance is given', () => {
    expect(jsonEqual(0.1 + 0.2, 0.3)).not.toBeNull();
    expect(jsonEqual(0.1 + 0.2, 0.3, 1e-12)).toBeNull();
    expect(jsonEqual({ a: [1, 2] }, { a: [1, 2, 3] })).toMatch(/length/);
    expect(jsonEqual({ a: 1 }, { a: 1, b: 2 })).toMatch(/missing/);
  });
});
