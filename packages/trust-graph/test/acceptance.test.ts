import { describe, expect, it } from 'vitest';
import {
  type AcceptanceThresholds,
  classifyAcceptance,
  DEFAULT_ACCEPTANCE_THRESHOLDS,
  TrustGraphError,
} from '../src/index.js';

/** The error `fn` throws, so code, field and message can all be asserted. */
function caught(fn: () => unknown): TrustGraphError {
  try {
    fn();
  } catch (e) {
    if (e instanceof TrustGraphError) return e;
    throw e;
  }
  throw new Error('expected a TrustGraphError');
}

function errorOf(fn: () => unknown): { code: string; field: string; message: string } {
  const e = caught(fn);
  return { code: e.code, field: e.field, message: e.message };
}

const th: AcceptanceThresholds = { trusted: 0.75, distrust: 0.1 };

describe('classifyAcceptance tiers at the boundaries (spec §3)', () => {
  it('defaults to the reference thresholds 0.75 and 0', () => {
    expect(DEFAULT_ACCEPTANCE_THRESHOLDS).toStrictEqual({ trusted: 0.75, distrust: 0 });
    expect(classifyAcceptance(0.75, 0)).toBe('Trusted');
    expect(classifyAcceptance(0.7499, 0)).toBe('Tentative');
    expect(classifyAcceptance(0.01, 0)).toBe('Tentative');
    expect(classifyAcceptance(0, 0)).toBe('Untrusted');
    expect(classifyAcceptance(1, 0.01)).toBe('Tentative');
    expect(classifyAcceptance(0, 0.75)).toBe('Invalid');
    expect(classifyAcceptance(1, 0.7499)).toBe('Tentative');
  });

  it('is Invalid exactly when distrust reaches the trusted threshold', () => {
    expect(classifyAcceptance(1, 0.75, th)).toBe('Invalid');
    expect(classifyAcceptance(1, 0.7499, th)).toBe('Tentative');
    expect(classifyAcceptance(0, 0.75, th)).toBe('Invalid');
    expect(classifyAcceptance(0, 1, th)).toBe('Invalid');
  });

  it('is Trusted with trust at the threshold and distrust at the distrust threshold', () => {
    expect(classifyAcceptance(0.75, 0.1, th)).toBe('Trusted');
    expect(classifyAcceptance(1, 0, th)).toBe('Trusted');
    expect(classifyAcceptance(0.7499, 0, th)).toBe('Tentative');
    expect(classifyAcceptance(0.75, 0.1001, th)).toBe('Tentative');
  });

  it('is Tentative only when trust is strictly above the distrust threshold', () => {
    expect(classifyAcceptance(0.1001, 0, th)).toBe('Tentative');
    expect(classifyAcceptance(0.1, 0, th)).toBe('Untrusted');
    expect(classifyAcceptance(0.05, 0.5, th)).toBe('Untrusted');
    expect(classifyAcceptance(0, 0, th)).toBe('Untrusted');
  });

  it('accepts the ends of [0, 1] for trust, distrust and the thresholds', () => {
    expect(classifyAcceptance(1, 0, { trusted: 1, distrust: 0 })).toBe('Trusted');
    expect(classifyAcceptance(0.5, 0, { trusted: 1, distrust: 0 })).toBe('Tentative');
    expect(classifyAcceptance(0, 1, { trusted: 1, distrust: 0 })).toBe('Invalid');
    expect(classifyAcceptance(0.5, 0, { trusted: 0.5, distrust: 0.4999 })).toBe('Trusted');
  });
});

describe('classifyAcceptance rejects out-of-range input with the field that is wrong', () => {
  const level = (field: string) => ({
    code: 'INVALID_LEVEL',
    field,
    message: `INVALID_LEVEL at ${field}: must be a number in [0, 1]`,
  });
  const thresholds = (field: string, text = 'must be a number in [0, 1]') => ({
    code: 'INVALID_THRESHOLDS',
    field,
    message: `INVALID_THRESHOLDS at ${field}: ${text}`,
  });

  it('rejects trust above 1, below 0, NaN and a numeric string as INVALID_LEVEL at trust', () => {
    expect(errorOf(() => classifyAcceptance(1.5, 0, th))).toStrictEqual(level('trust'));
    expect(errorOf(() => classifyAcceptance(-0.1, 0, th))).toStrictEqual(level('trust'));
    expect(errorOf(() => classifyAcceptance(Number.NaN, 0, th))).toStrictEqual(level('trust'));
    expect(errorOf(() => classifyAcceptance('0.5' as never, 0, th))).toStrictEqual(level('trust'));
  });

  it('rejects distrust outside [0, 1] as INVALID_LEVEL at distrust', () => {
    expect(errorOf(() => classifyAcceptance(0.5, 1.5, th))).toStrictEqual(level('distrust'));
    expect(errorOf(() => classifyAcceptance(0.5, -1, th))).toStrictEqual(level('distrust'));
    expect(errorOf(() => classifyAcceptance(0.5, '0' as never, th))).toStrictEqual(
      level('distrust'),
    );
  });

  it('rejects thresholds that are null or not an object at thresholds', () => {
    const notObject = thresholds('thresholds', 'must be an object');
    expect(errorOf(() => classifyAcceptance(0.5, 0, null as never))).toStrictEqual(notObject);
    expect(errorOf(() => classifyAcceptance(0.5, 0, 'x' as never))).toStrictEqual(notObject);
    expect(errorOf(() => classifyAcceptance(0.5, 0, 1 as never))).toStrictEqual(notObject);
  });

  it('rejects each threshold outside [0, 1] at its own field', () => {
    expect(errorOf(() => classifyAcceptance(0.5, 0, { trusted: 1.5, distrust: 0 }))).toStrictEqual(
      thresholds('thresholds.trusted'),
    );
    expect(errorOf(() => classifyAcceptance(0.5, 0, { distrust: 0 } as never))).toStrictEqual(
      thresholds('thresholds.trusted'),
    );
    expect(
      errorOf(() => classifyAcceptance(0.5, 0, { trusted: 0.75, distrust: -0.5 })),
    ).toStrictEqual(thresholds('thresholds.distrust'));
    expect(
      errorOf(() => classifyAcceptance(0.5, 0, { trusted: 0.75, distrust: 1.5 })),
    ).toStrictEqual(thresholds('thresholds.distrust'));
  });

  it('rejects a distrust threshold equal to or above the trusted one', () => {
    const order = thresholds('thresholds', 'distrust must be below trusted');
    expect(
      errorOf(() => classifyAcceptance(0.5, 0, { trusted: 0.5, distrust: 0.5 })),
    ).toStrictEqual(order);
    expect(
      errorOf(() => classifyAcceptance(0.5, 0, { trusted: 0.5, distrust: 0.6 })),
    ).toStrictEqual(order);
    expect(errorOf(() => classifyAcceptance(0.5, 0, { trusted: 0, distrust: 0 }))).toStrictEqual(
      order,
    );
  });

  it('checks trust before distrust and both before the thresholds', () => {
    expect(errorOf(() => classifyAcceptance(2, 2, null as never)).field).toBe('trust');
    expect(errorOf(() => classifyAcceptance(0.5, 2, null as never)).field).toBe('distrust');
  });
});
