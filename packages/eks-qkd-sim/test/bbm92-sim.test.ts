import { sha256 } from '@noble/hashes/sha2.js';
import { describe, expect, it } from 'vitest';
import { bbm92Expectation } from '../src/analytic.js';
import {
  ALICE_ANGLES,
  BOB_ANGLES,
  type CoincidenceRecord,
  type EntangledLink,
  MAX_ENTANGLED_PULSES,
  simulateBbm92,
  validateEntangledLink,
} from '../src/bbm92-sim.js';
import { Xoshiro128 } from '../src/prng.js';
import { settingTally, within5Sigma } from './bbm92-fixtures.js';
import { expectQkdError } from './expect-error.js';

const link = (
  attack: EntangledLink['attack'] = { kind: 'none' },
  over: Partial<EntangledLink> = {},
): EntangledLink => ({
  source: { pairMean: 0.05, testProb: 0.5 },
  fibreToAlice: { distanceKm: 0, lossDbPerKm: 0.2 },
  fibreToBob: { distanceKm: 0, lossDbPerKm: 0.2 },
  detector: { efficiency: 1, darkCountProb: 0, misalignment: 0.05, afterpulseProb: 0 },
  attack,
  ...over,
});
const sim = (l: EntangledLink, pulses: number, seed = 1) =>
  simulateBbm92(l, pulses, new Xoshiro128(seed));

describe('validateEntangledLink and pulse checks', () => {
  it('the settings are 0°/45° for Alice and 0°, 45°, 22.5°, 67.5° for Bob', () => {
    expect([ALICE_ANGLES, BOB_ANGLES]).toStrictEqual([
      [0, 45],
      [0, 45, 22.5, 67.5],
    ]);
  });

  it.each([
    {
      name: 'pairMean at 1',
      l: link({ kind: 'none' }, { source: { pairMean: 1, testProb: 0.5 } }),
      field: undefined,
    },
    {
      name: 'pairMean at 1e-6',
      l: link({ kind: 'none' }, { source: { pairMean: 1e-6, testProb: 0.5 } }),
      field: undefined,
    },
    {
      name: 'pairMean above 1',
      l: link({ kind: 'none' }, { source: { pairMean: 1.001, testProb: 0.5 } }),
      field: 'source.pairMean',
    },
    {
      name: 'pairMean below 1e-6',
      l: link({ kind: 'none' }, { source: { pairMean: 0.9e-6, testProb: 0.5 } }),
      field: 'source.pairMean',
    },
    {
      name: 'testProb at 0.01',
      l: link({ kind: 'none' }, { source: { pairMean: 0.1, testProb: 0.01 } }),
      field: undefined,
    },
    {
      name: 'testProb at 0.99',
      l: link({ kind: 'none' }, { source: { pairMean: 0.1, testProb: 0.99 } }),
      field: undefined,
    },
    {
      name: 'testProb below 0.01',
      l: link({ kind: 'none' }, { source: { pairMean: 0.1, testProb: 0.009 } }),
      field: 'source.testProb',
    },
    {
      name: 'testProb above 0.99',
      l: link({ kind: 'none' }, { source: { pairMean: 0.1, testProb: 0.991 } }),
      field: 'source.testProb',
    },
    {
      name: 'a missing source',
      l: link({ kind: 'none' }, { source: undefined as unknown as EntangledLink['source'] }),
      field: 'source.pairMean',
    },
    {
      name: 'a bad Alice fibre',
      l: link({ kind: 'none' }, { fibreToAlice: { distanceKm: -1, lossDbPerKm: 0.2 } }),
      field: 'fibreToAlice.distanceKm',
    },
    {
      name: 'a bad Bob fibre',
      l: link({ kind: 'none' }, { fibreToBob: { distanceKm: 1, lossDbPerKm: 11 } }),
      field: 'fibreToBob.lossDbPerKm',
    },
    {
      name: 'a bad detector',
      l: link(
        { kind: 'none' },
        { detector: { efficiency: 1, darkCountProb: 0.2, misalignment: 0, afterpulseProb: 0 } },
      ),
      field: 'detector.darkCountProb',
    },
    {
      name: 'intercept-resend at fraction 1',
      l: link({ kind: 'intercept-resend', fraction: 1 }),
      field: undefined,
    },
    {
      name: 'intercept-resend at fraction 0',
      l: link({ kind: 'intercept-resend', fraction: 0 }),
      field: undefined,
    },
    {
      name: 'intercept-resend above 1',
      l: link({ kind: 'intercept-resend', fraction: 1.01 }),
      field: 'attack.fraction',
    },
    {
      name: 'intercept-resend below 0',
      l: link({ kind: 'intercept-resend', fraction: -0.01 }),
      field: 'attack.fraction',
    },
    {
      name: 'a missing attack',
      l: link({ kind: 'none' }, { attack: undefined as unknown as EntangledLink['attack'] }),
      field: 'attack.kind',
    },
  ])('$name', ({ l, field }) => {
    if (field === undefined) expect(validateEntangledLink(l)).toBeUndefined();
    else expectQkdError(() => validateEntangledLink(l), 'INVALID_PARAMETER', field);
  });

  it('a non-object link is rejected on field link', () => {
    for (const l of [null, 3] as unknown as EntangledLink[]) {
      expectQkdError(() => validateEntangledLink(l), 'INVALID_PARAMETER', 'link');
    }
  });

  it.each([0, 2.5, -1, MAX_ENTANGLED_PULSES + 1])('rejects %d pulses on field pulses', (p) => {
    expectQkdError(() => sim(link(), p), 'INVALID_PARAMETER', 'pulses');
  });

  it('checks the link before the pulse count, and accepts one pulse', () => {
    expectQkdError(
      () => sim(link({ kind: 'intercept-resend', fraction: 2 }), 0),
      'INVALID_PARAMETER',
      'attack.fraction',
    );
    expect(sim(link(), 1).pulses).toBe(1);
  });
});

describe('simulateBbm92 physics (fixed seeds, 5σ tolerances)', () => {
  it('coincidence rate, settings, key-round QBER and CHSH follow the closed-form model', () => {
    const l = link();
    const pulses = 100_000;
    const rec = sim(l, pulses, 2);
    const m = bbm92Expectation(l);
    within5Sigma(rec.count / pulses, m.coincidenceProb, pulses);
    expect(rec.flags.length).toBe(rec.count);
    const t = settingTally(rec);
    // Alice picks 0°/45° evenly; Bob 0°, 45° with (1 − t)/2 each and 22.5°, 67.5° with t/2 each (t = 0.5).
    within5Sigma((t.n[0]! + t.n[1]! + t.n[2]! + t.n[3]!) / rec.count, 0.5, rec.count);
    for (let b = 0; b < 4; b++) within5Sigma((t.n[b]! + t.n[4 + b]!) / rec.count, 0.25, rec.count);
    const keyRounds = t.n[0]! + t.n[5]!;
    within5Sigma(1 - (t.same[0]! + t.same[5]!) / keyRounds, m.qber, keyRounds);
    // E(a, b) = (2·same − n)/n; S has variance ≤ Σ 1/n over its four terms.
    const e = (k: number) => (2 * t.same[k]! - t.n[k]!) / t.n[k]!;
    const s = e(2) - e(3) + e(6) + e(7);
    const sigmaS = Math.sqrt([2, 3, 6, 7].reduce((a, k) => a + 1 / t.n[k]!, 0));
    expect(Math.abs(s - m.chsh)).toBeLessThan(5 * sigmaS);
    // The off-key pairs (0°, 45°) and (45°, 0°) are uncorrelated up to the V·cos 90° = 0 term.
    within5Sigma(t.same[1]! / t.n[1]!, 0.5, t.n[1]!);
    expect(t.eve).toBe(0);
  });

  it('intercept-resend on every pair: Eve knows half the correlated rounds and the key QBER is 1/4 + e_d/2', () => {
    const l = link(
      { kind: 'intercept-resend', fraction: 1 },
      { source: { pairMean: 0.001, testProb: 0.5 } },
    );
    const rec = sim(l, 400_000, 3);
    const t = settingTally(rec);
    within5Sigma(t.eve / rec.count, 0.5, rec.count);
    const keyRounds = t.n[0]! + t.n[5]!;
    within5Sigma(1 - (t.same[0]! + t.same[5]!) / keyRounds, 0.25 + 0.05 / 2, keyRounds);
  });

  it('dark counts only (no light arrives): coincidences at Y0² with fair bits', () => {
    const far = { distanceKm: 10_000, lossDbPerKm: 0.2 };
    const l = link(
      { kind: 'none' },
      {
        fibreToAlice: far,
        fibreToBob: far,
        detector: { efficiency: 1, darkCountProb: 0.1, misalignment: 0, afterpulseProb: 0 },
      },
    );
    const rec = sim(l, 20_000, 4);
    const y0 = 1 - 0.9 ** 2;
    within5Sigma(rec.count / 20_000, y0 * y0, 20_000);
    const t = settingTally(rec);
    const all = t.n.reduce((a, b) => a + b, 0);
    within5Sigma(t.same.reduce((a, b) => a + b, 0) / all, 0.5, all);
  });

  it('is a pure function of the seed (regression digests), and the seed matters', () => {
    const hex = (r: CoincidenceRecord) => Buffer.from(sha256(r.flags)).toString('hex');
    const cases: [string, EntangledLink][] = [
      [
        'none',
        link(
          { kind: 'none' },
          {
            detector: {
              efficiency: 0.5,
              darkCountProb: 1e-3,
              misalignment: 0.05,
              afterpulseProb: 0,
            },
          },
        ),
      ],
      [
        'ir',
        link(
          { kind: 'intercept-resend', fraction: 0.5 },
          { source: { pairMean: 0.5, testProb: 0.5 } },
        ),
      ],
    ];
    const digests: Record<string, string> = {};
    for (const [k, l] of cases) {
      const rec = sim(l, 40_000, 5);
      digests[k] = hex(rec);
      expect(hex(sim(l, 40_000, 5))).toBe(digests[k]);
      within5Sigma(
        settingTally(rec)
          .n.slice(0, 4)
          .reduce((a, b) => a + b, 0) / rec.count,
        0.5,
        rec.count,
      );
    }
    expect(hex(sim(cases[0]![1], 40_000, 6))).not.toBe(digests.none);
    expect(digests).toStrictEqual(PINNED);
  });
});

/** sha256(flags) of 40 000 pulses with seed 5. */
const PINNED = {
  none: '9ee3e9cb1345a1db245a6c71c5b91f4206fdd1225a0171bc3395da5af524b650',
  ir: 'dc058b3f4b2899c0cc0b041283efd5ddf3a4616ad67e336486f394665a0706eb',
};
