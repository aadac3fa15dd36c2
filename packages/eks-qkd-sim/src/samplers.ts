import type { Xoshiro128 } from './prng.js';

/**
 * Samplers for the photon statistics. The simulators draw photon numbers by inverting a
 * precomputed cumulative table (one 32-bit word per pulse); these functions are the general
 * forms, used for tables, tests and the counting shortcuts.
 */

/** P(n) = e^−μ μ^n / n! for n = 0 … nMax, with the tail mass (n > nMax) folded into the last entry. */
export function poissonPmf(mean: number, nMax: number): Float64Array {
  const p = new Float64Array(nMax + 1);
  let term = Math.exp(-mean);
  let sum = 0;
  for (let n = 0; n <= nMax; n++) {
    p[n] = term;
    sum += term;
    term *= mean / (n + 1);
  }
  p[nMax] = p[nMax]! + Math.max(0, 1 - sum);
  return p;
}

/** Thermal (Bose–Einstein) pair-number distribution of one SPDC mode: μ^n / (1 + μ)^(n+1). */
export function thermalPmf(mean: number, nMax: number): Float64Array {
  const p = new Float64Array(nMax + 1);
  const r = mean / (1 + mean);
  let term = 1 / (1 + mean);
  let sum = 0;
  for (let n = 0; n <= nMax; n++) {
    p[n] = term;
    sum += term;
    term *= r;
  }
  p[nMax] = p[nMax]! + Math.max(0, 1 - sum);
  return p;
}

/** Poisson(mean) by inversion (Knuth's product form breaks down for large means; this does not). */
export function samplePoisson(rng: Xoshiro128, mean: number): number {
  if (mean <= 0) return 0;
  if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * gaussian(rng)));
  const u = rng.nextDouble();
  let n = 0;
  let p = Math.exp(-mean);
  let cdf = p;
  while (u >= cdf && n < 1000) {
    n++;
    p *= mean / n;
    cdf += p;
  }
  return n;
}

/**
 * Binomial(n, p). Small means invert by geometric waiting times (exact); large means use the
 * normal approximation with continuity correction, whose error is O(1/√(np(1−p))) and is only
 * used where the counts are in the thousands.
 */
export function sampleBinomial(rng: Xoshiro128, n: number, p: number): number {
  if (p <= 0 || n <= 0) return 0;
  if (p >= 1) return n;
  if (p > 0.5) return n - sampleBinomial(rng, n, 1 - p);
  const mean = n * p;
  if (mean < 64) {
    // The gap between successes is geometric: skip ⌊ln U / ln(1 − p)⌋ failures at a time.
    const logQ = Math.log1p(-p);
    let count = 0;
    let pos = 0;
    for (;;) {
      pos += Math.floor(Math.log(1 - rng.nextDouble()) / logQ) + 1;
      if (pos > n) return count;
      count++;
    }
  }
  const k = Math.round(mean + Math.sqrt(mean * (1 - p)) * gaussian(rng));
  return Math.min(n, Math.max(0, k));
}

/** A standard normal deviate (Box–Muller). */
export function gaussian(rng: Xoshiro128): number {
  const u = 1 - rng.nextDouble();
  const v = rng.nextDouble();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Converts probabilities to 32-bit thresholds: an event with probability p fires when u32 < ⌊p·2^32⌋. */
export function toThreshold(p: number): number {
  if (p <= 0) return 0;
  if (p >= 1) return 4294967296; // above every u32, so the event always fires
  return Math.floor(p * 4294967296);
}
