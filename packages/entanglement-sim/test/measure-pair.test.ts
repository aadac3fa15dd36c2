/**
 * Measuring pairs directly: a CHSH test over many pairs gives 2√2·(4F − 1)/3 within its
 * statistical error, and each correlator is p·cos(a − b), with uniform marginals. Fixed secret,
 * so the run replays exactly; tolerances are 4.5 standard errors of the estimate.
 */
import { describe, expect, it } from 'vitest';
import { chshValue, measurePair, pairDraws, wernerParameter } from '../src/index.js';
import { expectError } from './expect-error.js';

const secret = new Uint8Array(32).fill(42);

/** E(a, b) over n pairs, and the fraction of A's outcomes that are 0. */
function correlator(fidelity: number, a: number, b: number, n: number, offset: number) {
  let sum = 0;
  let zeros = 0;
  for (let i = 0; i < n; i++) {
    const o = measurePair(fidelity, a, b, pairDraws(secret, offset + i, 2));
    sum += o.a === o.b ? 1 : -1;
    if (o.a === 0) zeros++;
  }
  return { e: sum / n, zeros: zeros / n };
}

describe('measurePair', () => {
  it('gives CHSH S = 2√2·(4F − 1)/3 (F = 0.92, 4 × 10 000 pairs, within 4.5 σ)', () => {
    const f = 0.92;
    const n = 10_000;
    const settings: [number, number, number][] = [
      [0, Math.PI / 4, 1],
      [0, -Math.PI / 4, 1],
      [Math.PI / 2, Math.PI / 4, 1],
      [Math.PI / 2, -Math.PI / 4, -1],
    ];
    let s = 0;
    let variance = 0;
    settings.forEach(([a, b, sign], k) => {
      const { e } = correlator(f, a, b, n, k * n);
      s += sign * e;
      variance += (1 - e * e) / n;
    });
    expect(Math.abs(s - chshValue(f))).toBeLessThan(4.5 * Math.sqrt(variance));
    expect(s).toBeGreaterThan(2);
  });

  it('correlates as p·cos(a − b) with uniform marginals', () => {
    const f = 0.8;
    const p = wernerParameter(f);
    const n = 8_000;
    for (const [k, delta] of [0, Math.PI / 3, Math.PI / 2, Math.PI].entries()) {
      const { e, zeros } = correlator(f, 0.3, 0.3 + delta, n, 100_000 + k * n);
      const expected = p * Math.cos(delta);
      expect(Math.abs(e - expected)).toBeLessThan(4.5 * Math.sqrt((1 - expected ** 2) / n));
      expect(Math.abs(zeros - 0.5)).toBeLessThan(4.5 * Math.sqrt(0.25 / n));
    }
  });

  it('maps the draws as specified: A from the first, agreement from the second', () => {
    expect(measurePair(1, 0, 0, [0.49, 0.999])).toStrictEqual({ a: 0, b: 0 });
    expect(measurePair(1, 0, 0, [0.5, 0.999])).toStrictEqual({ a: 1, b: 1 });
    // Opposite axes of a perfect pair: never agree.
    expect(measurePair(1, 0, Math.PI, [0.2, 0])).toStrictEqual({ a: 0, b: 1 });
    // White noise: agree with probability ½.
    expect(measurePair(0.25, 0, 0, [0.7, 0.49])).toStrictEqual({ a: 1, b: 1 });
    expect(measurePair(0.25, 0, 0, [0.7, 0.5])).toStrictEqual({ a: 1, b: 0 });
  });

  it('refuses bad input, naming it', () => {
    expectError(() => measurePair(0.1, 0, 0, [0, 0]), 'INVALID_PARAMETER', 'fidelity');
    expectError(() => measurePair(0.9, 7, 0, [0, 0]), 'INVALID_PARAMETER', 'angleA');
    expectError(() => measurePair(0.9, 0, Number.NaN, [0, 0]), 'INVALID_PARAMETER', 'angleB');
    expectError(() => measurePair(0.9, 0, 0, [0]), 'INVALID_DRAWS', 'draws');
    expectError(() => measurePair(0.9, 0, 0, [0, 1]), 'INVALID_DRAWS', 'draws[1]');
  });
});
