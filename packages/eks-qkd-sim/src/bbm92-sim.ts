import {
  bothNoPhotonMatrix,
  fockNoPhotonProb,
  noPhotonMatrix,
  twoModePairPmf,
} from './bbm92-two-mode.js';
import { checkOption, checkRange, QkdError } from './errors.js';
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
 * `'single-mode'` statistics (the default): n pairs in ONE thermal mode. Each side clicks with
 * probability 1 − (1 − Y0)(1 − η_side)^n. A coincidence is correlated (quantum prediction
 * P(same) = (1 + V·cos 2(a − b))/2) only when each side detects exactly one photon, both from the
 * same pair, and neither side has a dark count: probability n·ηA·ηB·((1 − ηA)(1 − ηB))^(n−1)·(1 − Y0)².
 * Every other coincidence (photons of different pairs, several photons, dark counts) gives
 * independent fair bits — the conservative accidental-coincidence model.
 *
 * `'two-mode'` statistics: a type-II source, two independent thermal polarisation modes of mean
 * μ/2 each (Ma, Fung, Lo, PRA 76, 012307 (2007)); photons of one mode reach the matching
 * detectors of both sides, so most multi-pair coincidences stay correlated. The model (loss,
 * per-photon misalignment, dark counts per detector, bosonic bunching in the test bases,
 * squashing of double clicks) is written out in bbm92-two-mode.ts.
 */
export type PairStatistics = 'single-mode' | 'two-mode';

export interface EntangledSource {
  /** Mean pair number per pulse μ (thermal statistics), 0 < μ ≤ 1. */
  readonly pairMean: number;
  /** Probability t that Bob picks a CHSH test setting, 0 < t < 1. */
  readonly testProb: number;
  /** Pair statistics; absent means `'single-mode'` (the records of earlier versions). */
  readonly statistics?: PairStatistics;
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

/** Highest pair number per pulse (single-mode: in the mode; two-mode: n1 + n2); tail folded. */
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
  checkOption('source.statistics', link.source.statistics, ['single-mode', 'two-mode']);
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
const U32 = 4294967296;

/** Validates the link and the pulse count, then samples the records of `pulses` pulses. */
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
  return link.source.statistics === 'two-mode'
    ? simulateTwoMode(link, pulses, rng)
    : simulateSingleMode(link, pulses, rng);
}

/** The coincidences' flag bytes, doubling as they come, up to MAX_COINCIDENCES. */
class FlagStore {
  private flags = new Uint8Array(1024);
  private count = 0;

  push(flag: number): void {
    if (this.count === this.flags.length) {
      if (this.flags.length >= MAX_COINCIDENCES) {
        throw new QkdError(
          'LIMIT_EXCEEDED',
          'pulses',
          `more than ${MAX_COINCIDENCES} coincidences`,
        );
      }
      const grown = new Uint8Array(this.flags.length * 2);
      grown.set(this.flags);
      this.flags = grown;
    }
    this.flags[this.count++] = flag;
  }

  record(pulses: number): CoincidenceRecord {
    return { pulses, count: this.count, flags: this.flags.subarray(0, this.count) };
  }
}

/** Bob's setting and the attack, as 32-bit thresholds (shared by both statistics). */
function settingThresholds(link: EntangledLink) {
  const t = link.source.testProb;
  const attackFraction = link.attack.kind === 'none' ? 0 : link.attack.fraction;
  return {
    tBob0: toThreshold((1 - t) / 2),
    tBob1: toThreshold(1 - t),
    tBob2: toThreshold(1 - t / 2),
    attackFraction,
    tAttack: toThreshold(attackFraction),
  };
}

/** Pair-number cumulative thresholds and per-n coincidence thresholds, for a pair-number pmf. */
function pairTables(link: EntangledLink, pmf: Float64Array) {
  const y0 = backgroundYield(link.detector);
  const etaA = fibreTransmittance(link.fibreToAlice) * link.detector.efficiency;
  const etaB = fibreTransmittance(link.fibreToBob) * link.detector.efficiency;
  const cum = new Float64Array(MAX_PAIR_NUMBER + 1);
  const tCoinc = new Float64Array(MAX_PAIR_NUMBER + 1);
  let acc = 0;
  for (let n = 0; n <= MAX_PAIR_NUMBER; n++) {
    acc += pmf[n]!;
    cum[n] = n === MAX_PAIR_NUMBER ? U32 : toThreshold(acc);
    const pA = 1 - (1 - y0) * (1 - etaA) ** n;
    const pB = 1 - (1 - y0) * (1 - etaB) ** n;
    tCoinc[n] = toThreshold(pA * pB);
  }
  return { y0, etaA, etaB, cum, tCoinc };
}

/** Single-mode tables: correlated-coincidence thresholds and P(same) per setting pair. */
function singleModeTables(link: EntangledLink) {
  const pairs = pairTables(link, thermalPmf(link.source.pairMean, MAX_PAIR_NUMBER));
  const { y0, etaA, etaB } = pairs;
  const tCorr = new Float64Array(MAX_PAIR_NUMBER + 1);
  for (let n = 0; n <= MAX_PAIR_NUMBER; n++) {
    const corr = n * etaA * etaB * ((1 - etaA) * (1 - etaB)) ** (n - 1) * (1 - y0) ** 2;
    tCorr[n] = toThreshold(corr);
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
  return { ...pairs, tCorr, tSame, tSameEve };
}

function simulateSingleMode(
  link: EntangledLink,
  pulses: number,
  rng: Xoshiro128,
): CoincidenceRecord {
  const { cum, tCoinc, tCorr, tSame, tSameEve } = singleModeTables(link);
  const { tBob0, tBob1, tBob2, attackFraction, tAttack } = settingThresholds(link);
  const out = new FlagStore();
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
    out.push(
      a |
        (b << EFLAG_BOB_SETTING_SHIFT) |
        (aBit ? EFLAG_ALICE_BIT : 0) |
        (bBit ? EFLAG_BOB_BIT : 0) |
        (eveKnows ? EFLAG_EVE_KNOWS : 0),
    );
  }
  return out.record(pulses);
}

/** Side of a pattern table's (n1, n2) grid; each cell holds two thresholds. */
const SIDE = MAX_PAIR_NUMBER + 1;

/**
 * One side's click pattern given that it clicks, for every split (n1, n2) with n1 + n2 ≤ 12 in
 * the reference modes: thresholds [T(lone click at the setting detector), T(lone click at either
 * detector)], both conditional on at least one click; beyond them a double click.
 */
function patternTable(eta: number, misalignment: number, pd: number, delta: number): Float64Array {
  const table = new Float64Array(SIDE * SIDE * 2);
  const t0 = noPhotonMatrix(eta, misalignment, delta, 0);
  const t1 = noPhotonMatrix(eta, misalignment, delta, 1);
  const tBoth = bothNoPhotonMatrix(eta);
  for (let n1 = 0; n1 <= MAX_PAIR_NUMBER; n1++) {
    for (let n2 = 0; n1 + n2 <= MAX_PAIR_NUMBER; n2++) {
      const dark0 = (1 - pd) * fockNoPhotonProb(n1, n2, t0); // setting detector silent
      const dark1 = (1 - pd) * fockNoPhotonProb(n1, n2, t1); // orthogonal detector silent
      const darkBoth = (1 - pd) * (1 - pd) * fockNoPhotonProb(n1, n2, tBoth);
      const clicks = 1 - darkBoth;
      const cell = (n1 * SIDE + n2) * 2;
      if (clicks <= 0) continue; // never reached: such a side cannot be part of a coincidence
      table[cell] = toThreshold((dark1 - darkBoth) / clicks);
      table[cell + 1] = toThreshold((dark0 + dark1 - 2 * darkBoth) / clicks);
    }
  }
  return table;
}

/**
 * Two-mode tables: pair numbers (MFL Eq. 5), coincidence per n, and the pattern tables of Alice
 * (by reference basis ρ and her setting a; no misalignment) and Bob (by ρ and b; e_d). ρ is
 * Alice's basis for an honest pulse and Eve's for an attacked one.
 */
function twoModeTables(link: EntangledLink) {
  const pairs = pairTables(link, twoModePairPmf(link.source.pairMean, MAX_PAIR_NUMBER));
  const { darkCountProb: pd, misalignment } = link.detector;
  const alice: Float64Array[] = [];
  const bob: Float64Array[] = [];
  for (let ref = 0; ref < 2; ref++) {
    for (let a = 0; a < 2; a++) {
      const delta = (ALICE_ANGLES[a]! - ALICE_ANGLES[ref]!) * DEG;
      alice.push(patternTable(pairs.etaA, 0, pd, delta));
    }
    for (let b = 0; b < 4; b++) {
      const delta = (BOB_ANGLES[b]! - ALICE_ANGLES[ref]!) * DEG;
      bob.push(patternTable(pairs.etaB, misalignment, pd, delta));
    }
  }
  return { ...pairs, alice, bob };
}

/** 0: lone click at the setting detector, 1: at the orthogonal one, 2: double click. */
function clickPattern(table: Float64Array, cell: number, w: number): number {
  return w < table[cell]! ? 0 : w < table[cell + 1]! ? 1 : 2;
}

/**
 * Two-mode sampling. Given n, the coincidence probability does not depend on how the pairs split
 * between the modes (each side's dark probability is (1 − p_d)²(1 − η)^n), the split is uniform
 * (P(n1)P(n2) depends on n1 + n2 only), and given the split the two sides are independent, so
 * each side's pattern is drawn conditional on its click. Eve (intercept-resend) measures all of
 * Bob's photons at the source, photon-number resolving, in her basis (0° or 45°), learns (n1, n2)
 * in it and resends that Fock state: the pair is then classically correlated, S ≤ 2.
 */
function simulateTwoMode(link: EntangledLink, pulses: number, rng: Xoshiro128): CoincidenceRecord {
  const { cum, tCoinc, alice, bob } = twoModeTables(link);
  const { tBob0, tBob1, tBob2, attackFraction, tAttack } = settingThresholds(link);
  const out = new FlagStore();
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
    if (buf[bi++]! >= tCoinc[n]!) continue;
    if (bi > BUF - 6) {
      rng.fill(buf);
      bi = 0;
    }
    const r = buf[bi++]!;
    const ub = buf[bi++]!;
    const a = r & 1;
    const b = ub < tBob0 ? 0 : ub < tBob1 ? 1 : ub < tBob2 ? 2 : 3;
    const e = (r >>> 3) & 1;
    const attacked = attackFraction > 0 && buf[bi++]! < tAttack;
    const ref = attacked ? e : a;
    const n1 = Math.floor((buf[bi++]! * (n + 1)) / U32);
    const cell = (n1 * SIDE + (n - n1)) * 2;
    const aPattern = clickPattern(alice[ref * 2 + a]!, cell, buf[bi++]!);
    const bPattern = clickPattern(bob[ref * 4 + b]!, cell, buf[bi++]!);
    const aBit = aPattern < 2 ? aPattern : (r >>> 1) & 1;
    const bBit = bPattern < 2 ? bPattern : (r >>> 2) & 1;
    // Eve's guess is the mode that held more photons; she knows the bit when her basis is
    // Alice's and Alice's lone click agrees with it.
    const guess = n1 > n - n1 ? 0 : n1 < n - n1 ? 1 : -1;
    const eveKnows = attacked && e === a && aPattern === guess;
    out.push(
      a |
        (b << EFLAG_BOB_SETTING_SHIFT) |
        (aBit ? EFLAG_ALICE_BIT : 0) |
        (bBit ? EFLAG_BOB_BIT : 0) |
        (eveKnows ? EFLAG_EVE_KNOWS : 0),
    );
  }
  return out.record(pulses);
}
