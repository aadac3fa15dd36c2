import { describe, expect, it } from 'vitest';
import { parse, QUriError, type QUriErrorCode } from '../src/index.js';
import { parseBySpec } from '../src/parse.js';

/**
 * The error both parse paths report for `input`. The reason is pinned as well: the QAN API
 * hands it to clients as the error body's `message` (docs/spec/qan-api.md §2).
 */
function refusal(input: string): { code: QUriErrorCode; offset: number; message: string } {
  const of = (f: (s: string) => unknown) => {
    try {
      f(input);
    } catch (error) {
      if (!(error instanceof QUriError)) throw error;
      return { code: error.code, offset: error.offset, message: error.message };
    }
    throw new Error(`expected ${input} to be rejected`);
  };
  const viaParse = of(parse);
  expect(of(parseBySpec)).toStrictEqual(viaParse);
  return viaParse;
}

describe('query parameters (spec §6 step 8)', () => {
  it.each([
    'q://a/run?shotz=1',
    'q://a/run?qubitz=1',
    'q://a/run?reroutz=allow',
    'q://a/run?prioritz=1',
    'q://a/run?deadline-mz=1',
    'q://a/run?min-fidelitz=1',
  ])(
    'refuses %s, a name of a known length that is no parameter, as PARAM_UNKNOWN at 10',
    (input) => {
      expect(refusal(input)).toStrictEqual({
        code: 'PARAM_UNKNOWN',
        offset: 10,
        message: 'unknown query parameter',
      });
    },
  );

  it.each([
    ['q://a/run?', 'PARAM_EMPTY', 10, 'empty query parameter'],
    ['q://a/run?shots=1&shots=2', 'PARAM_DUPLICATE', 18, 'query parameter given twice'],
    ['q://a/run?shots', 'PARAM_VALUE_MISSING', 15, 'query parameter has no value'],
    ['q://a/run?shots=1x', 'PARAM_SYNTAX', 17, 'an integer is decimal digits only'],
    ['q://a/run?shots=01', 'PARAM_SYNTAX', 16, 'leading zero'],
    ['q://a/run?shots=0', 'PARAM_RANGE', 16, 'value must be in 1..1000000'],
    ['q://a/run?min-fidelity=.5', 'PARAM_SYNTAX', 23, 'a decimal starts with a digit'],
    [
      'q://a/run?min-fidelity=1e-1',
      'PARAM_SYNTAX',
      24,
      'a decimal is digits with an optional fraction',
    ],
    ['q://a/run?min-fidelity=0.', 'PARAM_SYNTAX', 25, "a '.' must be followed by digits"],
    [
      'q://a/run?min-fidelity=0.5.1',
      'PARAM_SYNTAX',
      26,
      'a decimal is digits with an optional fraction',
    ],
    ['q://a/run?min-fidelity=00.5', 'PARAM_SYNTAX', 23, 'leading zero'],
    ['q://a/run?min-fidelity=0.1234567', 'PARAM_SYNTAX', 31, 'at most 6 fraction digits'],
    ['q://a/run?min-fidelity=2', 'PARAM_RANGE', 23, 'value must be in 0..1'],
    ['q://a/run?reroute=maybe', 'PARAM_SYNTAX', 18, "reroute is 'allow' or 'deny'"],
  ])('refuses %s with %s at %d: %s', (input, code, offset, message) => {
    expect(refusal(input)).toStrictEqual({ code, offset, message });
  });
});
