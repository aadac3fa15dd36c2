import { describe, expect, it } from 'vitest';
import {
  type Attack,
  DEFAULT_DECOY_SOURCE,
  DEFAULT_DETECTOR,
  type DecoyBb84Link,
  decoyBb84Rates,
  expectedGainAndQber,
  FLAG_ALICE_BASIS,
  FLAG_BOB_BASIS,
  runDecoyBb84,
  SIGNAL,
  simulateDecoyBb84,
  Xoshiro128,
} from '../src/index.js';

const link = (distanceKm: number, attack: Attack = { kind: 'none' }): DecoyBb84Link => ({
  source: DEFAULT_DECOY_SOURCE,
  fibre: { distanceKm, lossDbPerKm: 0.2 },
  detector: DEFAULT_DETECTOR,
  attack,
});

/** |observed − expected| ≤ 5 binomial standard deviations of a proportion over n trials. */
function within5Sigma(observed: number, expected: number, n: number) {
  const sigma = Math.sqrt((expected * (1 - expected)) / n);
  expect(Math.abs(observed - expected)).toBeLessThanOrEqual(5 * sigma);
}

describe('decoy BB84 physics against the closed-form model', () => {
  for (const d of [0, 50, 100]) {
    it(`no attack, ${d} km: gains per intensity and the sifted QBER match the misalignment + dark-count model (5σ)`, () => {
      const l = link(d);
      const out = runDecoyBb84({ link: l, pulses: 2_000_000, seed: d + 1 });
      const r = out.report;
      for (const [cls, mean] of [
        ['signal', l.source.signalMean],
        ['decoy', l.source.decoyMean],
      ] as const) {
        const m = expectedGainAndQber(mean, l.fibre, l.detector);
        within5Sigma(r.gain[cls], m.gain, r.sent[cls]);
      }
      const sig = expectedGainAndQber(l.source.signalMean, l.fibre, l.detector);
      // The key block is every undisclosed signal bit: its true error rate is the model QBER.
      within5Sigma(r.trueQber, sig.qber, r.keyBitsBeforeEc);
      expect(r.abortReason).toBeUndefined();
      expect(out.aliceKey).toEqual(out.bobKey);
      expect(out.aliceKey.length).toBeGreaterThan(0);
    });
  }

  it('sifting keeps half of the detections (5σ)', () => {
    const rec = simulateDecoyBb84(link(10), 2_000_000, new Xoshiro128(5));
    let kept = 0;
    for (let i = 0; i < rec.count; i++) {
      const f = rec.flags[i]!;
      if (((f & FLAG_ALICE_BASIS) !== 0) === ((f & FLAG_BOB_BASIS) !== 0)) kept++;
    }
    within5Sigma(kept / rec.count, 0.5, rec.count);
  });

  it('intercept-resend on every pulse drives the QBER to 25 % (plus misalignment) and aborts', () => {
    const l = link(20, { kind: 'intercept-resend', fraction: 1 });
    const r = runDecoyBb84({ link: l, pulses: 2_000_000, seed: 11 }).report;
    const m = expectedGainAndQber(l.source.signalMean, l.fibre, l.detector, 1);
    expect(m.qber).toBeGreaterThan(0.25);
    expect(m.qber).toBeLessThan(0.26);
    within5Sigma(r.trueQber, m.qber, r.keyBitsBeforeEc);
    expect(r.abortReason).toBe('QBER_ABOVE_THRESHOLD');
  });

  it('QBER grows linearly with the intercepted fraction as the model predicts (5σ)', () => {
    for (const fraction of [0.1, 0.3, 0.6]) {
      const l = link(20, { kind: 'intercept-resend', fraction });
      const r = runDecoyBb84({
        link: l,
        pulses: 1_500_000,
        seed: 12,
        options: { qberThreshold: 0.5 },
      }).report;
      const m = expectedGainAndQber(l.source.signalMean, l.fibre, l.detector, fraction);
      within5Sigma(r.trueQber, m.qber, r.keyBitsBeforeEc);
    }
  });

  it('photon-number splitting on every pulse keeps the signal gain and QBER but the decoys expose it', () => {
    const l = link(50, { kind: 'pns', fraction: 1 });
    const r = runDecoyBb84({ link: l, pulses: 5_000_000, seed: 13 }).report;
    const honest = expectedGainAndQber(l.source.signalMean, l.fibre, l.detector);
    within5Sigma(r.gain.signal, honest.gain, r.sent.signal); // Eve tuned her line to hide
    expect(r.qberEstimate).toBeLessThan(0.05);
    expect(r.decoy.y1Lower).toBeLessThanOrEqual(0);
    expect(r.abortReason).toBe('DECOY_INCONSISTENT');
  });

  it('a partial PNS attack shrinks the secure length below the bits Eve does not hold', () => {
    const l = link(50, { kind: 'pns', fraction: 0.5 });
    const out = runDecoyBb84({ link: l, pulses: 5_000_000, seed: 14 });
    const r = out.report;
    expect(r.abortReason).toBeUndefined();
    expect(r.finalKeyBits).toBeLessThan(r.keyBitsBeforeEc - r.eveKnownBits);
  });

  it('finite-key corrections give a shorter key than the asymptotic estimates', () => {
    const base = { link: link(25), pulses: 2_000_000, seed: 15 };
    const asym = runDecoyBb84(base).report;
    const fin = runDecoyBb84({ ...base, options: { finiteKeyEpsilon: 1e-10 } }).report;
    expect(fin.abortReason).toBeUndefined();
    expect(fin.finalKeyBits).toBeGreaterThan(0);
    expect(fin.finalKeyBits).toBeLessThan(asym.finalKeyBits);
  });

  it('after-pulsing raises the click rate to Q/(1 − (1 − Q)·p_ap) and the QBER', () => {
    const pAp = 0.05;
    const l = { ...link(25), detector: { ...DEFAULT_DETECTOR, afterpulseProb: pAp } };
    const rec = simulateDecoyBb84(l, 2_000_000, new Xoshiro128(21));
    const src = l.source;
    const q =
      src.signalProb * expectedGainAndQber(src.signalMean, l.fibre, l.detector).gain +
      src.decoyProb * expectedGainAndQber(src.decoyMean, l.fibre, l.detector).gain +
      src.vacuumProb * expectedGainAndQber(src.vacuumMean, l.fibre, l.detector).gain;
    within5Sigma(rec.count / rec.pulses, q / (1 - (1 - q) * pAp), rec.pulses);
    const noisy = runDecoyBb84({ link: l, pulses: 2_000_000, seed: 21 }).report;
    const clean = expectedGainAndQber(src.signalMean, l.fibre, l.detector).qber;
    expect(noisy.trueQber).toBeGreaterThan(clean + pAp / 4);
  });

  it('a reconciliation too weak for the errors is caught by the verification hash', () => {
    const l = link(20, { kind: 'intercept-resend', fraction: 0.3 });
    const r = runDecoyBb84({
      link: l,
      pulses: 2_000_000,
      seed: 22,
      options: {
        qberThreshold: 0.5,
        cascade: { blockSizes: 'original', passes: 1, confirmPasses: 0 },
      },
    }).report;
    expect(r.reconciliation!.residualErrors).toBeGreaterThan(0);
    expect(r.reconciliation!.verified).toBe(false);
    expect(r.abortReason).toBe('VERIFICATION_FAILED');
  });

  it('is deterministic: the same run gives the same key bytes', () => {
    const run = { link: link(30), pulses: 500_000, seed: new Uint8Array([9, 9]) };
    const a = runDecoyBb84(run);
    const b = runDecoyBb84(run);
    expect(a.aliceKey).toEqual(b.aliceKey);
    expect(a.report).toEqual(b.report);
    expect(runDecoyBb84({ ...run, seed: new Uint8Array([9, 8]) }).aliceKey).not.toEqual(a.aliceKey);
  });

  it('a link with no light reports NO_DETECTIONS', () => {
    const r = runDecoyBb84({ link: link(400), pulses: 100_000, seed: 1 }).report;
    expect(r.abortReason).toBe('NO_DETECTIONS');
  });

  it('rejects bad parameters with typed errors naming the field', () => {
    const bad = { ...link(10), source: { ...DEFAULT_DECOY_SOURCE, decoyMean: 0.9 } };
    expect(() => runDecoyBb84({ link: bad, pulses: 10, seed: 1 })).toThrow(
      expect.objectContaining({ code: 'INVALID_PARAMETER', field: 'source.decoyMean' }),
    );
    expect(() => runDecoyBb84({ link: link(10), pulses: 0, seed: 1 })).toThrow(
      expect.objectContaining({ code: 'INVALID_PARAMETER', field: 'pulses' }),
    );
    const probs = { ...link(10), source: { ...DEFAULT_DECOY_SOURCE, vacuumProb: 0.5 } };
    expect(() => runDecoyBb84({ link: probs, pulses: 10, seed: 1 })).toThrow(
      expect.objectContaining({ code: 'INVALID_PARAMETER', field: 'source.signalProb' }),
    );
    const attack = link(10, { kind: 'bogus' } as unknown as Attack);
    expect(() => runDecoyBb84({ link: attack, pulses: 10, seed: 1 })).toThrow(
      expect.objectContaining({ code: 'INVALID_PARAMETER', field: 'attack.kind' }),
    );
  });
});

describe('simulated key rate against the analytic decoy-state rate', () => {
  // Tolerance: the simulated rate uses decoy bounds from finite counts; with ~40 000 signal
  // detections the bound on Y1 moves by a few per cent (σ of the decoy gain ≈ 1/√N_ν ≈ 2 %,
  // amplified ×μ/(μ − ν)) and f by ±2 %, so ±15 % is about 4σ. The analytic rate is evaluated at
  // the simulated run's own f and scaled by the signal fraction and the undisclosed fraction.
  for (const d of [0, 25, 50, 75]) {
    it(`${d} km: simulated final-key rate within ±15 % of the vacuum + weak decoy rate, below PLOB`, () => {
      const l = link(d);
      const rates0 = decoyBb84Rates(l);
      const pulses = Math.min(20_000_000, Math.ceil(40_000 / (rates0.gainSignal * 0.8 * 0.5)));
      const out = runDecoyBb84({ link: l, pulses, seed: 100 + d });
      const r = out.report;
      expect(r.abortReason).toBeUndefined();
      const f = r.reconciliation!.efficiency;
      const predicted = decoyBb84Rates(l, f).decoyPractical * l.source.signalProb * (1 - 0.1);
      expect(r.keyRatePerPulse / predicted).toBeGreaterThan(0.85);
      expect(r.keyRatePerPulse / predicted).toBeLessThan(1.15);
      expect(r.keyRatePerPulse).toBeLessThan(rates0.plob);
    });
  }

  it('analytic ordering: PLOB > single-photon > decoy ∞ ≥ decoy (ν, 0) > GLLP at every distance', () => {
    for (let d = 0; d <= 150; d += 10) {
      const r = decoyBb84Rates(link(d), 1.1);
      expect(r.plob).toBeGreaterThan(r.singlePhoton);
      expect(r.singlePhoton).toBeGreaterThan(r.decoyInfinite);
      expect(r.decoyInfinite).toBeGreaterThanOrEqual(r.decoyPractical);
      expect(r.decoyPractical).toBeGreaterThanOrEqual(r.gllp);
      expect(r.plobFibre).toBeGreaterThanOrEqual(r.plob);
    }
  });

  it('signal detections come from pulses of the right photon-number mix (Poisson thinning)', () => {
    const l = link(0);
    const rec = simulateDecoyBb84(l, 1_000_000, new Xoshiro128(3));
    let signal = 0;
    let multi = 0;
    for (let i = 0; i < rec.count; i++) {
      if (rec.intensity[i] !== SIGNAL) continue;
      signal++;
      if (rec.photons[i]! >= 2) multi++;
    }
    // P(n ≥ 2 | click) = Σ_{n≥2} P(n)(1 − (1 − η)^n) / Q_μ, computed directly.
    const eta = 0.2;
    const mu = l.source.signalMean;
    let num = 0;
    let p = Math.exp(-mu);
    for (let n = 0; n < 30; n++) {
      if (n >= 2) num += p * (1 - (1 - eta) ** n);
      p *= mu / (n + 1);
    }
    const q = expectedGainAndQber(mu, l.fibre, l.detector).gain;
    within5Sigma(multi / signal, num / q, signal);
  });
});
