import { sha256 } from '@noble/hashes/sha2.js';
import { describe, expect, it } from 'vitest';
import { expectedGainAndQber } from '../src/analytic.js';
import {
  DECOY,
  type DetectionRecord,
  FLAG_ALICE_BASIS,
  FLAG_ALICE_BIT,
  FLAG_BOB_BASIS,
  FLAG_BOB_BIT,
  FLAG_EVE_KNOWS,
  MAX_PULSES,
  pnsForwardTransmittance,
  SIGNAL,
  simulateDecoyBb84,
  VACUUM,
} from '../src/bb84-sim.js';
import {
  type Attack,
  DEFAULT_DECOY_SOURCE,
  type DecoyBb84Link,
  type Detector,
} from '../src/physics.js';
import { Xoshiro128 } from '../src/prng.js';
import { multiPhotonDetection } from './attack-fixtures.js';
import { expectQkdError } from './expect-error.js';

const detector = (o: Partial<Detector> = {}): Detector => ({
  efficiency: 0.2,
  darkCountProb: 0,
  misalignment: 0.05,
  afterpulseProb: 0,
  ...o,
});
const link = (
  attack: Attack = { kind: 'none' },
  d: Partial<Detector> = {},
  km = 0,
): DecoyBb84Link => ({
  source: DEFAULT_DECOY_SOURCE,
  fibre: { distanceKm: km, lossDbPerKm: 0.2 },
  detector: detector(d),
  attack,
});
const sim = (l: DecoyBb84Link, pulses: number, seed = 1) =>
  simulateDecoyBb84(l, pulses, new Xoshiro128(seed));

/** Per detection: sifted, error, Eve knows. */
function tally(rec: DetectionRecord) {
  let sifted = 0;
  let errors = 0;
  let eve = 0;
  for (let i = 0; i < rec.count; i++) {
    const f = rec.flags[i]!;
    if (f & FLAG_EVE_KNOWS) eve++;
    if (((f & FLAG_ALICE_BASIS) !== 0) !== ((f & FLAG_BOB_BASIS) !== 0)) continue;
    sifted++;
    if (((f & FLAG_ALICE_BIT) !== 0) !== ((f & FLAG_BOB_BIT) !== 0)) errors++;
  }
  return { sifted, errors, eve };
}

/** |x − p| ≤ 5 binomial standard deviations over n trials. */
function within5Sigma(x: number, p: number, n: number) {
  expect(Math.abs(x - p)).toBeLessThanOrEqual(5 * Math.sqrt((p * (1 - p)) / n));
}

const hex = (rec: DetectionRecord) =>
  Buffer.from(sha256(Uint8Array.from([...rec.intensity, ...rec.photons, ...rec.flags]))).toString(
    'hex',
  );

describe('simulateDecoyBb84 input checks', () => {
  it.each([0, 1.5, -3, MAX_PULSES + 1])('rejects %d pulses on field pulses', (p) => {
    expectQkdError(() => sim(link(), p), 'INVALID_PARAMETER', 'pulses');
  });

  it('accepts a single pulse and validates the link first', () => {
    const rec = sim(link(), 1);
    expect(rec.pulses).toBe(1);
    expect(rec.sent.reduce((a, b) => a + b, 0)).toBe(1);
    expectQkdError(
      () => sim(link({ kind: 'pns', fraction: 2 }), 1),
      'INVALID_PARAMETER',
      'attack.fraction',
    );
  });
});

describe('simulateDecoyBb84 physics (fixed seeds, 5σ tolerances)', () => {
  it('honest link without dark counts: per-class gains match 1 − e^(−ημ), QBER is e_d, nobody else knows', () => {
    const l = link();
    const rec = sim(l, 120_000, 2);
    expect(rec.sent.reduce((a, b) => a + b, 0)).toBe(120_000);
    within5Sigma(rec.sent[SIGNAL] / 120_000, 0.8, 120_000);
    within5Sigma(rec.sent[VACUUM] / 120_000, 0.05, 120_000);
    const detected = [0, 0, 0];
    for (let i = 0; i < rec.count; i++) {
      detected[rec.intensity[i]!]!++;
      expect(rec.photons[i]).toBeGreaterThan(0); // no dark counts: every click had a photon
    }
    expect(detected[VACUUM]).toBe(0); // vacuum pulses carry no photons
    for (const [cls, mean] of [
      [SIGNAL, 0.5],
      [DECOY, 0.1],
    ] as const) {
      within5Sigma(detected[cls]! / rec.sent[cls], 1 - Math.exp(-0.2 * mean), rec.sent[cls]);
    }
    const t = tally(rec);
    within5Sigma(t.sifted / rec.count, 0.5, rec.count);
    within5Sigma(t.errors / t.sifted, 0.05, t.sifted);
    expect(t.eve).toBe(0);
    expect([rec.intensity.length, rec.photons.length, rec.flags.length]).toStrictEqual([
      rec.count,
      rec.count,
      rec.count,
    ]);
  });

  it('dark counts alone (no light reaches Bob) give fair bits: QBER 1/2 and click rate Y0', () => {
    const l = link({ kind: 'none' }, { darkCountProb: 0.05 }, 10_000);
    const rec = sim(l, 20_000, 3);
    within5Sigma(rec.count / 20_000, 1 - 0.95 ** 2, 20_000);
    const t = tally(rec);
    within5Sigma(t.errors / t.sifted, 0.5, t.sifted);
  });

  it('full photon-number splitting without dark counts: only multi-photon pulses click, and Eve knows each one', () => {
    const rec = sim(link({ kind: 'pns', fraction: 1 }), 100_000, 4);
    expect(rec.count).toBeGreaterThan(1024); // the record had to grow
    for (let i = 0; i < rec.count; i++) {
      expect(rec.photons[i]).toBeGreaterThanOrEqual(2);
      expect(rec.flags[i]! & FLAG_EVE_KNOWS).toBe(FLAG_EVE_KNOWS);
    }
  });

  it('full intercept-resend: Eve knows half the clicks, the sifted QBER is 1/4 + e_d/2', () => {
    const l = link({ kind: 'intercept-resend', fraction: 1 });
    const rec = sim(l, 100_000, 5);
    const t = tally(rec);
    within5Sigma(t.eve / rec.count, 0.5, rec.count);
    const m = expectedGainAndQber(0.5, l.fibre, l.detector, 1);
    within5Sigma(t.errors / t.sifted, m.qber, t.sifted);
    expect(m.qber).toBeCloseTo(0.25 + 0.05 / 2, 12);
  });

  it('after-pulsing after every click doubles the click rate at most: Q/(1 − (1 − Q)·p_ap)', () => {
    const pAp = 0.3;
    const l = link({ kind: 'none' }, { afterpulseProb: pAp, darkCountProb: 0.01 });
    const rec = sim(l, 50_000, 6);
    const q =
      0.8 * expectedGainAndQber(0.5, l.fibre, l.detector).gain +
      0.15 * expectedGainAndQber(0.1, l.fibre, l.detector).gain +
      0.05 * expectedGainAndQber(0, l.fibre, l.detector).gain;
    within5Sigma(rec.count / 50_000, q / (1 - (1 - q) * pAp), 50_000);
  });

  it('is a pure function of the seed (regression digests), and the seed matters', () => {
    const cases: [DecoyBb84Link, string][] = [
      [link({ kind: 'none' }, { darkCountProb: 1e-3, afterpulseProb: 0.2 }), 'none'],
      [link({ kind: 'intercept-resend', fraction: 0.5 }, { darkCountProb: 1e-3 }, 20), 'ir'],
      [link({ kind: 'pns', fraction: 0.5 }, { darkCountProb: 1e-3 }, 20), 'pns'],
    ];
    const digests = Object.fromEntries(cases.map(([l, k]) => [k, hex(sim(l, 30_000, 7))]));
    for (const [l, k] of cases) {
      const rec = sim(l, 30_000, 7);
      expect(hex(rec)).toBe(digests[k]);
      within5Sigma(tally(rec).sifted / rec.count, 0.5, rec.count); // bases agree half the time
    }
    expect(hex(sim(cases[0]![0], 30_000, 8))).not.toBe(digests.none);
    expect(digests).toStrictEqual(PINNED);
  });
});

/** sha256(intensity ‖ photons ‖ flags) of 30 000 pulses with seed 7. */
const PINNED = {
  none: '160961000f059fee0e5aeccf1949e4488ea6c744e58913f695e407674ed33a4e',
  ir: 'e9ae3a601354e89a5c2a346cabae812c6d36db9e82e9a917dbfc0a7fefea94fa',
  pns: 'e29d366d7f4511524fc98577d292f7e537d19f2b9b3423974c74ddf4caa7bcb4',
};

describe('pnsForwardTransmittance', () => {
  it('at 50 km Eve’s line reproduces the honest signal gain 1 − e^(−μη) to 1e-9 relative', () => {
    const l = link({ kind: 'pns', fraction: 1 }, {}, 50);
    const x = pnsForwardTransmittance(l);
    expect(x).toBeGreaterThan(0);
    expect(x).toBeLessThan(0.2);
    const target = 1 - Math.exp(-0.5 * 0.02);
    expect(Math.abs(multiPhotonDetection(0.5, x) - target) / target).toBeLessThan(1e-9);
  });

  it('at 0 km even a lossless line cannot match, so it is capped at η_det', () => {
    expect(pnsForwardTransmittance(link({ kind: 'pns', fraction: 1 }, { efficiency: 0.3 }))).toBe(
      0.3,
    );
  });
});
