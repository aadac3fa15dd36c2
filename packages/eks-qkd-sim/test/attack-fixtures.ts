import { sha256 } from '@noble/hashes/sha2.js';
import { expect } from 'vitest';
import type { DetectionRecord } from '../src/bb84-sim.js';
import type { DecoyBb84Report } from '../src/decoy-bb84.js';
import { binaryEntropy } from '../src/entropy.js';

/** sha256 of a detection record (intensity ‖ photons ‖ flags), hex: what pins a record's bytes. */
export function recordDigest(rec: DetectionRecord): string {
  const all = new Uint8Array(3 * rec.count);
  all.set(rec.intensity, 0);
  all.set(rec.photons, rec.count);
  all.set(rec.flags, 2 * rec.count);
  return Buffer.from(sha256(all)).toString('hex');
}

/**
 * Σ_{n≥2} P_μ(n)·(1 − (1 − x)^(n−1)) for Poisson(μ), summed directly to n = 60: the PNS signal
 * detections written again (a second path to the package's tuning).
 */
export function multiPhotonDetection(mu: number, x: number): number {
  let g = 0;
  let p = Math.exp(-mu);
  for (let n = 0; n <= 60; n++) {
    if (n >= 2) g += p * (1 - (1 - x) ** (n - 1));
    p *= mu / (n + 1);
  }
  return g;
}

/** A proportion within 5 binomial standard deviations √(p(1 − p)/n) of its expectation p. */
export function within5Sigma(observed: number, expected: number, n: number): void {
  const sigma = Math.sqrt((expected * (1 - expected)) / n);
  expect(Math.abs(observed - expected)).toBeLessThanOrEqual(5 * sigma);
}

/**
 * The bits of a run's key block that privacy amplification hashes away beyond the EC leak and
 * the tag, from the report's own bounds (spec §4 step 9): n − n0 − n1·(1 − h(e1ᵁ)).
 */
export function hashedAwayBits(r: DecoyBb84Report): number {
  const n = r.keyBitsBeforeEc;
  const b = r.decoy;
  return (
    n -
    (n * b.q0Lower) / r.gain.signal -
    ((n * b.q1Lower) / r.gain.signal) * (1 - binaryEntropy(b.e1Upper))
  );
}
