import { expect } from 'vitest';
import {
  type CoincidenceRecord,
  EFLAG_ALICE_BIT,
  EFLAG_ALICE_SETTING,
  EFLAG_BOB_BIT,
  EFLAG_BOB_SETTING_SHIFT,
  EFLAG_EVE_KNOWS,
  type EntangledLink,
  type PairStatistics,
} from '../src/bbm92-sim.js';

/** The BBM92 tests' shared helpers: a centred link, counts per setting pair, a 5σ check. */

/**
 * A link with the source in the middle of `km` of 0.2 dB/km fibre and the default detector
 * (η_det = 0.2, p_d = 10⁻⁶, e_d = 1.5 %) unless overridden; `statistics: 'absent'` leaves the
 * field out.
 */
export function centredLink(
  pairMean: number,
  km: number,
  o: {
    readonly detector?: Partial<EntangledLink['detector']>;
    readonly statistics?: PairStatistics | 'absent';
    readonly attack?: EntangledLink['attack'];
    readonly testProb?: number;
  } = {},
): EntangledLink {
  const statistics = o.statistics ?? 'two-mode';
  return {
    source: {
      pairMean,
      testProb: o.testProb ?? 0.5,
      ...(statistics === 'absent' ? {} : { statistics }),
    },
    fibreToAlice: { distanceKm: km / 2, lossDbPerKm: 0.2 },
    fibreToBob: { distanceKm: km / 2, lossDbPerKm: 0.2 },
    detector: {
      efficiency: 0.2,
      darkCountProb: 1e-6,
      misalignment: 0.015,
      afterpulseProb: 0,
      ...o.detector,
    },
    attack: o.attack ?? { kind: 'none' },
  };
}

/** Rounds and equal outcomes per (Alice setting, Bob setting) index a·4 + b; Eve-known count. */
export function settingTally(rec: CoincidenceRecord) {
  const n = new Array<number>(8).fill(0);
  const same = new Array<number>(8).fill(0);
  let eve = 0;
  for (let i = 0; i < rec.count; i++) {
    const f = rec.flags[i]!;
    const k = (f & EFLAG_ALICE_SETTING) * 4 + ((f >>> EFLAG_BOB_SETTING_SHIFT) & 3);
    n[k]!++;
    if (((f & EFLAG_ALICE_BIT) !== 0) === ((f & EFLAG_BOB_BIT) !== 0)) same[k]!++;
    if (f & EFLAG_EVE_KNOWS) eve++;
  }
  return { n, same, eve };
}

/** |x − p| within 5 standard deviations of a binomial proportion over n trials. */
export function within5Sigma(x: number, p: number, n: number) {
  expect(Math.abs(x - p)).toBeLessThanOrEqual(5 * Math.sqrt((p * (1 - p)) / n));
}
