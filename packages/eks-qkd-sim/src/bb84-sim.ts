import { losslessResendClickProb } from './attacks-lossless-resend.js';
import { QkdError } from './errors.js';
import { gateModelOf } from './link-timing.js';
import {
  backgroundYield,
  type DecoyBb84Link,
  detectProb,
  MAX_PHOTON_NUMBER,
  totalTransmittance,
  validateDecoyBb84Link,
} from './physics.js';
import type { Xoshiro128 } from './prng.js';
import { poissonPmf, toThreshold } from './samplers.js';
import { neighbourSpillYield } from './timed-rates.js';

/** Intensity classes of the decoy source, as stored in a DetectionRecord. */
export const SIGNAL = 0;
export const DECOY = 1;
export const VACUUM = 2;

/** Flag bits of one detection in a DetectionRecord. */
export const FLAG_ALICE_BIT = 1;
export const FLAG_ALICE_BASIS = 2; // 0 = Z (rectilinear), 1 = X (diagonal)
export const FLAG_BOB_BASIS = 4;
export const FLAG_BOB_BIT = 8;
export const FLAG_EVE_KNOWS = 16; // Eve holds this bit once bases are announced (diagnostic)
export const FLAG_EVE_SHIFTED = 32; // Eve time-shifted this pulse: she has a guess (diagnostic)
export const FLAG_EVE_GUESS = 64; // … the bit of the detector she favoured (diagnostic)

/** Most pulses one simulate call accepts (about a minute of CPU at the measured speed). */
export const MAX_PULSES = 2 ** 32;
/** Most detections one record may hold; bounds memory at ~3 bytes per detection. */
export const MAX_DETECTIONS = 2 ** 25;

/**
 * Everything that happened at Bob's detectors, in pulse order. Alice's intensity choice and
 * bases are hers; Bob's bases and bits are his; `photons` and FLAG_EVE_KNOWS are ground truth
 * that no party sees and serve only diagnostics and tests.
 */
export interface DetectionRecord {
  readonly pulses: number;
  /** Pulses sent per intensity class [signal, decoy, vacuum]. */
  readonly sent: readonly [number, number, number];
  readonly count: number;
  readonly intensity: Uint8Array;
  readonly photons: Uint8Array;
  readonly flags: Uint8Array;
}

/**
 * Bob's signal-detection probability for an n-photon pulse, honest or attacked; `disfavoured`:
 * a time-shifted pulse heading for the detector Eve's shift did not favour.
 */
interface ClickModel {
  readonly honest: (n: number) => number;
  readonly attacked: (n: number) => number;
  readonly disfavoured: (n: number) => number;
}

function clickModel(link: DecoyBb84Link): ClickModel {
  const eta = totalTransmittance(link.fibre, link.detector);
  const honest = (n: number) => detectProb(n, eta);
  const a = link.attack;
  if (a.kind === 'intercept-resend') {
    // Eve (ideal detector, at Alice's output) measures whenever a photon is there and
    // resends one photon in her basis: through the rest of the line, or over her lossless
    // line with the forwarding share that keeps the signal gain (attacks-lossless-resend.ts).
    const t = a.line === 'lossless' ? losslessResendClickProb(link) : eta;
    const attacked = (n: number) => (n === 0 ? 0 : t);
    return { honest, attacked, disfavoured: attacked };
  }
  if (a.kind === 'pns') {
    const x = pnsForwardTransmittance(link);
    const attacked = (n: number) => (n <= 1 ? 0 : detectProb(n - 1, x));
    return { honest, attacked, disfavoured: attacked };
  }
  if (a.kind === 'time-shift') {
    return { honest, attacked: honest, disfavoured: (n) => detectProb(n, eta * a.ratio) };
  }
  return { honest, attacked: honest, disfavoured: honest };
}

/**
 * The transmittance x (Eve's line × Bob's detector) at which forwarding n − 1 photons of every
 * multi-photon signal pulse reproduces the honest signal gain 1 − e^(−μη). Capped at η_det
 * (a lossless line into Bob's detector) or, under `efficiency: 'eve'`, at 1 (Eve controls the
 * detector's effective efficiency, as security proofs allow) when even the cap cannot reach
 * it — then the gain drops and Eve shows.
 */
export function pnsForwardTransmittance(link: DecoyBb84Link): number {
  const mu = link.source.signalMean;
  const eta = totalTransmittance(link.fibre, link.detector);
  const target = 1 - Math.exp(-mu * eta);
  const pmf = poissonPmf(mu, MAX_PHOTON_NUMBER);
  const gain = (x: number) => {
    let g = 0;
    for (let n = 2; n <= MAX_PHOTON_NUMBER; n++) g += pmf[n]! * detectProb(n - 1, x);
    return g;
  };
  let lo = 0;
  const a = link.attack;
  let hi = a.kind === 'pns' && a.efficiency === 'eve' ? 1 : link.detector.efficiency;
  if (gain(hi) <= target) return hi;
  for (let i = 0; i < 100; i++) {
    const mid = (lo + hi) / 2;
    if (gain(mid) < target) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/**
 * The link as the pulse loop sees it on its time axis (spec §3.4): Bob's efficiency times the
 * share of detections inside their own window, a background yield that adds the photons the two
 * neighbouring slots spill into the window (as independent noise: their exact marginal, their
 * correlation with the neighbours' own clicks neglected), and the gates a click shuts.
 */
function onTimeAxis(link: DecoyBb84Link): {
  windowed: DecoyBb84Link;
  y0: number;
  blockedGates: number;
} {
  if (link.timing === undefined) {
    return { windowed: link, y0: backgroundYield(link.detector), blockedGates: 0 };
  }
  const gate = gateModelOf(link.timing);
  const spill = neighbourSpillYield(link, gate);
  const detector = { ...link.detector, efficiency: link.detector.efficiency * gate.inWindowProb };
  return {
    windowed: { ...link, detector },
    y0: 1 - (1 - backgroundYield(link.detector)) * (1 - spill),
    blockedGates: gate.blockedGates,
  };
}

const BUF = 4096;

/**
 * Simulates `pulses` pulses of decoy-state BB84 through fibre into Bob's two detectors.
 *
 * Per pulse: one 32-bit word picks (intensity, photon number) from the joint Poisson table, one
 * word picks the detection outcome (signal photon detected / dark count / both / nothing), one
 * word decides whether Eve attacks when she attacks a fraction. Bits and bases come 32 pulses
 * at a time from one word each (bit-parallel). Only detections are stored.
 */
export function simulateDecoyBb84(
  link: DecoyBb84Link,
  pulses: number,
  rng: Xoshiro128,
): DetectionRecord {
  validateDecoyBb84Link(link);
  if (!Number.isInteger(pulses) || pulses < 1 || pulses > MAX_PULSES) {
    throw new QkdError('INVALID_PARAMETER', 'pulses', `must be an integer in [1, ${MAX_PULSES}]`);
  }
  const src = link.source;
  const { windowed, y0, blockedGates } = onTimeAxis(link);
  const model = clickModel(windowed);

  // Joint (intensity, photon number) categories, most probable first so the scan is short.
  const cats: { p: number; cls: number; n: number }[] = [];
  const means = [src.signalMean, src.decoyMean, src.vacuumMean];
  const probs = [src.signalProb, src.decoyProb, src.vacuumProb];
  for (let cls = 0; cls < 3; cls++) {
    const pmf = poissonPmf(means[cls]!, MAX_PHOTON_NUMBER);
    for (let n = 0; n <= MAX_PHOTON_NUMBER; n++) {
      const p = probs[cls]! * pmf[n]!;
      if (p > 0) cats.push({ p, cls, n });
    }
  }
  cats.sort((a, b) => b.p - a.p);
  const nc = cats.length;
  const cum = new Float64Array(nc);
  const catCls = new Uint8Array(nc);
  const catN = new Uint8Array(nc);
  // Per category: honest, attacked, attacked towards the disfavoured detector (time shift).
  const t1 = new Float64Array(3 * nc); // signal and noise
  const t2 = new Float64Array(3 * nc); // … or signal only
  const t3 = new Float64Array(3 * nc); // … or noise only; above: no click
  let acc = 0;
  for (let i = 0; i < nc; i++) {
    const c = cats[i]!;
    acc += c.p;
    cum[i] = i === nc - 1 ? 4294967296 : toThreshold(acc);
    catCls[i] = c.cls;
    catN[i] = c.n;
    for (let att = 0; att < 3; att++) {
      const at = [model.honest, model.attacked, model.disfavoured][att]!;
      const s = at(c.n);
      t1[3 * i + att] = toThreshold(s * y0);
      t2[3 * i + att] = toThreshold(s);
      t3[3 * i + att] = toThreshold(s + (1 - s) * y0);
    }
  }
  const attack = link.attack;
  const attackFraction = attack.kind === 'none' ? 0 : attack.fraction;
  const tAttack = toThreshold(attackFraction);
  const isIR = attack.kind === 'intercept-resend';
  const isTimeShift = attack.kind === 'time-shift';
  const randomAssignment = link.detector.assignment === 'random';
  const tMis = toThreshold(link.detector.misalignment);
  const tAp = toThreshold(link.detector.afterpulseProb);

  let cap = 1024;
  let intensity: Uint8Array = new Uint8Array(cap);
  let photons: Uint8Array = new Uint8Array(cap);
  let flags: Uint8Array = new Uint8Array(cap);
  let count = 0;
  const sent = [0, 0, 0];
  // Counted per category in the loop (one typed-array increment) and folded per class after it.

  const buf = new Uint32Array(BUF);
  let bi = BUF;
  let aBitW = 0;
  let aBasW = 0;
  let bBasW = 0;
  let prevClick = false;
  let blocked = 0; // gates still shut by the dead time of the last click
  const catCount = new Float64Array(nc);
  for (let p = 0; p < pulses; p++) {
    // One refill test per pulse: a pulse consumes at most 10 words (a time-shifted one).
    if (bi > BUF - 10) {
      rng.fill(buf);
      bi = 0;
    }
    if ((p & 31) === 0) {
      aBitW = buf[bi++]!;
      aBasW = buf[bi++]!;
      bBasW = buf[bi++]!;
    }
    const u1 = buf[bi++]!;
    let c = 0;
    while (u1 >= cum[c]!) c++;
    catCount[c]!++;
    if (blocked > 0) {
      blocked--;
      continue;
    }
    let att = 0;
    if (attackFraction > 0 && buf[bi++]! < tAttack) att = 1;
    let k = 3 * c + att;
    // A time-shifted pulse: the detector its photon heads for, decided before the click since
    // the click probability depends on it (spec §3.3 step 4a).
    let shift = -1; // Eve's favoured detector, or −1
    let outcome = 0;
    if (att === 1 && isTimeShift) {
      const w = buf[bi++]!;
      const j = p & 31;
      const aBit = (aBitW >>> j) & 1;
      const sameBasis = ((aBasW >>> j) & 1) === ((bBasW >>> j) & 1);
      outcome = sameBasis ? aBit ^ (buf[bi++]! < tMis ? 1 : 0) : (w >>> 2) & 1;
      shift = w & 1;
      const flip = randomAssignment ? (w >>> 1) & 1 : 0;
      if ((outcome ^ flip) !== shift) k++;
    }
    const u2 = buf[bi++]!;
    const afterpulse = prevClick && tAp > 0 && buf[bi++]! < tAp;
    if (u2 >= t3[k]! && !afterpulse) {
      prevClick = false;
      continue;
    }
    prevClick = true;
    blocked = blockedGates;
    const signal = u2 < t2[k]!;
    const noise = afterpulse || u2 < t1[k]! || u2 >= t2[k]!;
    const j = p & 31;
    const aBit = (aBitW >>> j) & 1;
    const aBas = (aBasW >>> j) & 1;
    const bBas = (bBasW >>> j) & 1;
    const r = buf[bi++]!;
    const n = catN[c]!;
    // The state that reaches Bob: Alice's, or the one Eve resent.
    let arrBas = aBas;
    let arrBit = aBit;
    let eveKnows = 0;
    if (att === 1) {
      if (isIR) {
        if (n > 0) {
          const eBas = r & 1;
          arrBas = eBas;
          arrBit = eBas === aBas ? aBit : (r >>> 1) & 1;
          eveKnows = eBas === aBas ? 1 : 0;
        }
      } else if (!isTimeShift && n >= 2) {
        eveKnows = 1; // PNS: she stored a photon of it
      }
    }
    let bBit: number;
    if (shift >= 0) {
      // The detector that fired, undone by the assignment flip: the outcome, or a coin.
      bBit = signal && !noise ? outcome : (r >>> 3) & 1;
    } else if (signal && !noise && bBas === arrBas) {
      bBit = arrBit ^ (buf[bi++]! < tMis ? 1 : 0);
    } else {
      bBit = (r >>> 2) & 1; // wrong basis, dark count or double click: a fair coin
    }
    if (count === cap) {
      if (cap >= MAX_DETECTIONS) {
        throw new QkdError('LIMIT_EXCEEDED', 'pulses', `more than ${MAX_DETECTIONS} detections`);
      }
      cap *= 2;
      intensity = grow(intensity, cap);
      photons = grow(photons, cap);
      flags = grow(flags, cap);
    }
    intensity[count] = catCls[c]!;
    photons[count] = n;
    flags[count] =
      aBit |
      (aBas << 1) |
      (bBas << 2) |
      (bBit << 3) |
      (eveKnows << 4) |
      (shift >= 0 ? FLAG_EVE_SHIFTED | (shift << 6) : 0);
    count++;
  }
  for (let c = 0; c < nc; c++) sent[catCls[c]!] = sent[catCls[c]!]! + catCount[c]!;
  return {
    pulses,
    sent: [sent[0]!, sent[1]!, sent[2]!],
    count,
    intensity: intensity.subarray(0, count),
    photons: photons.subarray(0, count),
    flags: flags.subarray(0, count),
  };
}

function grow(a: Uint8Array, cap: number): Uint8Array {
  const b = new Uint8Array(cap);
  b.set(a);
  return b;
}
