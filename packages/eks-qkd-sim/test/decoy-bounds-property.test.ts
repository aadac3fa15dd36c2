import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decoyBounds } from '../src/decoy-estimates.js';
import { validIntensities } from './decoy-arbitraries.js';

/*
 * The decoy bounds are bounds: fed the EXPECTED gains and error gains of the model (no sampling
 * noise), Y1ᴸ ≤ Y1 and e1ᵁ ≥ e1 for every intensity triple the validation accepts and every
 * channel, honest or under intercept-resend (PNS has no closed form here).
 *
 * True single-photon values of the model (§3.1–3.2 of the spec): a one-photon pulse clicks with
 * Y1 = η + (1 − η)·Y0 whether or not Eve resends it, and errs with
 *   e1·Y1 = (1 − φ)·[e_d·η·(1 − Y0) + Y0/2] + φ·[(1/4 + e_d/2)·η·(1 − Y0) + Y0/2].
 *
 * Expected gains Q and error gains E·Q are the closed forms of spec §8 (analytic.ts), written
 * here with expm1 so that each carries a relative rounding error of order 10⁻¹⁶ even when
 * Q ≈ 10⁻⁹ (1 − (1 − Y0)·e^(−ημ) would lose all but a few digits to cancellation, and that
 * loss, not the bound, would decide the test).
 *
 * Floating tolerance: Y1ᴸ is a difference of terms of size Q·e^(mean) multiplied by
 * c = μ/((ν − ω)(μ − ν − ω)), so its rounding error is about 10⁻¹⁶·c·Σ Q·e^(mean). The check
 * allows 10⁻¹²·c·Σ Q·e^(mean) + 10⁻¹²·Y1 (10⁴ times that); e1ᵁ ≥ e1·(1 − 10⁻⁹) − 10⁻¹⁵ (the
 * absolute part for error rates of order 10⁻³⁰⁰, which no double can carry through the
 * formula); Y0ᴸ ≤ Y0·(1 + 10⁻⁹) + 10⁻¹⁸.
 */

const SEED = 20050712;

const channel = fc.record({
  distanceKm: fc.double({ min: 0, max: 250, noNaN: true }),
  lossDbPerKm: fc.double({ min: 0.15, max: 0.4, noNaN: true }),
  efficiency: fc.double({ min: 1e-3, max: 1, noNaN: true }),
  darkCountProb: fc.oneof(fc.constant(0), fc.double({ min: 1e-9, max: 1e-2, noNaN: true })),
  misalignment: fc.double({ min: 0, max: 0.5, noNaN: true }),
  interceptFraction: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1, noNaN: true })),
});

describe('decoy bounds from expected gains hold for any valid intensities and channel', () => {
  it('Y1ᴸ ≤ Y1 and e1ᵁ ≥ e1 (fixed seed, 3000 cases)', () => {
    fc.assert(
      fc.property(validIntensities, channel, (m, c) => {
        const eta = 10 ** ((-c.lossDbPerKm * c.distanceKm) / 10) * c.efficiency;
        const y0 = c.darkCountProb * (2 - c.darkCountProb); // 1 − (1 − p_d)²
        const ed = c.misalignment;
        const phi = c.interceptFraction;
        /** Q and E·Q of a pulse of this mean: honest share and intercept-resend share. */
        const at = (mean: number) => {
          const signal = -Math.expm1(-eta * mean); // 1 − e^(−η·mean)
          const photon = -Math.expm1(-mean); // 1 − e^(−mean)
          const gain =
            (1 - phi) * (y0 + (1 - y0) * signal) +
            phi * (photon * (eta + (1 - eta) * y0) + (1 - photon) * y0);
          const errGain =
            (1 - phi) * (ed * (1 - y0) * signal + y0 / 2) +
            phi * (photon * eta * (1 - y0) * (0.25 + ed / 2) + y0 / 2);
          return { gain, errGain };
        };
        const s = at(m.signalMean);
        const d = at(m.decoyMean);
        const v = at(m.vacuumMean);
        const b = decoyBounds({
          ...m,
          gainSignal: s.gain,
          gainDecoy: d.gain,
          gainVacuum: v.gain,
          errGainSignal: s.errGain,
          errGainDecoy: d.errGain,
          errGainVacuum: v.errGain,
        });

        const y1 = eta + (1 - eta) * y0;
        const e1 =
          ((1 - phi) * (ed * eta * (1 - y0) + y0 / 2) +
            phi * ((0.25 + ed / 2) * eta * (1 - y0) + y0 / 2)) /
          y1;

        const { signalMean: mu, decoyMean: nu, vacuumMean: om } = m;
        const amplification = mu / ((nu - om) * (mu - nu - om));
        const scale = s.gain * Math.exp(mu) + d.gain * Math.exp(nu) + v.gain * Math.exp(om);
        const y1Slack = 1e-12 * amplification * scale + 1e-12 * y1;
        expect(b.y1Lower).toBeLessThanOrEqual(y1 + y1Slack);
        expect(b.e1Upper).toBeGreaterThanOrEqual(e1 * (1 - 1e-9) - 1e-15);
        // And the vacuum bound, which both others use.
        expect(b.y0Lower).toBeLessThanOrEqual(y0 * (1 + 1e-9) + 1e-18);
      }),
      { seed: SEED, numRuns: 3000 },
    );
  });

  it('the bounds are informative on a typical link: Y1ᴸ within 10 % of Y1 (not vacuous)', () => {
    // Guards the property above against passing because every bound collapsed to 0 or 1/2.
    // 25 km at 0.2 dB/km, η_det = 0.2, p_d = 10⁻⁶, e_d = 1.5 %, μ / ν / ω = 0.5 / 0.1 / 0.
    const eta = 10 ** -0.5 * 0.2;
    const y0 = 1e-6 * (2 - 1e-6);
    const at = (mean: number) => {
      const signal = -Math.expm1(-eta * mean);
      return { gain: y0 + (1 - y0) * signal, errGain: 0.015 * (1 - y0) * signal + y0 / 2 };
    };
    const [s, d, v] = [at(0.5), at(0.1), at(0)];
    const b = decoyBounds({
      signalMean: 0.5,
      decoyMean: 0.1,
      vacuumMean: 0,
      gainSignal: s.gain,
      gainDecoy: d.gain,
      gainVacuum: v.gain,
      errGainSignal: s.errGain,
      errGainDecoy: d.errGain,
      errGainVacuum: v.errGain,
    });
    const y1 = eta + (1 - eta) * y0;
    expect(b.y1Lower).toBeLessThanOrEqual(y1);
    expect(b.y1Lower).toBeGreaterThan(0.9 * y1);
    expect(b.e1Upper).toBeLessThan(0.03);
  });
});
