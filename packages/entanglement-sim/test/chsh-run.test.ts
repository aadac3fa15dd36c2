/**
 * A distributed CHSH run: each side computes only its own basis and outcome per pair from the
 * pair's draws; put together, the reports give S = 2√2·(4F − 1)/3 within 4.5 standard errors
 * (fixed secret, so the run replays exactly), each setting pair about a quarter of the pairs.
 */
import { describe, expect, it } from 'vitest';
import { CHSH_PAIR_DRAWS, chshEstimate, chshPair, chshValue, pairDraws } from '../src/index.js';
import { expectError } from './expect-error.js';

const secret = new Uint8Array(32).fill(7);

/** What one side reports for pairs 0..n−1 of the contract. */
function report(role: 0 | 1, fidelity: number, n: number) {
  const bases: number[] = [];
  const outcomes: number[] = [];
  for (let i = 0; i < n; i++) {
    const m = chshPair(fidelity, pairDraws(secret, i, CHSH_PAIR_DRAWS), role);
    bases.push(m.basis);
    outcomes.push(m.outcome);
  }
  return { bases, outcomes };
}

describe('a CHSH run across two nodes', () => {
  it.each([0.97, 0.8])('gives S = 2√2·(4F − 1)/3 at F = %s (20 000 pairs, within 4.5 σ)', (f) => {
    const n = 20_000;
    const estimate = chshEstimate(report(0, f, n), report(1, f, n));
    expect(Math.abs(estimate.s - chshValue(f))).toBeLessThan(4.5 * estimate.standardError);
    // The standard error of 20 000 pairs is about 0.02: the test can tell S apart from 2.
    expect(estimate.standardError).toBeLessThan(0.025);
    for (const c of estimate.correlators)
      expect(Math.abs(c.n - n / 4)).toBeLessThan(4.5 * Math.sqrt((n * 3) / 16));
  });

  it('side A measures along 0 or π/2 and side B along π/4 or 3π/4, as the draws say', () => {
    const draws = [0.1, 0.2, 0.7, 0.3];
    expect(chshPair(1, draws, 0)).toStrictEqual({ basis: 2, outcome: 0 });
    // B agrees with A with probability (1 + cos(π/2 − π/4))/2 ≈ 0.85 > 0.2.
    expect(chshPair(1, draws, 1)).toStrictEqual({ basis: 1, outcome: 0 });
    expect(chshPair(1, [0.9, 0.2, 0.2, 0.6], 1)).toStrictEqual({ basis: 3, outcome: 0 });
  });

  it('estimates S exactly from hand-made reports', () => {
    // Perfect correlations on three settings and anti-correlation on (0, 3π/4): S = 4.
    const a = { bases: [0, 0, 2, 2], outcomes: [0, 1, 0, 1] };
    const b = { bases: [1, 3, 1, 3], outcomes: [0, 0, 0, 1] };
    expect(chshEstimate(a, b)).toStrictEqual({
      s: 4,
      standardError: 0,
      correlators: [
        { a: 0, b: 1, n: 1, e: 1 },
        { a: 0, b: 3, n: 1, e: -1 },
        { a: 2, b: 1, n: 1, e: 1 },
        { a: 2, b: 3, n: 1, e: 1 },
      ],
    });
  });

  it('refuses reports it cannot pair, naming what is wrong', () => {
    const a = { bases: [0, 0, 2, 2], outcomes: [0, 1, 0, 1] };
    const b = { bases: [1, 3, 1, 3], outcomes: [0, 0, 0, 1] };
    expectError(() => chshEstimate(a, { ...b, bases: [1, 3, 1] }), 'INVALID_PARAMETER', 'b');
    expectError(
      () => chshEstimate({ ...a, bases: [0, 1, 2, 2] }, b),
      'INVALID_PARAMETER',
      'a.bases[1]',
    );
    expectError(
      () => chshEstimate(a, { ...b, bases: [1, 3, 1, 2] }),
      'INVALID_PARAMETER',
      'b.bases[3]',
    );
    expectError(
      () => chshEstimate(a, { ...b, outcomes: [0, 0, 2, 1] }),
      'INVALID_PARAMETER',
      'b.outcomes[2]',
    );
    expectError(
      () => chshEstimate({ bases: [0, 0], outcomes: [0, 0] }, { bases: [1, 1], outcomes: [0, 0] }),
      'INVALID_PARAMETER',
      'a',
    );
    expectError(() => chshPair(0.9, [0.1, 0.2, 0.3], 0), 'INVALID_DRAWS', 'draws');
  });
});
