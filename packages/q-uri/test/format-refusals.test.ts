import { describe, expect, it } from 'vitest';
import { DEFAULT_PARAMS, format, type QUri, QUriError, type QUriErrorCode } from '../src/index.js';

const rigel = { kind: 'node', alias: 'rigel' } as const;

function formatFailure(u: unknown): { code: QUriErrorCode; offset: number } {
  try {
    format(u as QUri);
  } catch (error) {
    if (!(error instanceof QUriError)) throw error;
    return { code: error.code, offset: error.offset };
  }
  throw new Error('expected format to fail');
}

/** A /run of rigel with these params; "q://rigel/run" is 13 characters. */
const runWith = (params: object) => ({
  target: rigel,
  operation: 'run',
  params: { ...DEFAULT_PARAMS, ...params },
});

describe('format refuses a bad field at the offset where it would be written', () => {
  it.each([
    [
      'a function that carries the fields of a Q-URI',
      Object.assign(() => {}, { target: rigel, operation: 'status' }),
      'TARGET_INVALID',
      4,
    ],
    [
      'a target that is a function carrying the fields of one',
      { target: Object.assign(() => {}, rigel), operation: 'status' },
      'TARGET_INVALID',
      4,
    ],
    ['null params', { target: rigel, operation: 'run', params: null }, 'PARAM_SYNTAX', 13],
    [
      'params that are not an object',
      { target: rigel, operation: 'run', params: 42 },
      'PARAM_SYNTAX',
      13,
    ],
    [
      'a bad job id of a cancel',
      { target: rigel, operation: 'cancel', jobId: 'a/b' },
      'JOB_ID_INVALID',
      15,
    ],
    ['deadlineMs 0, the first pair', runWith({ deadlineMs: 0 }), 'PARAM_RANGE', 14],
    ['shots one above the range', runWith({ shots: 1_000_001 }), 'PARAM_RANGE', 14],
    ['a negative minFidelity', runWith({ minFidelity: -0.25 }), 'PARAM_RANGE', 14],
    ['a minFidelity given as a string', runWith({ minFidelity: '0.5' }), 'PARAM_SYNTAX', 14],
  ])('%s', (_, u, code, offset) => {
    expect(formatFailure(u)).toStrictEqual({ code, offset });
  });

  // "q://rigel/run?deadline-ms=10" is 28 characters: a bad later value starts at 29.
  it.each([
    ['minFidelity', { minFidelity: 2 }, 'PARAM_RANGE'],
    ['priority', { priority: 8 }, 'PARAM_RANGE'],
    ['reroute', { reroute: 'never' }, 'PARAM_SYNTAX'],
    ['shots', { shots: 0 }, 'PARAM_RANGE'],
  ])('a bad %s after deadline-ms=10 is refused at 29', (_, params, code) => {
    expect(formatFailure(runWith({ deadlineMs: 10, ...params }))).toStrictEqual({
      code,
      offset: 29,
    });
  });
});
