import { binaryEntropy } from './entropy.js';
import { checkInteger, checkRange, QkdError } from './errors.js';
import type { Xoshiro128 } from './prng.js';

/**
 * Cascade information reconciliation (Brassard & Salvail 1993) with the block sizes of
 * Martinez-Mateo, Pacher, Peev, Ciurana & Martin, "Demystifying the information reconciliation
 * protocol Cascade", QIC 15 (2015) — their "option 8": 14 passes, k1 = 2^⌈α⌉,
 * k2 = 2^⌈(α + 12)/2⌉, k3 = 4096, k≥4 = n/2 with α = log2(1/e) − 1/2 — plus sub-block reuse:
 * every parity Alice ever disclosed (and every parity implied by two disclosed ones) is cached
 * and never asked again when the cascade effect brings the search back into that block; block-
 * parity inference (the last block of a pass follows from the total parity); and confirmation
 * passes over random halves until a streak of them finds nothing (see `confirmPasses`).
 *
 * Both strings are in memory (this is a simulator); `leakedBits` counts exactly the parity bits
 * Alice discloses on the public channel, which is what error-correction leakage means.
 */

/** Most bits one reconciliation accepts; memory is ~9 bytes × bits × passes. */
export const MAX_CASCADE_BITS = 2 ** 20;

export type CascadeBlockSizes = 'option8' | 'original';

export interface CascadeOptions {
  /** Number of passes (default 14 for option8, 4 for original). */
  readonly passes?: number;
  readonly blockSizes?: CascadeBlockSizes;
  /**
   * After the scheduled passes, keep running passes over two random halves until the last this
   * many passes in a row found no error (default 20 for option8, 0 for original). A residual
   * error set that is even in every block survives each further pass with probability 1/2, so a
   * streak of 20 bounds the chance of residual errors by 2^−20 for at most a few more disclosed
   * bits (the scheduled n/2 passes of option 8 already count towards the streak).
   */
  readonly confirmPasses?: number;
}

export const DEFAULT_CONFIRM_PASSES = 20;
/** Most passes run beyond the scheduled ones. */
export const MAX_CONFIRM_PASSES_EXTRA = 64;

export interface CascadeResult {
  /** Bob's string after reconciliation (a new array; the input is left unchanged). */
  readonly corrected: Uint8Array;
  /** Parity bits Alice disclosed. */
  readonly leakedBits: number;
  /** Bits Bob flipped. */
  readonly correctedErrors: number;
  /** Passes run, confirmation passes included. */
  readonly passes: number;
  /** Block size of each pass. */
  readonly blockSizes: readonly number[];
}

const MIN_QBER = 1e-5;

/** Block size of pass `pass` (0-based) for estimated QBER `e` and key length `n`. */
export function cascadeBlockSize(
  kind: CascadeBlockSizes,
  e: number,
  n: number,
  pass: number,
): number {
  const q = Math.max(e, MIN_QBER);
  let k: number;
  if (kind === 'original') {
    k = Math.ceil(0.73 / q) * 2 ** pass;
  } else {
    const alpha = Math.log2(1 / q) - 0.5;
    if (pass === 0) k = 2 ** Math.ceil(alpha);
    else if (pass === 1) k = 2 ** Math.ceil((alpha + 12) / 2);
    else if (pass === 2) k = 4096;
    else k = Math.ceil(n / 2);
  }
  return Math.max(1, Math.min(k, Math.ceil(n / 2)));
}

/**
 * Reconciles Bob's bits to Alice's. Bits are one per byte (0 or 1). `qberEstimate` is the
 * error rate from parameter estimation; `rng` draws the public permutations.
 */
export function cascade(
  alice: Uint8Array,
  bob: Uint8Array,
  qberEstimate: number,
  rng: Xoshiro128,
  options: CascadeOptions = {},
): CascadeResult {
  const n = alice.length;
  if (bob.length !== n) throw new QkdError('INVALID_PARAMETER', 'bob', 'length differs from alice');
  checkInteger('alice.length', n, 1, MAX_CASCADE_BITS);
  checkRange('qberEstimate', qberEstimate, 0, 0.5);
  const kind = options.blockSizes ?? 'option8';
  const passes = checkInteger('passes', options.passes ?? (kind === 'original' ? 4 : 14), 1, 64);
  const confirmPasses = checkInteger(
    'confirmPasses',
    options.confirmPasses ?? (kind === 'original' ? 0 : DEFAULT_CONFIRM_PASSES),
    0,
    MAX_CONFIRM_PASSES_EXTRA,
  );
  const b = bob.slice();

  const orders: Int32Array[] = []; // pass order → bit index
  const posOf: Int32Array[] = []; // bit index → pass order
  const sizes: number[] = [];
  const aliceTop: Uint8Array[] = []; // Alice's disclosed parity of each top-level block
  const bobTop: Uint8Array[] = []; // Bob's current parity of each top-level block
  const known: Map<number, number>[] = []; // (start, end) → Alice's parity, per pass
  const pending: number[][] = []; // top-level blocks of each pass that may have odd error parity
  let leaked = 0;
  let flips = 0;

  const parity = (bits: Uint8Array, order: Int32Array, s: number, e: number) => {
    let x = 0;
    for (let t = s; t < e; t++) x ^= bits[order[t]!]!;
    return x;
  };
  const key = (s: number, e: number) => s * (n + 1) + e;

  /** Alice's parity of [s, e) in pass p: cached, or disclosed (one leaked bit). */
  const aliceParity = (p: number, s: number, e: number) => {
    const cache = known[p]!;
    const k = key(s, e);
    const v = cache.get(k);
    if (v !== undefined) return v;
    const x = parity(alice, orders[p]!, s, e);
    cache.set(k, x);
    leaked++;
    return x;
  };

  /** Binary search for one error in top block `blk` of pass p (odd error parity), then flip it. */
  const fixBlock = (p: number, blk: number) => {
    const order = orders[p]!;
    const k = sizes[p]!;
    let s = blk * k;
    let e = Math.min(n, s + k);
    let aPar = aliceTop[p]![blk]!;
    const cache = known[p]!;
    while (e - s > 1) {
      const mid = s + ((e - s) >> 1);
      const aLeft = aliceParity(p, s, mid);
      const bLeft = parity(b, order, s, mid);
      if (aLeft !== bLeft) {
        e = mid;
        aPar = aLeft;
      } else {
        // The right half holds the odd error parity; Alice's parity of it is implied, not leaked.
        aPar ^= aLeft;
        cache.set(key(mid, e), aPar);
        s = mid;
      }
    }
    const bit = order[s]!;
    b[bit] = b[bit]! ^ 1;
    flips++;
    // The flip changes the parity of the block holding this bit in every pass run so far.
    for (let q = 0; q < orders.length; q++) {
      const qb = Math.floor(posOf[q]![bit]! / sizes[q]!);
      const tops = bobTop[q]!;
      tops[qb] = tops[qb]! ^ 1;
      if (q !== p || qb !== blk) pending[q]!.push(qb);
    }
  };

  const drain = () => {
    for (;;) {
      // Smallest blocks first: they cost the fewest disclosed parities per error found.
      let p = 0;
      while (p < pending.length && pending[p]!.length === 0) p++;
      if (p === pending.length) return;
      const blk = pending[p]!.pop()!;
      if ((aliceTop[p]![blk]! ^ bobTop[p]![blk]!) === 1) fixBlock(p, blk);
    }
  };

  let streak = 0;
  const maxPasses = passes + MAX_CONFIRM_PASSES_EXTRA;
  for (let p = 0; p < maxPasses; p++) {
    if (p >= passes && streak >= confirmPasses) break;
    const flipsBefore = flips;
    const order = new Int32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    if (p > 0) {
      for (let i = n - 1; i > 0; i--) {
        const j = rng.nextBelow(i + 1);
        const t = order[i]!;
        order[i] = order[j]!;
        order[j] = t;
      }
    }
    const pos = new Int32Array(n);
    for (let i = 0; i < n; i++) pos[order[i]!] = i;
    // Passes after the scheduled ones are confirmation passes over two random halves.
    const k = p < passes ? cascadeBlockSize(kind, qberEstimate, n, p) : Math.ceil(n / 2);
    const blocks = Math.ceil(n / k);
    const aTop = new Uint8Array(blocks);
    const bTop = new Uint8Array(blocks);
    const cache = new Map<number, number>();
    const queue: number[] = [];
    for (let blk = 0; blk < blocks; blk++) {
      const s = blk * k;
      const e = Math.min(n, s + k);
      aTop[blk] = parity(alice, order, s, e);
      bTop[blk] = parity(b, order, s, e);
      cache.set(s * (n + 1) + e, aTop[blk]!);
      // Block-parity inference: after pass 1 the last block's parity follows from the others.
      if (p === 0 || blk < blocks - 1) leaked++;
      if (aTop[blk] !== bTop[blk]) queue.push(blk);
    }
    orders.push(order);
    posOf.push(pos);
    sizes.push(k);
    aliceTop.push(aTop);
    bobTop.push(bTop);
    known.push(cache);
    pending.push(queue.reverse());
    drain();
    streak = flips === flipsBefore ? streak + 1 : 0;
  }
  return {
    corrected: b,
    leakedBits: leaked,
    correctedErrors: flips,
    passes: sizes.length,
    blockSizes: sizes,
  };
}

/** Reconciliation efficiency f = leak / (n · h(e)) for the true error rate e of the block. */
export function reconciliationEfficiency(leakedBits: number, n: number, errors: number): number {
  const h = binaryEntropy(errors / n);
  return h === 0 ? Number.POSITIVE_INFINITY : leakedBits / (n * h);
}
