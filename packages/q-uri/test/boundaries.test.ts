import { describe, expect, it } from 'vitest';
import {
  DEADLINE_MS_RANGE,
  DEFAULT_PARAMS,
  isDqnAlias,
  isGeoScope,
  isJobId,
  MAX_JOB_ID_LENGTH,
  MAX_LABEL_LENGTH,
  MIN_FIDELITY_MAX_FRACTION_DIGITS,
  MIN_FIDELITY_PPM_RANGE,
  normalize,
  PRIORITY_RANGE,
  parse,
  QUBITS_RANGE,
  QUriError,
  type QUriErrorCode,
  SHOTS_RANGE,
} from '../src/index.js';
import { parseBySpec } from '../src/parse.js';

/** The error of `parse` and of the step-by-step parser, which must agree. */
function failure(input: string): { code: QUriErrorCode; offset: number } {
  const of = (f: (s: string) => unknown) => {
    try {
      f(input);
    } catch (error) {
      if (!(error instanceof QUriError)) throw error;
      return { code: error.code, offset: error.offset };
    }
    throw new Error(`expected ${input} to be rejected`);
  };
  const fast = of(parse);
  expect(of(parseBySpec)).toStrictEqual(fast);
  return fast;
}

function parsedBoth(input: string): unknown {
  const value = parse(input);
  expect(parseBySpec(input)).toStrictEqual(value);
  return value;
}

const node = (alias: string) => ({ kind: 'node', alias });

describe('operations are matched whole, not by prefix (spec §4)', () => {
  it.each([
    ['q://a/statusx', 'OPERATION_UNKNOWN', 5],
    ['q://a/statu', 'OPERATION_UNKNOWN', 5],
    ['q://a/runx', 'OPERATION_UNKNOWN', 5],
    ['q://a/ru', 'OPERATION_UNKNOWN', 5],
    ['q://a/r', 'OPERATION_UNKNOWN', 5],
    ['q://a/Status', 'OPERATION_UNKNOWN', 5],
    ['q://a/jobsx', 'OPERATION_UNKNOWN', 5],
    ['q://a/jobs/x/cancelled', 'OPERATION_UNKNOWN', 5],
    ['q://a/jobs/x/cance', 'OPERATION_UNKNOWN', 5],
    ['q://a/jobs/x/Cancel', 'OPERATION_UNKNOWN', 5],
    ['q://a/jobs/x/cancel/', 'OPERATION_UNKNOWN', 5],
    ['q://a/jobs/x/', 'OPERATION_UNKNOWN', 5],
    ['q://a/jobs/x//cancel', 'OPERATION_UNKNOWN', 5],
    ['q://a/jobs/x/cancel?', 'QUERY_NOT_ALLOWED', 19],
    ['q://a/jobs/a.b/cancel', 'JOB_ID_INVALID', 12],
    ['q://a/jobs/b-/cancel#', 'FRAGMENT_NOT_ALLOWED', 20],
    ['q://a/', 'OPERATION_MISSING', 6],
    ['q://a#x', 'OPERATION_MISSING', 5],
  ] as const)('rejects %s with %s at %d', (input, code, offset) => {
    expect(failure(input)).toStrictEqual({ code, offset });
  });

  it('reads each operation only at its exact length', () => {
    expect(parsedBoth('q://a/jobs/x')).toStrictEqual({
      target: node('a'),
      operation: 'job',
      jobId: 'x',
    });
    expect(parsedBoth('q://a/jobs/cancel')).toStrictEqual({
      target: node('a'),
      operation: 'job',
      jobId: 'cancel',
    });
    expect(parsedBoth('q://a/jobs/run/cancel')).toStrictEqual({
      target: node('a'),
      operation: 'cancel',
      jobId: 'run',
    });
    expect(parsedBoth('q://a/status')).toStrictEqual({ target: node('a'), operation: 'status' });
    expect(parsedBoth('q://a/run')).toStrictEqual({
      target: node('a'),
      operation: 'run',
      params: DEFAULT_PARAMS,
    });
  });
});

describe('authority: address parts and labels (spec §3, §6)', () => {
  it.each([
    ['q://rig]el/run', 'TARGET_INVALID', 7],
    ['q://rigel]/run', 'TARGET_INVALID', 9],
    ['q://rig[el/run', 'TARGET_INVALID', 7],
    ['q://a]b[c/run', 'TARGET_INVALID', 5],
    ['q://a:]/run', 'TARGET_INVALID', 6],
    ['q://a]:@b/run', 'USERINFO_NOT_ALLOWED', 7],
    ['q://a@b@c/run', 'USERINFO_NOT_ALLOWED', 5],
    ['q://a:1:2/run', 'PORT_NOT_ALLOWED', 5],
    ['q://*./run', 'SCOPE_INVALID', 6],
    ['q://*.-a/run', 'SCOPE_INVALID', 6],
    ['q://*.a-/run', 'SCOPE_INVALID', 7],
    ['q://a.-b/run', 'SCOPE_INVALID', 6],
    ['q://a..b/run', 'SCOPE_INVALID', 6],
    ['q://**.a/run', 'TARGET_INVALID', 5],
    ['q://a*/run', 'ALIAS_INVALID', 5],
    ['q://@/run', 'USERINFO_NOT_ALLOWED', 4],
    ['q://a`b/run', 'INVALID_CHAR', 5],
    ['q://a!b/run', 'ALIAS_INVALID', 5],
    ['q://a~/run', 'ALIAS_INVALID', 5],
    ['q://a_/run', 'ALIAS_INVALID', 5],
    ['q://-/run', 'ALIAS_INVALID', 4],
    ['q://a-/run', 'ALIAS_INVALID', 5],
  ] as const)('rejects %s with %s at %d', (input, code, offset) => {
    expect(failure(input)).toStrictEqual({ code, offset });
  });

  it('accepts digits 0 and 9 and hyphens inside a label and folds upper case anywhere', () => {
    expect(parsedBoth('q://a09-z/status')).toStrictEqual({
      target: node('a09-z'),
      operation: 'status',
    });
    expect(parsedBoth('q://rigeL.eU/status')).toStrictEqual({
      target: { kind: 'node', alias: 'rigel', scope: 'eu' },
      operation: 'status',
    });
    expect(parsedBoth('q://Z.a/status')).toStrictEqual({
      target: { kind: 'node', alias: 'z', scope: 'a' },
      operation: 'status',
    });
    expect(parsedBoth('q://*.EU-West9/status')).toStrictEqual({
      target: { kind: 'scope', scope: 'eu-west9' },
      operation: 'status',
    });
  });

  it('bounds a scope-wide target label at 63 characters', () => {
    const label63 = `a${'b'.repeat(62)}`;
    expect(parsedBoth(`q://*.${label63}/status`)).toStrictEqual({
      target: { kind: 'scope', scope: label63 },
      operation: 'status',
    });
    expect(failure(`q://*.${label63}b/status`)).toStrictEqual({
      code: 'SCOPE_INVALID',
      offset: 69,
    });
  });
});

describe('canonical labels and job ids (spec §3)', () => {
  it('isDqnAlias and isGeoScope accept only lower-case DNS labels of 1 to 63 characters', () => {
    for (const check of [isDqnAlias, isGeoScope]) {
      for (const ok of ['a', 'z', 'az', 'a0', 'a9', 'a-b', 'xn--b', 'a'.repeat(MAX_LABEL_LENGTH)]) {
        expect(check(ok)).toBe(true);
      }
      for (const bad of [
        '',
        'a'.repeat(MAX_LABEL_LENGTH + 1),
        'A',
        'aB',
        '`a',
        '{a',
        '0a',
        '-a',
        'a-',
        'a/',
        'a:',
        'a`',
        'a{',
        'a_',
        'a.b',
      ]) {
        expect(check(bad)).toBe(false);
      }
      expect(check(42 as never)).toBe(false);
      expect(check(undefined as never)).toBe(false);
    }
    expect(MAX_LABEL_LENGTH).toBe(63);
  });

  it('isJobId accepts 1 to 64 of A-Z a-z 0-9 - _ and nothing else', () => {
    for (const ok of ['a', 'Z', '0', '9', '-', '_', 'A-z_09', 'x'.repeat(MAX_JOB_ID_LENGTH)]) {
      expect(isJobId(ok)).toBe(true);
    }
    for (const bad of [
      '',
      'x'.repeat(MAX_JOB_ID_LENGTH + 1),
      'a.b',
      '~',
      '@',
      '[',
      '`',
      '{',
      '/',
      ':',
    ]) {
      expect(isJobId(bad)).toBe(false);
    }
    expect(isJobId(7 as never)).toBe(false);
    expect(MAX_JOB_ID_LENGTH).toBe(64);
  });
});

describe('parameter ranges and defaults (spec §4)', () => {
  it('publishes the ranges and defaults of the spec', () => {
    expect(SHOTS_RANGE).toStrictEqual({ min: 1, max: 1_000_000 });
    expect(QUBITS_RANGE).toStrictEqual({ min: 1, max: 32_767 });
    expect(DEADLINE_MS_RANGE).toStrictEqual({ min: 1, max: 86_400_000 });
    expect(PRIORITY_RANGE).toStrictEqual({ min: 0, max: 7 });
    expect(MIN_FIDELITY_PPM_RANGE).toStrictEqual({ min: 0, max: 1_000_000 });
    expect(MIN_FIDELITY_MAX_FRACTION_DIGITS).toBe(6);
    expect(DEFAULT_PARAMS).toStrictEqual({
      shots: 1024,
      minFidelity: 0,
      reroute: 'allow',
      priority: 0,
    });
    expect(Object.isFrozen(DEFAULT_PARAMS)).toBe(true);
  });

  it('accepts each range bound and normalises the defaults away', () => {
    expect(normalize('q://a/run?shots=1024&min-fidelity=0&reroute=allow&priority=0')).toBe(
      'q://a/run',
    );
    expect(
      normalize('q://a/run?shots=1000000&qubits=1&deadline-ms=1&priority=7&min-fidelity=1'),
    ).toBe('q://a/run?deadline-ms=1&min-fidelity=1&priority=7&qubits=1&shots=1000000');
    expect(normalize('q://a/run?priority=0&qubits=32767&deadline-ms=86400000')).toBe(
      'q://a/run?deadline-ms=86400000&qubits=32767',
    );
  });
});

describe('error reasons (spec §6)', () => {
  const messageOf = (input: unknown): string => {
    try {
      parseBySpec(input as string);
    } catch (error) {
      if (error instanceof QUriError) {
        expect(() => parse(input as string)).toThrow(error.message);
        return error.message;
      }
      throw error;
    }
    throw new Error('expected a QUriError');
  };

  it('rejects a non-string on both paths with SCHEME_INVALID at 0', () => {
    expect(() => parseBySpec(42 as never)).toThrow(
      expect.objectContaining({ code: 'SCHEME_INVALID', offset: 0 }),
    );
    expect(messageOf(42)).toBe('input is not a string');
  });

  it.each([
    ['q://a@b/run', 'userinfo is not allowed'],
    ['q://[a]/run', 'IP literals are not allowed; use a DQN-Alias'],
    ['q://a:1/run', 'a DQN-Alias is a name, not an address'],
    ['q://*x/run', "'*' must be followed by '.<scope>'"],
    [`q://${'a'.repeat(64)}/run`, 'label longer than 63 characters'],
    ['q://1a/run', 'label must start with a letter'],
    ['q://a_b/run', 'label may only hold letters, digits and hyphens'],
    ['q://a./run', 'empty label'],
    ['q://a-/run', 'label ends with a hyphen'],
    ['q://a.b.c/run', 'a target has at most two labels: alias.scope'],
    ['q:///run', 'empty authority'],
    ['q://a', 'no operation in the path'],
    ['q://a/x', 'operation must be /run, /status, /link, /jobs/<id> or /jobs/<id>/cancel'],
    ['q://a/jobs/a.b', 'a job id is 1-64 characters of A-Z a-z 0-9 - _'],
    ['q://a/status?x', 'only /run and /link take query parameters'],
    ['q://a/run#x', 'fragments are not allowed'],
  ])('%s is refused with the reason %j', (input, message) => {
    expect(messageOf(input)).toBe(message);
  });
});
