/**
 * The local phase reference of coherence windows: readings are whole milliradians, the drift
 * grows linearly from calibration, the noise has the configured spread (fixed random stream;
 * tolerances 4.5 standard errors), and the uniform numbers it draws stay in [0, 1) for every
 * byte pattern (a signed read once made them negative and the readings NaN).
 */
import { describe, expect, it } from 'vitest';
import { PhaseReference, uniformFrom } from '../src/phase-reference.js';

/** A fixed stream of bytes: an LCG, so the test replays exactly. */
function bytes(seed: number): (n: number) => Uint8Array {
  let x = seed;
  return (n) =>
    Uint8Array.from({ length: n }, () => {
      x = (Math.imul(x, 1_103_515_245) + 12_345) >>> 0;
      return x >>> 24;
    });
}

describe('the phase reference', () => {
  it('draws uniform numbers in [0, 1), the top byte pattern included', () => {
    expect(uniformFrom(() => new Uint8Array([0xff, 0xff, 0xff, 0xff]))()).toBe(1 - 2 ** -32);
    expect(uniformFrom(() => new Uint8Array([0x80, 0, 0, 0]))()).toBe(0.5);
    expect(uniformFrom(() => new Uint8Array(4))()).toBe(0);
  });

  it('drifts linearly from its calibration; without noise a reading is |drift|', () => {
    const ref = new PhaseReference({ driftMradPerS: 2, noiseMrad: 0 }, uniformFrom(bytes(1)));
    ref.calibrate(10_000);
    expect([ref.errorMrad(10_000), ref.errorMrad(12_500), ref.errorMrad(60_000)]).toStrictEqual([
      0, 5, 100,
    ]);
  });

  it('reads whole milliradians with the noise’s spread (20 000 readings, 4.5 σ)', () => {
    const ref = new PhaseReference({ driftMradPerS: 0, noiseMrad: 30 }, uniformFrom(bytes(7)));
    const n = 20_000;
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const e = ref.errorMrad(0);
      expect(Number.isInteger(e) && e >= 0).toBe(true);
      sum += e;
    }
    // |N(0, σ²)| has mean σ·√(2/π) and standard deviation σ·√(1 − 2/π); rounding adds < 0.3.
    const mean = 30 * Math.sqrt(2 / Math.PI);
    const se = (30 * Math.sqrt(1 - 2 / Math.PI)) / Math.sqrt(n);
    expect(Math.abs(sum / n - mean)).toBeLessThan(4.5 * se + 0.3);
  });
});
