import { checkRange, QkdError } from './errors.js';
import {
  backgroundYield,
  type Detector,
  type Fibre,
  fibreTransmittance,
  validateDetector,
  validateFibre,
} from './physics.js';
import type { Xoshiro128 } from './prng.js';
import { thermalPmf, toThreshold } from './samplers.js';

/**
 * Entanglement-based QKD (BBM92 with CHSH test rounds): an SPDC source between Alice and Bob
 * emits polarisation pairs |Φ+⟩ = (|HH⟩ + |VV⟩)/√2 with thermal pair-number statistics.
 *
 * Settings (polariser angles): Alice a ∈ {0°, 45°} uniformly; Bob b ∈ {0°, 45°} (key rounds)
 * with probability (1 − t)/2 each and b ∈ {22.5°, 67.5°} (test rounds) with t/2 each.
 * Key: rounds with a = b. CHSH: S = E(0°,22.5°) − E(0°,67.5°) + E(45°,22.5°) + E(45°,67.5°),
 * which is 2√2·V for one pair with visibility V = 1 − 2·e_d.
 *
 * Coincidence model per pulse with n pairs: each side clicks with probability
 * 1 − (1 − Y0)(1 − η_side)^n. A coincidence is correlated (quantum prediction
 * P(same) = (1 + V·cos 2(a − b))/2) only when each side detects exactly one photon, both from the
 * same pair, and neither side has a dark count: probability n·ηA·ηB·((1 − ηA)(1 − ηB))^(n−1)·(1 − Y0)².
 * Every other coincidence (photons of different pairs, several photons, dark counts) gives
 * independent fair bits — the conservative accidental-coincidence model.
 */
export interface EntangledSource {
  /** Mean pair number per pulse μ (thermal statistics), 0 < μ ≤ 1. */
  readonly pairMean: number;
  /** Probability t that Bob picks a CHSH test setting, 0 < t < 1. */
  readonly testProb: number;
}

/** Eve on Bob's arm: measures a `fraction` of photons at 0° or 45° and resends her result. */
export type EntangledAttack =
  | { readonly kind: 'none' }
  | { readonly kind: 'intercept-resend'; readonly fraction: number };

export interface EntangledLink {
  readonly source: EntangledSource;
  readonly fibreToAlice: Fibre;
  readonly fibreToBob: Fibre;
  readonly detector: Detector;
  readonly attack: EntangledAttack;
}

/** Bob's four settings in degrees, by index. */
export const BOB_ANGLES = [0, 45, 22.5, 67.5] as const;
export const ALICE_ANGLES = [0, 45] as const;

/** Flag bits of one coincidence. */
export const EFLAG_ALICE_SETTING = 1; // index into ALICE_ANGLES
export const EFLAG_BOB_SETTING_SHIFT = 1; // two bits: index into BOB_ANGLES
export const EFLAG_ALICE_BIT = 8;
export const EFLAG_BOB_BIT = 16;
export const EFLAG_EVE_KNOWS = 32;

export const MAX_PAIR_NUMBER = 12;
export const MAX_ENTANGLED_PULSES = 2 ** 32;
export const MAX_COINCIDENCES = 2 ** 25;

export interface CoincidenceRecord {
  readonly pulses: number;
  readonly count: number;
  readonly flags: Uint8Array;
}

export function validateEntangledLink(link: EntangledLink): void {
  if (typeof link !== 'object' || link === null) {
    throw new QkdError('INVALID_PARAMETER', 'link', 'must be an object');
  }
  checkRange('source.pairMean', link.source?.pairMean, 1e-6, 1);
  checkRange('source.testProb', link.source?.testProb, 0.01, 0.99);
  validateFibre(link.fibreToAlice, 'fibreToAlice');
  validateFibre(link.fibreToBob, 'fibreToBob');
  validateDetector(link.detector);
  const a = link.attack;
  if (a?.kind === 'none') return;
  if (a?.kind === 'intercept-resend') {
    checkRange('attack.fraction', a.fraction, 0, 1);
    return;
  }
  throw new QkdError('INVALID_PARAMETER', 'attack.kind', 'must be none or intercept-resend');
}

const DEG = Math.PI / 180;
const BUF = 4096;

export function simulateBbm92(
  link: EntangledLink,
  pulses: number,
  rng: Xoshiro128,
): CoincidenceRecord {
  validateEntangledLink(link);
  if (!Number.isInteger(pulses) || pulses < 1 || pulses > MAX_ENTANGLED_PULSES) {
    throw new QkdError(
      'INVALID_PARAMETER',
      'pulses',
      `must be an integer in [1, ${MAX_ENTANGLED_PULSES}]`,
    );
  }
  const y0 = backgroundYield(link.detector);
  const etaA = fibreTransmittance(link.fibreToAlice) * link.detector.efficiency;
  const etaB = fibreTransmittance(link.fibreToBob) * link.detector.efficiency;
  const pmf = thermalPmf(link.source.pairMean, MAX_PAIR_NUMBER);
  const cum = new Float64Array(MAX_PAIR_NUMBER + 1);
  const tCorr = new Float64Array(MAX_PAIR_NUMBER + 1);
  const tCoinc = new Float64Array(MAX_PAIR_NUMBER + 1);
  let acc = 0;
  for (let n = 0; n <= MAX_PAIR_NUMBER; n++) {
    acc += pmf[n]!;
    cum[n] = n === MAX_PAIR_NUMBER ? 4294967296 : toThreshold(acc);
    const pA = 1 - (1 - y0) * (1 - etaA) ** n;
    const pB = 1 - (1 - y0) * (1 - etaB) ** n;
    const corr = n * etaA * etaB * ((1 - etaA) * (1 - etaB)) ** (n - 1) * (1 - y0) ** 2;
    tCorr[n] = toThreshold(corr);
    tCoinc[n] = toThreshold(pA * pB);
  }
  const v = 1 - 2 * link.detector.misalignment;
  // P(same outcome) per (Alice setting, Bob setting) for an honest pair and under attack (Eve at 0° / 45°).
  const tSame = new Float64Array(8);
  const tSameEve = new Float64Array(16);
  for (let a = 0; a < 2; a++) {
    for (let b = 0; b < 4; b++) {
      const da = ALICE_ANGLES[a]! * DEG;
      const db = BOB_ANGLES[b]! * DEG;
      tSame[a * 4 + b] = toThreshold((1 + v * Math.cos(2 * (da - db))) / 2);
      for (let e = 0; e < 2; e++) {
        const de = ALICE_ANGLES[e]! * DEG;
        const corr = Math.cos(2 * (da - de)) * Math.cos(2 * (db - de));
        tSameEve[(a * 4 + b) * 2 + e] = toThreshold((1 + v * corr) / 2);
      }
    }
  }
  const t = link.source.testProb;
  const tBob0 = toThreshold((1 - t) / 2);
  const tBob1 = toThreshold(1 - t);
  const tBob2 = toThreshold(1 - t / 2);
  const attackFraction = link.attack.kind === 'none' ? 0 : link.attack.fraction;
  const tAttack = toThreshold(attackFraction);

  let cap = 1024;
  let flags: Uint8Array = new Uint8Array(cap);
  let count = 0;
  const buf = new Uint32Array(BUF);
  let bi = BUF;
  for (let p = 0; p < pulses; p++) {
    if (bi > BUF - 2) {
      rng.fill(buf);
      bi = 0;
    }
    const u1 = buf[bi++]!;
    let n = 0;
    while (u1 >= cum[n]!) n++;
    const u2 = buf[bi++]!;
    if (u2 >= tCoinc[n]!) continue;
    if (bi > BUF - 4) {
      rng.fill(buf);
      bi = 0;
    }
    const r = buf[bi++]!;
    const ub = buf[bi++]!;
    const a = r & 1;
    const b = ub < tBob0 ? 0 : ub < tBob1 ? 1 : ub < tBob2 ? 2 : 3;
    const aBit = (r >>> 1) & 1;
    let bBit: number;
    let eveKnows = 0;
    if (u2 < tCorr[n]!) {
      let thr = tSame[a * 4 + b]!;
      if (attackFraction > 0 && buf[bi++]! < tAttack) {
        const e = (r >>> 3) & 1;
        thr = tSameEve[(a * 4 + b) * 2 + e]!;
        eveKnows = e === a ? 1 : 0;
      }
      bBit = buf[bi++]! < thr ? aBit : aBit ^ 1;
    } else {
      bBit = (r >>> 2) & 1;
    }
    if (count === cap) {
      if (cap >= MAX_COINCIDENCES) {
        throw new QkdError(
          'LIMIT_EXCEEDED',
          'pulses',
          `more than ${MAX_COINCIDENCES} coincidences`,
        );
      }
      cap *= 2;
      const g = new Uint8Array(cap);
      g.set(flags);
      flags = g;
    }
    flags[count++] =
      a |
      (b << EFLAG_BOB_SETTING_SHIFT) |
      (aBit ? EFLAG_ALICE_BIT : 0) |
      (bBit ? EFLAG_BOB_BIT : 0) |
      (eveKnows ? EFLAG_EVE_KNOWS : 0);
  }
  return { pulses, count, flags: flags.subarray(0, count) };
}
