import { describe, expect, it } from 'vitest';
import { DEFAULT_PARAMS, isQUri, parse, QUriError, type QUriErrorCode } from '../src/index.js';
import { parseBySpec } from '../src/parse.js';

function failure(input: string): { code: QUriErrorCode; offset: number } {
  try {
    parse(input);
  } catch (error) {
    expect(error).toBeInstanceOf(QUriError);
    const e = error as QUriError;
    // The fast path must not change which error is reported.
    expect(() => parseBySpec(input)).toThrow(e.message);
    return { code: e.code, offset: e.offset };
  }
  throw new Error(`expected ${input} to be rejected`);
}

describe('parse: targets', () => {
  it('reads a bare alias, an alias with scope, and a scope-wide target', () => {
    expect(parse('q://rigel/run').target).toStrictEqual({ kind: 'node', alias: 'rigel' });
    expect(parse('q://rigel.eu-west/run').target).toStrictEqual({
      kind: 'node',
      alias: 'rigel',
      scope: 'eu-west',
    });
    expect(parse('q://*.eu-west/run?qubits=20')).toStrictEqual({
      target: { kind: 'scope', scope: 'eu-west' },
      operation: 'run',
      params: { ...DEFAULT_PARAMS, qubits: 20 },
    });
  });

  it('folds the case of scheme and labels', () => {
    expect(parse('Q://RiGeL.EU-WEST/status')).toStrictEqual({
      target: { kind: 'node', alias: 'rigel', scope: 'eu-west' },
      operation: 'status',
    });
  });

  it('accepts labels of exactly 63 characters and no more', () => {
    const label63 = `a${'b'.repeat(62)}`;
    expect(parse(`q://${label63}/run`).target).toStrictEqual({ kind: 'node', alias: label63 });
    expect(failure(`q://${label63}b/run`)).toStrictEqual({ code: 'ALIAS_INVALID', offset: 67 });
    expect(failure(`q://a.${label63}b/run`)).toStrictEqual({ code: 'SCOPE_INVALID', offset: 69 });
  });

  it.each([
    ['q://1rigel/run', 'ALIAS_INVALID', 4],
    ['q://-rigel/run', 'ALIAS_INVALID', 4],
    ['q://rigel-/run', 'ALIAS_INVALID', 9],
    ['q://ri_gel/run', 'ALIAS_INVALID', 6],
    ['q://.eu-west/run', 'ALIAS_INVALID', 4],
    ['q://rigel./run', 'SCOPE_INVALID', 10],
    ['q://rigel.9x/run', 'SCOPE_INVALID', 10],
    ['q://rigel.eu-west.x/run', 'TARGET_INVALID', 17],
    ['q://*/run', 'TARGET_INVALID', 5],
    ['q://*.a.b/run', 'TARGET_INVALID', 7],
    ['q://*x.eu/run', 'TARGET_INVALID', 5],
    ['q:///run', 'TARGET_INVALID', 4],
    ['q://[::1]/run', 'TARGET_INVALID', 4],
    ['q://127.0.0.1/run', 'ALIAS_INVALID', 4],
    ['q://user@rigel/run', 'USERINFO_NOT_ALLOWED', 8],
    ['q://user:pw@rigel/run', 'USERINFO_NOT_ALLOWED', 11],
    ['q://rigel:443/run', 'PORT_NOT_ALLOWED', 9],
    ['q://rigel:/run', 'PORT_NOT_ALLOWED', 9],
  ] as const)('rejects %s with %s at %d', (input, code, offset) => {
    expect(failure(input)).toStrictEqual({ code, offset });
  });
});

describe('parse: operations', () => {
  it('reads the closed set of operations', () => {
    expect(parse('q://rigel/status')).toStrictEqual({
      target: { kind: 'node', alias: 'rigel' },
      operation: 'status',
    });
    expect(parse('q://rigel/jobs/J-1_a')).toStrictEqual({
      target: { kind: 'node', alias: 'rigel' },
      operation: 'job',
      jobId: 'J-1_a',
    });
    expect(parse('q://rigel/jobs/abc/cancel')).toStrictEqual({
      target: { kind: 'node', alias: 'rigel' },
      operation: 'cancel',
      jobId: 'abc',
    });
    expect(parse('q://rigel/run')).toStrictEqual({
      target: { kind: 'node', alias: 'rigel' },
      operation: 'run',
      params: DEFAULT_PARAMS,
    });
  });

  it.each([
    ['q://rigel', 'OPERATION_MISSING', 9],
    ['q://rigel/', 'OPERATION_MISSING', 10],
    ['q://rigel?shots=1', 'OPERATION_MISSING', 9],
    ['q://rigel/RUN', 'OPERATION_UNKNOWN', 9],
    ['q://rigel/run/', 'OPERATION_UNKNOWN', 9],
    ['q://rigel/jobs', 'OPERATION_UNKNOWN', 9],
    ['q://rigel/./run', 'OPERATION_UNKNOWN', 9],
    ['q://rigel/jobs/a/b', 'OPERATION_UNKNOWN', 9],
    ['q://rigel/jobs/', 'JOB_ID_INVALID', 15],
    ['q://rigel/jobs//cancel', 'JOB_ID_INVALID', 15],
    ['q://rigel/jobs/a.b', 'JOB_ID_INVALID', 16],
    [`q://rigel/jobs/${'x'.repeat(65)}`, 'JOB_ID_INVALID', 79],
    ['q://rigel/status?x=1', 'QUERY_NOT_ALLOWED', 16],
    ['q://rigel/jobs/a?', 'QUERY_NOT_ALLOWED', 16],
    ['q://rigel/run#top', 'FRAGMENT_NOT_ALLOWED', 13],
    ['q://rigel/status#', 'FRAGMENT_NOT_ALLOWED', 16],
  ] as const)('rejects %s with %s at %d', (input, code, offset) => {
    expect(failure(input)).toStrictEqual({ code, offset });
  });

  it('accepts a job id of exactly 64 characters', () => {
    const id = 'Z'.repeat(64);
    expect(parse(`q://rigel/jobs/${id}/cancel`)).toMatchObject({ operation: 'cancel', jobId: id });
  });
});

describe('parse: query parameters', () => {
  it('reads every parameter with its type', () => {
    expect(
      parse(
        'q://rigel/run?shots=1&min-fidelity=0.999999&qubits=32767&deadline-ms=86400000&reroute=deny&priority=7',
      ),
    ).toStrictEqual({
      target: { kind: 'node', alias: 'rigel' },
      operation: 'run',
      params: {
        shots: 1,
        minFidelity: 0.999999,
        qubits: 32767,
        deadlineMs: 86_400_000,
        reroute: 'deny',
        priority: 7,
      },
    });
  });

  it('reads min-fidelity as an exact decimal', () => {
    const fid = (v: string): number => {
      const u = parse(`q://a/run?min-fidelity=${v}`);
      if (u.operation !== 'run') throw new Error('not run');
      return u.params.minFidelity;
    };
    expect(fid('0')).toBe(0);
    expect(fid('1')).toBe(1);
    expect(fid('1.000000')).toBe(1);
    expect(fid('0.5')).toBe(0.5);
    expect(fid('0.000001')).toBe(0.000001);
    expect(fid('0.95')).toBe(0.95);
  });

  it.each([
    ['q://a/run?', 'PARAM_EMPTY', 10],
    ['q://a/run?&shots=1', 'PARAM_EMPTY', 10],
    ['q://a/run?shots=1&', 'PARAM_EMPTY', 18],
    ['q://a/run?shots=1&&qubits=2', 'PARAM_EMPTY', 18],
    ['q://a/run?shots', 'PARAM_VALUE_MISSING', 15],
    ['q://a/run?shots=', 'PARAM_VALUE_MISSING', 16],
    ['q://a/run?shots=&qubits=1', 'PARAM_VALUE_MISSING', 16],
    ['q://a/run?Shots=1', 'PARAM_UNKNOWN', 10],
    ['q://a/run?shot=1', 'PARAM_UNKNOWN', 10],
    ['q://a/run?=1', 'PARAM_UNKNOWN', 10],
    ['q://a/run?min_fidelity=0.9', 'PARAM_UNKNOWN', 10],
    ['q://a/run?shots=1&shots=1', 'PARAM_DUPLICATE', 18],
    ['q://a/run?shots=1&qubits=2&shots=x', 'PARAM_DUPLICATE', 27],
    ['q://a/run?shots=01', 'PARAM_SYNTAX', 16],
    ['q://a/run?shots=+1', 'PARAM_SYNTAX', 16],
    ['q://a/run?shots=-1', 'PARAM_SYNTAX', 16],
    ['q://a/run?shots=1e3', 'PARAM_SYNTAX', 17],
    ['q://a/run?shots=1.0', 'PARAM_SYNTAX', 17],
    ['q://a/run?shots=1=2', 'PARAM_SYNTAX', 17],
    ['q://a/run?shots=0', 'PARAM_RANGE', 16],
    ['q://a/run?shots=1000001', 'PARAM_RANGE', 16],
    ['q://a/run?shots=99999999999999999999999', 'PARAM_RANGE', 16],
    ['q://a/run?priority=8', 'PARAM_RANGE', 19],
    ['q://a/run?priority=00', 'PARAM_SYNTAX', 19],
    ['q://a/run?qubits=32768', 'PARAM_RANGE', 17],
    ['q://a/run?deadline-ms=0', 'PARAM_RANGE', 22],
    ['q://a/run?deadline-ms=86400001', 'PARAM_RANGE', 22],
    ['q://a/run?min-fidelity=.5', 'PARAM_SYNTAX', 23],
    ['q://a/run?min-fidelity=0.', 'PARAM_SYNTAX', 25],
    ['q://a/run?min-fidelity=00.5', 'PARAM_SYNTAX', 23],
    ['q://a/run?min-fidelity=0.5.1', 'PARAM_SYNTAX', 26],
    ['q://a/run?min-fidelity=0.1234567', 'PARAM_SYNTAX', 31],
    ['q://a/run?min-fidelity=1e-1', 'PARAM_SYNTAX', 24],
    ['q://a/run?min-fidelity=1.000001', 'PARAM_RANGE', 23],
    ['q://a/run?min-fidelity=2', 'PARAM_RANGE', 23],
    ['q://a/run?min-fidelity=10', 'PARAM_RANGE', 23],
    ['q://a/run?reroute=ALLOW', 'PARAM_SYNTAX', 18],
    ['q://a/run?reroute=maybe', 'PARAM_SYNTAX', 18],
  ] as const)('rejects %s with %s at %d', (input, code, offset) => {
    expect(failure(input)).toStrictEqual({ code, offset });
  });
});

describe('parse: lexical rules', () => {
  it('decodes percent-encoded unreserved characters everywhere', () => {
    expect(parse('q://r%69gel%2Eeu-w%65st/r%75n?sh%6Fts=%32%30%34%38')).toStrictEqual(
      parse('q://rigel.eu-west/run?shots=2048'),
    );
    expect(parse('q://rigel/jobs/%41b%5f')).toMatchObject({ jobId: 'Ab_' });
  });

  it.each([
    ['', 'SCHEME_INVALID', 0],
    ['http://rigel/run', 'SCHEME_INVALID', 0],
    ['q:/rigel/run', 'SCHEME_INVALID', 3],
    ['q:rigel', 'SCHEME_INVALID', 2],
    ['%71://rigel/run', 'SCHEME_INVALID', 0],
    ['q://rïgel/run', 'NON_ASCII', 5],
    ['q://bücher.eu/run', 'NON_ASCII', 5],
    ['q://rigel/run?shots=1\uD800', 'NON_ASCII', 21],
    ['q://rigel/ run', 'INVALID_CHAR', 10],
    ['q://rigel/run?shots=1\n', 'INVALID_CHAR', 21],
    ['q://rigel/run?x=<', 'INVALID_CHAR', 16],
    ['q://rigel/run?shots=%', 'BAD_PERCENT_ENCODING', 20],
    ['q://rigel/run?shots=%4', 'BAD_PERCENT_ENCODING', 20],
    ['q://rigel/run?shots=%G1', 'BAD_PERCENT_ENCODING', 20],
    ['q://ri%2Fgel/run', 'ENCODED_CHAR_NOT_ALLOWED', 6],
    ['q://r%C3%AFgel/run', 'ENCODED_CHAR_NOT_ALLOWED', 5],
    ['q://rigel/run?shots=1%26qubits=2', 'ENCODED_CHAR_NOT_ALLOWED', 21],
    ['q://%2A.eu/run', 'ENCODED_CHAR_NOT_ALLOWED', 4],
  ] as const)('rejects %j with %s at %d', (input, code, offset) => {
    expect(failure(input)).toStrictEqual({ code, offset });
  });

  it('maps offsets after percent-decoding back to the input', () => {
    // The decoded alias is "ri_gel"; its '_' is decoded index 6 but input index 8.
    expect(failure('q://r%69_gel/run')).toStrictEqual({ code: 'ALIAS_INVALID', offset: 8 });
    expect(failure('q://%61/run?sh%6Fts=0')).toStrictEqual({ code: 'PARAM_RANGE', offset: 20 });
  });

  it('limits the input to 2048 characters', () => {
    const base = 'q://rigel/jobs/';
    const longest = `q://${'a'.repeat(63)}/run?shots=1${'&'.repeat(0)}`;
    expect(isQUri(longest)).toBe(true);
    const tooLong = base + 'x'.repeat(2048 - base.length + 1);
    expect(failure(tooLong)).toStrictEqual({ code: 'TOO_LONG', offset: 2048 });
    // 2048 exactly is read (and fails later for a different reason).
    expect(failure(base + 'x'.repeat(2048 - base.length)).code).toBe('JOB_ID_INVALID');
  });

  it('takes an ASCII label that looks like punycode as a plain name, without decoding it', () => {
    expect(parse('q://xn--bcher-kva/run').target).toStrictEqual({
      kind: 'node',
      alias: 'xn--bcher-kva',
    });
  });

  it('rejects non-strings with a QUriError', () => {
    expect(() => parse(42 as unknown as string)).toThrow(QUriError);
    expect(isQUri(null as unknown as string)).toBe(false);
  });
});
