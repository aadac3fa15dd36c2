import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  chshValue,
  cutoffMs,
  fidelityAfter,
  teleportationFidelity,
  wernerParameter,
} from '../src/index.js';
import { expectError } from './expect-error.js';

describe('Werner pairs', () => {
  it('gives the textbook values: p, CHSH 2√2·p, teleportation (2F + 1)/3', () => {
    expect(wernerParameter(1)).toBe(1);
    expect(wernerParameter(0.25)).toBe(0);
    expect(wernerParameter(0.85)).toBeCloseTo(0.8, 15);
    expect(chshValue(1)).toBeCloseTo(2 * Math.SQRT2, 15);
    expect(chshValue(0.25)).toBe(0);
    // CHSH passes 2 only above F = (3/√2 + 1)/4 ≈ 0.7803.
    expect(chshValue((3 / Math.SQRT2 + 1) / 4)).toBeCloseTo(2, 12);
    expect(teleportationFidelity(1)).toBe(1);
    expect(teleportationFidelity(0.25)).toBe(0.5);
    expect(teleportationFidelity(0.85)).toBeCloseTo((2 * 0.85 + 1) / 3, 15);
  });

  it('decays as F(t) = 1/4 + (F₀ − 1/4)·e^(−t/T)', () => {
    expect(fidelityAfter(0.9, 0, 10)).toBe(0.9);
    expect(fidelityAfter(0.9, 10, 10)).toBeCloseTo(0.25 + 0.65 / Math.E, 15);
    expect(fidelityAfter(0.9, 20, 10)).toBeCloseTo(0.25 + 0.65 * Math.exp(-2), 15);
    expect(fidelityAfter(1, 1e9, 1)).toBe(0.25);
  });

  it('cuts off exactly where the fidelity reaches the minimum', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.26, max: 1, noNaN: true }),
        fc.double({ min: 0.26, max: 1, noNaN: true }),
        fc.double({ min: 1e-3, max: 1e6, noNaN: true }),
        (a, b, t) => {
          const [minimum, initial] = a < b ? [a, b] : [b, a];
          const cut = cutoffMs(initial, minimum, t);
          expect(fidelityAfter(initial, cut, t)).toBeCloseTo(minimum, 9);
        },
      ),
    );
    expect(cutoffMs(0.8, 0.9, 5)).toBe(0);
    expect(cutoffMs(0.9, 0.9, 5)).toBe(0);
    expect(cutoffMs(0.9, 0.25, 5)).toBe(Number.POSITIVE_INFINITY);
    expect(cutoffMs(0.9, 0.575, 5)).toBeCloseTo(5 * Math.log(2), 12);
  });

  it('never rises with time and never falls below 1/4', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.25, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1e6, noNaN: true }),
        fc.double({ min: 0, max: 1e6, noNaN: true }),
        (f0, t1, dt) => {
          const early = fidelityAfter(f0, t1, 100);
          const late = fidelityAfter(f0, t1 + dt, 100);
          expect(late).toBeLessThanOrEqual(early);
          expect(late).toBeGreaterThanOrEqual(0.25);
        },
      ),
    );
  });

  it('refuses parameters out of range, naming each', () => {
    expectError(() => wernerParameter(0.2), 'INVALID_PARAMETER', 'fidelity');
    expectError(() => wernerParameter(1.01), 'INVALID_PARAMETER', 'fidelity');
    expectError(() => wernerParameter(Number.NaN), 'INVALID_PARAMETER', 'fidelity');
    expectError(() => fidelityAfter(0.1, 1, 1), 'INVALID_PARAMETER', 'initial');
    expectError(() => fidelityAfter(0.9, -1, 1), 'INVALID_PARAMETER', 'elapsedMs');
    expectError(() => fidelityAfter(0.9, 1, 0), 'INVALID_PARAMETER', 'memoryTimeMs');
    expectError(() => cutoffMs(1.5, 0.5, 1), 'INVALID_PARAMETER', 'initial');
    expectError(() => cutoffMs(0.9, 0.2, 1), 'INVALID_PARAMETER', 'minimum');
    expectError(
      () => cutoffMs(0.9, 0.5, Number.POSITIVE_INFINITY),
      'INVALID_PARAMETER',
      'memoryTimeMs',
    );
  });
});
