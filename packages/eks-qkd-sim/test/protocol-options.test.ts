import { describe, expect, it } from 'vitest';
import {
  finitePaCost,
  hoeffdingUpper,
  MIN_SIFTED_BITS,
  type PostProcessingOptions,
  resolveOptions,
  sigmas,
} from '../src/protocol-options.js';
import { codeOf } from './expect-error.js';

describe('post-processing options', () => {
  it('defaults: 10 % sample, 11 % QBER threshold, asymptotic, default Cascade', () => {
    expect(resolveOptions(undefined)).toStrictEqual({
      sampleFraction: 0.1,
      qberThreshold: 0.11,
      finiteKeyEpsilon: undefined,
      cascade: undefined,
    });
    expect(MIN_SIFTED_BITS).toBe(64);
  });

  it('keeps given values', () => {
    const cascade = { passes: 3 };
    expect(
      resolveOptions({ sampleFraction: 0.2, qberThreshold: 0.05, finiteKeyEpsilon: 1e-9, cascade }),
    ).toStrictEqual({ sampleFraction: 0.2, qberThreshold: 0.05, finiteKeyEpsilon: 1e-9, cascade });
  });

  it.each<[PostProcessingOptions, string]>([
    [{ sampleFraction: 0.001 }, 'ok'],
    [{ sampleFraction: 0.0009 }, 'INVALID_PARAMETER:options.sampleFraction'],
    [{ sampleFraction: 0.9 }, 'ok'],
    [{ sampleFraction: 0.9001 }, 'INVALID_PARAMETER:options.sampleFraction'],
    [{ qberThreshold: 0 }, 'ok'],
    [{ qberThreshold: -0.001 }, 'INVALID_PARAMETER:options.qberThreshold'],
    [{ qberThreshold: 0.5 }, 'ok'],
    [{ qberThreshold: 0.501 }, 'INVALID_PARAMETER:options.qberThreshold'],
    [{ finiteKeyEpsilon: 1e-30 }, 'ok'],
    [{ finiteKeyEpsilon: 1e-31 }, 'INVALID_PARAMETER:options.finiteKeyEpsilon'],
    [{ finiteKeyEpsilon: 0.1 }, 'ok'],
    [{ finiteKeyEpsilon: 0.11 }, 'INVALID_PARAMETER:options.finiteKeyEpsilon'],
  ])('%j → %s', (options, expected) => {
    expect(codeOf(() => resolveOptions(options))).toBe(expected);
  });
});

describe('finite-key formulas (values computed by hand, to 1e-12)', () => {
  it('sigmas(ε) = √(2 ln 1/ε): 2 at ε = e⁻², 3 at ε = e^-4.5', () => {
    expect(sigmas(Math.exp(-2))).toBeCloseTo(2, 12);
    expect(sigmas(Math.exp(-4.5))).toBeCloseTo(3, 12);
  });

  it('hoeffdingUpper = e + √(ln(1/ε)/(2k)), capped at 1/2', () => {
    // ln(1/ε) = 2, k = 100: √(2/200) = 0.1.
    expect(hoeffdingUpper(0.05, 100, Math.exp(-2))).toBeCloseTo(0.15, 12);
    // ln(1/ε) = 8, k = 1: √4 = 2, capped.
    expect(hoeffdingUpper(0.05, 1, Math.exp(-8))).toBe(0.5);
  });

  it('finitePaCost = 2·log2(1/(2ε)), 0 when asymptotic', () => {
    expect(finitePaCost(undefined)).toBe(0);
    expect(finitePaCost(1 / 16)).toBeCloseTo(6, 12);
    expect(finitePaCost(2 ** -11)).toBeCloseTo(20, 12);
  });
});
