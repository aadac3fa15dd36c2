import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseFast } from '../src/fast-path.js';
import {
  DEFAULT_PARAMS,
  format,
  parse,
  type QUri,
  QUriError,
  type QUriErrorCode,
} from '../src/index.js';
import { parseBySpec } from '../src/parse.js';
import { jobId, label, mutatedQuri, quri, respell, useFormatter } from './arbitraries.js';

useFormatter(format);

type Outcome = { ok: true; value: QUri } | { ok: false; code: QUriErrorCode; offset: number };

function outcomeOf(f: (s: string) => QUri, s: string): Outcome {
  try {
    return { ok: true, value: f(s) };
  } catch (error) {
    if (!(error instanceof QUriError)) throw error;
    return { ok: false, code: error.code, offset: error.offset };
  }
}

/**
 * The fast path's contract: on a valid Q-URI without '%' it returns exactly what the
 * step-by-step parser returns; on anything else it declines (`undefined`) and leaves the
 * error to the step-by-step parser. `parse` must report the same outcome as that parser.
 */
function expectFastAgrees(s: string): Outcome {
  const spec = outcomeOf(parseBySpec, s);
  const fast = parseFast(s);
  if (spec.ok && !s.includes('%')) expect(fast).toStrictEqual(spec.value);
  else expect(fast).toBeUndefined();
  expect(outcomeOf(parse, s)).toStrictEqual(spec);
  return spec;
}

const SEED = 20_251_203;

/** A valid URI spelled with upper case in the scheme and host but without any '%'. */
const plainSpelling = fc
  .tuple(quri, fc.array(fc.nat({ max: 29 }), { minLength: 1, maxLength: 16 }))
  .map(([u, picks]) => ({
    u,
    s: respell(
      format(u),
      picks.map((p) => (p % 5 === 1 ? p + 1 : p)),
    ),
  }));

const AUTHORITY_NEAR_MISSES = [
  '',
  '*',
  '*.',
  '*x',
  '*.a.b',
  '*.-a',
  '*.a-',
  '*.1a',
  'a.',
  '.a',
  'a..b',
  'a-',
  '-a',
  '1a',
  'a_b',
  'a~',
  'a.b-',
  'a.9',
  'a.b.c',
  'RiGeL',
  'A-0.Z-9',
  'é',
  'aé',
  'a.é',
  'a\u0080',
  'a\u007f',
  'a%41',
  'a:1',
  'a@b',
  '[a]',
];

const PATHS = [
  '/run',
  '/status',
  '/jobs/x',
  '/jobs/x/cancel',
  '',
  '/',
  '/r',
  '/ru',
  '/rux',
  '/rxn',
  '/runx',
  '/s',
  '/statu',
  '/statusx',
  '/Status',
  '/j',
  '/job',
  '/jobs',
  '/jobs/',
  '/jobsx/x',
  '/jobs//cancel',
  '/jobs/a.b',
  '/jobs/é',
  '/jobs/x/',
  '/jobs/x/cance',
  '/jobs/x/cancelx',
  '/jobs/x/Cancel',
  '/jobs/x?',
  '/x',
  '/RUN',
  '//run',
];

const PARAM_NAMES = [
  'shots',
  'qubits',
  'priority',
  'deadline-ms',
  'min-fidelity',
  'reroute',
  'shot',
  'shotsx',
  'qubit',
  'prio',
  'deadline',
  'min-fid',
  'rero',
  'x',
  '',
];

const PARAM_VALUES = [
  '0',
  '1',
  '01',
  '00',
  '7',
  '8',
  '10',
  '1024',
  '32767',
  '32768',
  '999999',
  '1000000',
  '1000001',
  '86400000',
  '86400001',
  '99999999999',
  '1x',
  '',
  '0.',
  '.5',
  '0.5',
  '1.',
  '1.0',
  '1.000000',
  '1.000001',
  '0.000001',
  '0.123456',
  '0.1234567',
  '0.9a',
  '00.5',
  '2',
  '2.0',
  'allow',
  'deny',
  'allowx',
  'denyx',
  'allo',
  'den',
  'ALLOW',
  '%31',
];

/** Name/value pairs, joined by '&' or near-miss separators. */
const query = fc
  .array(
    fc.tuple(
      fc.constantFrom(...PARAM_NAMES),
      fc.constantFrom('=', '=', '=', '', '=='),
      fc.constantFrom(...PARAM_VALUES),
    ),
    { minLength: 1, maxLength: 4 },
  )
  .chain((pairs) =>
    fc
      .array(fc.constantFrom('&', '&', '&', '&&', '#', '?'), {
        minLength: pairs.length,
        maxLength: pairs.length,
      })
      .map((seps) => pairs.map(([n, eq, v], k) => (k === 0 ? '' : seps[k]) + n + eq + v).join('')),
  );

/**
 * Q-URIs built from grammar pieces, about half of them off by a little: a scheme, an
 * authority (valid labels, a label of 63 or 64 characters, or a near miss), a path, an
 * optional query and an optional tail.
 */
const grammarQuri = fc
  .tuple(
    fc.constantFrom('q://', 'q://', 'Q://', 'x://', 'qq://', 'q:/', 'q:x/', 'q:/x', 'q'),
    fc.oneof(
      label,
      fc.tuple(label, label).map(([a, b]) => `${a}.${b}`),
      label.map((l) => `*.${l}`),
      fc.constantFrom(...AUTHORITY_NEAR_MISSES),
      fc
        .tuple(fc.constantFrom('a', 'a.', '*.', 'A.'), fc.integer({ min: 62, max: 64 }))
        .map(([head, k]) => head + 'b'.repeat(k)),
    ),
    fc.oneof(
      fc.constantFrom(...PATHS),
      jobId.map((id) => `/jobs/${id}`),
      jobId.map((id) => `/jobs/${id}/cancel`),
      fc.integer({ min: 63, max: 65 }).map((k) => `/jobs/${'J'.repeat(k)}`),
    ),
    fc.option(query, { nil: undefined }),
    fc.constantFrom('', '', '', '#', '#x', '&', '%', '\u00e9', ' '),
  )
  .map(([scheme, authority, path, q, tail]) =>
    q === undefined ? scheme + authority + path + tail : `${scheme}${authority}${path}?${q}${tail}`,
  );

describe('fast path', () => {
  it('returns the value of every valid Q-URI spelled without percent-encoding', () => {
    fc.assert(
      fc.property(plainSpelling, ({ u, s }) => {
        expect(parseFast(s)).toStrictEqual(u);
      }),
      { seed: SEED, numRuns: 400 },
    );
  });

  it('agrees with the step-by-step parser on grammar-built Q-URIs and near misses', () => {
    fc.assert(
      fc.property(grammarQuri, (s) => {
        expectFastAgrees(s);
      }),
      { seed: SEED, numRuns: 600 },
    );
  });

  it('agrees with the step-by-step parser on valid Q-URIs with a few characters edited', () => {
    fc.assert(
      fc.property(mutatedQuri, (s) => {
        expectFastAgrees(s);
      }),
      { seed: SEED, numRuns: 400 },
    );
  });

  const node = (alias: string, scope?: string) =>
    scope === undefined ? { kind: 'node', alias } : { kind: 'node', alias, scope };
  const run = (params: object) => ({ ...DEFAULT_PARAMS, ...params });
  const label63 = `a${'b'.repeat(62)}`;
  const id64 = 'J'.repeat(64);

  it.each([
    ['q://a/run', { target: node('a'), operation: 'run', params: DEFAULT_PARAMS }],
    ['Q://A/status', { target: node('a'), operation: 'status' }],
    [`q://${label63}.${label63}/status`, { target: node(label63, label63), operation: 'status' }],
    [
      `q://*.${label63.toUpperCase()}/status`,
      { target: { kind: 'scope', scope: label63 }, operation: 'status' },
    ],
    ['q://a0-9.z/jobs/x', { target: node('a0-9', 'z'), operation: 'job', jobId: 'x' }],
    [`q://a/jobs/${id64}`, { target: node('a'), operation: 'job', jobId: id64 }],
    ['q://a/jobs/A_-z/cancel', { target: node('a'), operation: 'cancel', jobId: 'A_-z' }],
    ['q://a/jobs/cancel', { target: node('a'), operation: 'job', jobId: 'cancel' }],
    [
      'q://a/run?shots=1000000&qubits=32767&priority=7&deadline-ms=86400000',
      {
        target: node('a'),
        operation: 'run',
        params: run({ shots: 1_000_000, qubits: 32_767, priority: 7, deadlineMs: 86_400_000 }),
      },
    ],
    [
      'q://a/run?shots=1&qubits=1&priority=0&deadline-ms=1&reroute=deny',
      {
        target: node('a'),
        operation: 'run',
        params: run({ shots: 1, qubits: 1, priority: 0, deadlineMs: 1, reroute: 'deny' }),
      },
    ],
    ['q://a/run?reroute=allow', { target: node('a'), operation: 'run', params: DEFAULT_PARAMS }],
    [
      'q://a/run?min-fidelity=0.123456&shots=90',
      { target: node('a'), operation: 'run', params: run({ minFidelity: 0.123456, shots: 90 }) },
    ],
    [
      'q://a/run?min-fidelity=1.000000',
      { target: node('a'), operation: 'run', params: run({ minFidelity: 1 }) },
    ],
    [
      'q://a/run?min-fidelity=1',
      { target: node('a'), operation: 'run', params: run({ minFidelity: 1 }) },
    ],
    [
      'q://a/run?min-fidelity=0.9&priority=3',
      { target: node('a'), operation: 'run', params: run({ minFidelity: 0.9, priority: 3 }) },
    ],
    [
      'q://a/run?min-fidelity=0.000001',
      { target: node('a'), operation: 'run', params: run({ minFidelity: 0.000001 }) },
    ],
  ])('reads %s by itself', (s, value) => {
    expect(parseFast(s)).toStrictEqual(value);
    expect(parseBySpec(s)).toStrictEqual(value);
  });

  it.each([
    [`q://a/run?${'x'.repeat(2040)}`, 'TOO_LONG', 2048],
    ['x://a/run', 'SCHEME_INVALID', 0],
    ['q;//a/run', 'SCHEME_INVALID', 1],
    ['q:/a/run', 'SCHEME_INVALID', 3],
    ['q:x/a/run', 'SCHEME_INVALID', 2],
    ['Q:/\u0080', 'SCHEME_INVALID', 3],
    ['q://a/run?shots=1000001', 'PARAM_RANGE', 16],
    ['q://a/run?qubits=32768', 'PARAM_RANGE', 17],
    ['q://a/run?priority=8', 'PARAM_RANGE', 19],
    ['q://a/run?priority=10', 'PARAM_RANGE', 19],
    ['q://a/run?deadline-ms=86400001', 'PARAM_RANGE', 22],
    ['q://a/run?shots=0', 'PARAM_RANGE', 16],
    ['q://a/run?qubits=0', 'PARAM_RANGE', 17],
    ['q://a/run?deadline-ms=0', 'PARAM_RANGE', 22],
    ['q://a/run?shots=01', 'PARAM_SYNTAX', 16],
    ['q://a/run?shots=', 'PARAM_VALUE_MISSING', 16],
    ['q://a/run?shots=x', 'PARAM_SYNTAX', 16],
    ['q://a/run?shots=1&shots=1', 'PARAM_DUPLICATE', 18],
    ['q://a/run?reroute=deny&reroute=deny', 'PARAM_DUPLICATE', 23],
    ['q://a/run?shots=1&', 'PARAM_EMPTY', 18],
    ['q://a/run?shots=1x', 'PARAM_SYNTAX', 17],
    ['q://a/run?shots=1#', 'FRAGMENT_NOT_ALLOWED', 17],
    ['q://a/run?reroute=allowx', 'PARAM_SYNTAX', 18],
    ['q://a/run?reroute=den', 'PARAM_SYNTAX', 18],
    ['q://a/run?reroute', 'PARAM_VALUE_MISSING', 17],
    ['q://a/run?min-fidelity=1.000001', 'PARAM_RANGE', 23],
    ['q://a/run?min-fidelity=2', 'PARAM_RANGE', 23],
    ['q://a/run?min-fidelity=0.', 'PARAM_SYNTAX', 25],
    ['q://a/run?min-fidelity=0.1234567', 'PARAM_SYNTAX', 31],
    ['q://a/run?min-fidelity=0.1234560', 'PARAM_SYNTAX', 31],
    ['q://a/run?min-fidelity=.5', 'PARAM_SYNTAX', 23],
    ['q://a/run?min-fidelity=0x', 'PARAM_SYNTAX', 24],
    ['q://a/run?', 'PARAM_EMPTY', 10],
    ['q://a/runx', 'OPERATION_UNKNOWN', 5],
    ['q://a/rux', 'OPERATION_UNKNOWN', 5],
    ['q://a/rn', 'OPERATION_UNKNOWN', 5],
    ['q://a/rxn', 'OPERATION_UNKNOWN', 5],
    ['q://a/run#', 'FRAGMENT_NOT_ALLOWED', 9],
    ['q://a/status#', 'FRAGMENT_NOT_ALLOWED', 12],
    ['q://a/statusx', 'OPERATION_UNKNOWN', 5],
    ['q://a/jobs', 'OPERATION_UNKNOWN', 5],
    ['q://a/jobs/', 'JOB_ID_INVALID', 11],
    [`q://a/jobs/${id64}J`, 'JOB_ID_INVALID', 75],
    ['q://a/jobs/x/cancelx', 'OPERATION_UNKNOWN', 5],
    ['q://a/jobs/x#', 'FRAGMENT_NOT_ALLOWED', 12],
    ['q://a/jobs/x\u0080', 'NON_ASCII', 12],
    ['q://a\u0080/run', 'NON_ASCII', 5],
    ['q://a\u007f/run', 'INVALID_CHAR', 5],
    ['q://\u0101/run', 'NON_ASCII', 4],
    ['q://*/run', 'TARGET_INVALID', 5],
    ['q://*a/run', 'TARGET_INVALID', 5],
    ['q://*.1/run', 'SCOPE_INVALID', 6],
    ['q://*./run', 'SCOPE_INVALID', 6],
    ['q://a./run', 'SCOPE_INVALID', 6],
    ['q://a.-/run', 'SCOPE_INVALID', 6],
    ['q://1/run', 'ALIAS_INVALID', 4],
    ['q://a-/run', 'ALIAS_INVALID', 5],
    [`q://${label63}b/run`, 'ALIAS_INVALID', 67],
    [`q://a.${label63}b/run`, 'SCOPE_INVALID', 69],
    [`q://*.${label63}b/run`, 'SCOPE_INVALID', 69],
    ['q://a_b/run', 'ALIAS_INVALID', 5],
    ['q://a/', 'OPERATION_MISSING', 6],
    ['q://a', 'OPERATION_MISSING', 5],
  ])('declines %s and leaves %s at %d to the step-by-step parser', (s, code, offset) => {
    expect(expectFastAgrees(s)).toStrictEqual({ ok: false, code, offset });
  });
});
