import { describe, expect, it } from 'vitest';
import { type DecoyObservation, decoyBounds } from '../src/index.js';

/**
 * Hand-computed cases of the Ma-Qi-Zhao-Lo bounds. Gains are given as Q·e^ν (what the formulas
 * use), so each expected value below is plain arithmetic; `close` allows for the e^ν round trip.
 */
const close = (actual: number, expected: number) =>
  expect(Math.abs(actual - expected)).toBeLessThan(1e-12 * Math.max(1, Math.abs(expected)));

/** An observation from the products Q·e^ν and E·Q·e^ν per intensity. */
function observed(
  means: [mu: number, v1: number, v2: number],
  gainTimesExp: [s: number, d: number, v: number],
  errTimesExp: [s: number, d: number, v: number],
): DecoyObservation {
  const [mu, v1, v2] = means;
  return {
    signalMean: mu,
    decoyMean: v1,
    vacuumMean: v2,
    gainSignal: gainTimesExp[0] * Math.exp(-mu),
    gainDecoy: gainTimesExp[1] * Math.exp(-v1),
    gainVacuum: gainTimesExp[2] * Math.exp(-v2),
    errGainSignal: errTimesExp[0] * Math.exp(-mu),
    errGainDecoy: errTimesExp[1] * Math.exp(-v1),
    errGainVacuum: errTimesExp[2] * Math.exp(-v2),
  };
}

describe('decoy-state bounds (vacuum + weak decoy)', () => {
  // μ = 0.5, ν1 = 0.1, ν2 = 0; Q·e^ν = 0.09, 0.02, 0.001.
  // Y0ᴸ = Q_0 = 0.001; Y1ᴸ = 0.5/0.04 · [0.02 − 0.001 − 0.04·(0.09 − 0.001)] = 12.5 · 0.01544 = 0.193.
  const means: [number, number, number] = [0.5, 0.1, 0];
  const gains: [number, number, number] = [0.09, 0.02, 0.001];

  it('bounds Y0 and Y1 and the gains Q0, Q1 by the published formulas', () => {
    const b = decoyBounds(observed(means, gains, [0.004, 0.001, 0.0005]));
    close(b.y0Lower, 0.001);
    close(b.y1Lower, 0.193);
    close(b.q1Lower, 0.193 * 0.5 * Math.exp(-0.5));
    close(b.q0Lower, 0.001 * Math.exp(-0.5));
  });

  it('takes the decoy-based e1 bound when it is the smaller one', () => {
    // decoys: (0.001 − 0.0005)/(0.1·0.193); signal: (0.004 − 0.0005)/(0.5·0.193) is larger.
    const b = decoyBounds(observed(means, gains, [0.004, 0.001, 0.0005]));
    close(b.e1Upper, 0.0005 / 0.0193);
  });

  it('takes the signal-based e1 bound when it is the smaller one, with or without the Y0/2 term', () => {
    // signal: (0.002 − 0.001/2)/(0.5·0.193) < decoys 0.0005/0.0193.
    const o = observed(means, gains, [0.002, 0.001, 0.0005]);
    close(decoyBounds(o).e1Upper, 0.0015 / 0.0965);
    // Without the Y0ᴸ/2 term: 0.002/0.0965, still below the decoy bound.
    close(decoyBounds(o, true).e1Upper, 0.002 / 0.0965);
  });

  it('caps e1 at 1/2 and floors it at 0', () => {
    close(decoyBounds(observed(means, gains, [0.2, 0.02, 0])).e1Upper, 0.5);
    close(decoyBounds(observed(means, gains, [0.004, 0.0004, 0.0005])).e1Upper, 0);
  });

  it('gives e1 = 1/2 and Q1 = 0 when no single-photon yield can be bounded', () => {
    // Q_ν1·e^ν1 below the vacuum yield: the bracket and Y1ᴸ are negative.
    const b = decoyBounds(observed(means, [0.09, 0.0005, 0.001], [0.004, 0.0001, 0.0005]));
    expect(b.y1Lower).toBeLessThan(0);
    close(b.y1Lower, 12.5 * (0.0005 - 0.001 - 0.04 * 0.089));
    expect([b.e1Upper, b.q1Lower]).toEqual([0.5, 0]);
  });
  it('gives e1 = 1/2 and every bound 0 on a link with no detections at all', () => {
    // Y1ᴸ is exactly 0 here; the e1 formulas would divide 0 by 0.
    const b = decoyBounds(observed(means, [0, 0, 0], [0, 0, 0]));
    expect(b).toEqual({ y0Lower: 0, y1Lower: 0, e1Upper: 0.5, q1Lower: 0, q0Lower: 0 });
  });
});

describe('decoy-state bounds (two weak decoys)', () => {
  // μ = 0.5, ν1 = 0.2, ν2 = 0.1; Q·e^ν = 0.06, 0.02, 0.011.
  // Y0ᴸ = (0.2·0.011 − 0.1·0.02)/0.1 = 0.002.
  // Y1ᴸ = 0.5/(0.1 − 0.05 − 0.04 + 0.01) · [0.02 − 0.011 − 0.12·(0.06 − 0.002)] = 25 · 0.00204.
  const means: [number, number, number] = [0.5, 0.2, 0.1];

  it('uses both decoy intensities in Y0ᴸ, Y1ᴸ and the e1 bound', () => {
    const b = decoyBounds(observed(means, [0.06, 0.02, 0.011], [0.006, 0.001, 0.0008]));
    close(b.y0Lower, 0.002);
    close(b.y1Lower, 0.051);
    // decoys: (0.001 − 0.0008)/(0.1·0.051); signal: (0.006 − 0.001)/(0.5·0.051) is larger.
    close(b.e1Upper, 0.0002 / 0.0051);
    close(b.q0Lower, 0.002 * Math.exp(-0.5));
  });

  it('floors Y0ᴸ at zero when the decoys imply a negative vacuum yield', () => {
    // 0.2·0.009 − 0.1·0.02 = −0.0002 < 0: Y0ᴸ = 0, and Y1ᴸ uses 0 for it.
    const b = decoyBounds(observed(means, [0.06, 0.02, 0.009], [0.006, 0.001, 0.0008]));
    expect(b.y0Lower).toBe(0);
    close(b.y1Lower, 25 * (0.02 - 0.009 - 0.12 * 0.06));
    expect(b.q0Lower).toBe(0);
  });
});
