import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PARAMS,
  format,
  normalize,
  parse,
  type QUri,
  QUriError,
  type QUriErrorCode,
} from '../src/index.js';

const rigel = { kind: 'node', alias: 'rigel' } as const;

function formatFailure(u: unknown): { code: QUriErrorCode; offset: number } {
  try {
    format(u as QUri);
  } catch (error) {
    expect(error).toBeInstanceOf(QUriError);
    return { code: (error as QUriError).code, offset: (error as QUriError).offset };
  }
  throw new Error('expected format to fail');
}

describe('format', () => {
  it('writes every operation and target kind', () => {
    expect(format({ target: rigel, operation: 'run', params: DEFAULT_PARAMS })).toBe(
      'q://rigel/run',
    );
    expect(format({ target: { kind: 'scope', scope: 'eu-west' }, operation: 'status' })).toBe(
      'q://*.eu-west/status',
    );
    expect(
      format({ target: { ...rigel, scope: 'us-east' }, operation: 'cancel', jobId: 'J_1' }),
    ).toBe('q://rigel.us-east/jobs/J_1/cancel');
    expect(format({ target: rigel, operation: 'job', jobId: 'abc' })).toBe('q://rigel/jobs/abc');
  });

  it('writes parameters in name order, omitting defaults, with shortest decimals', () => {
    const params = {
      shots: 2048,
      minFidelity: 0.95,
      qubits: 20,
      deadlineMs: 1500,
      reroute: 'deny',
      priority: 3,
    } as const;
    expect(format({ target: rigel, operation: 'run', params })).toBe(
      'q://rigel/run?deadline-ms=1500&min-fidelity=0.95&priority=3&qubits=20&reroute=deny&shots=2048',
    );
    expect(
      format({ target: rigel, operation: 'run', params: { ...DEFAULT_PARAMS, minFidelity: 1 } }),
    ).toBe('q://rigel/run?min-fidelity=1');
    expect(
      format({
        target: rigel,
        operation: 'run',
        params: { ...DEFAULT_PARAMS, minFidelity: 0.000001 },
      }),
    ).toBe('q://rigel/run?min-fidelity=0.000001');
  });

  it.each([
    [{ target: { kind: 'node', alias: 'Rigel' }, operation: 'status' }, 'ALIAS_INVALID', 4],
    [
      { target: { kind: 'node', alias: 'rigel', scope: 'eu_w' }, operation: 'status' },
      'SCOPE_INVALID',
      10,
    ],
    [{ target: { kind: 'scope', scope: '' }, operation: 'status' }, 'SCOPE_INVALID', 6],
    [{ target: { kind: 'planet' }, operation: 'status' }, 'TARGET_INVALID', 4],
    [{ target: null, operation: 'status' }, 'TARGET_INVALID', 4],
    [null, 'TARGET_INVALID', 4],
    [{ target: rigel, operation: 'reboot' }, 'OPERATION_UNKNOWN', 9],
    [{ target: rigel, operation: 'job', jobId: 'a/b' }, 'JOB_ID_INVALID', 15],
    [
      { target: rigel, operation: 'run', params: { ...DEFAULT_PARAMS, shots: 0 } },
      'PARAM_RANGE',
      14,
    ],
    [
      { target: rigel, operation: 'run', params: { ...DEFAULT_PARAMS, shots: 1.5 } },
      'PARAM_RANGE',
      14,
    ],
    [
      { target: rigel, operation: 'run', params: { ...DEFAULT_PARAMS, priority: Number.NaN } },
      'PARAM_RANGE',
      14,
    ],
    [
      { target: rigel, operation: 'run', params: { ...DEFAULT_PARAMS, minFidelity: 0.1234567 } },
      'PARAM_RANGE',
      14,
    ],
    [
      { target: rigel, operation: 'run', params: { ...DEFAULT_PARAMS, minFidelity: 1.5 } },
      'PARAM_RANGE',
      14,
    ],
    [
      { target: rigel, operation: 'run', params: { ...DEFAULT_PARAMS, qubits: '20' } },
      'PARAM_SYNTAX',
      14,
    ],
    [
      { target: rigel, operation: 'run', params: { ...DEFAULT_PARAMS, reroute: 'never' } },
      'PARAM_SYNTAX',
      14,
    ],
    [{ target: rigel, operation: 'run' }, 'PARAM_SYNTAX', 13],
  ])('refuses %j with %s at %d', (u, code, offset) => {
    expect(formatFailure(u)).toStrictEqual({ code, offset });
  });

  it('reports the offset of a bad later parameter after the ones already written', () => {
    const params = { ...DEFAULT_PARAMS, deadlineMs: 10, qubits: 0 };
    // "q://rigel/run?deadline-ms=10" is 28 characters; qubits would start after the '&'.
    expect(formatFailure({ target: rigel, operation: 'run', params })).toStrictEqual({
      code: 'PARAM_RANGE',
      offset: 29,
    });
  });
});

describe('normalize', () => {
  it.each([
    ['Q://RIGEL/run', 'q://rigel/run'],
    ['q://rigel/run?shots=1024&reroute=allow&priority=0&min-fidelity=0.000', 'q://rigel/run'],
    ['q://rigel/run?shots=10&qubits=5', 'q://rigel/run?qubits=5&shots=10'],
    ['q://r%69gel.EU-%77est/jobs/%41%62c', 'q://rigel.eu-west/jobs/Abc'],
    [
      'q://*.Eu-West/run?min-fidelity=0.900&reroute=deny',
      'q://*.eu-west/run?min-fidelity=0.9&reroute=deny',
    ],
    ['q://rigel/run?min-fidelity=1.0', 'q://rigel/run?min-fidelity=1'],
  ])('%s → %s', (input, canonical) => {
    expect(normalize(input)).toBe(canonical);
    expect(normalize(canonical)).toBe(canonical);
    expect(parse(canonical)).toStrictEqual(parse(input));
  });
});
