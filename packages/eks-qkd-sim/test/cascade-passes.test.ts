import { describe, expect, it } from 'vitest';
import {
  cascade,
  cascadeBlockSize,
  MAX_CASCADE_BITS,
  reconciliationEfficiency,
  Xoshiro128,
} from '../src/index.js';

/** Small, hand-traceable Cascade runs: block sizes, disclosed parities, passes, error codes. */

const zeros = (n: number) => new Uint8Array(n);
const withErrors = (a: Uint8Array, positions: number[]) => {
  const b = a.slice();
  for (const i of positions) b[i] = b[i]! ^ 1;
  return b;
};

/** A random string and a copy with exactly `errors` flipped bits at random positions. */
function noisyPair(rng: Xoshiro128, n: number, errors: number) {
  const a = Uint8Array.from({ length: n }, () => rng.nextU32() & 1);
  const idx = Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < errors; i++) {
    const j = i + rng.nextBelow(n - i);
    [idx[i], idx[j]] = [idx[j]!, idx[i]!];
  }
  return { a, b: withErrors(a, idx.slice(0, errors)) };
}

const errorOf = (f: () => unknown) => {
  try {
    f();
  } catch (error) {
    const { code, field } = error as { code: string; field: string };
    return [code, field];
  }
  return 'no error';
};

describe('Cascade block sizes', () => {
  it('original schedule: ⌈0.73/e⌉ doubling each pass', () => {
    expect([0, 1, 2, 3].map((p) => cascadeBlockSize('original', 0.03, 100_000, p))).toEqual([
      25, 50, 100, 200,
    ]);
  });

  it('option 8 at e = 1/2 and at e = 0 (taken as 10⁻⁵)', () => {
    // e = 0.5: α = 0.5 → k1 = 2, k2 = 2^⌈6.25⌉ = 128.
    expect([0, 1, 2].map((p) => cascadeBlockSize('option8', 0.5, 100_000, p))).toEqual([
      2, 128, 4096,
    ]);
    // e = 10⁻⁵: α = 16.11 → k1 = 2^17, k2 = 2^⌈14.05⌉ = 2^15; later passes ⌈n/2⌉.
    expect([0, 1, 3].map((p) => cascadeBlockSize('option8', 0, 999_999, p))).toEqual([
      131_072, 32_768, 500_000,
    ]);
  });

  it('never exceeds half the key (rounded up) and is at least 1', () => {
    expect(cascadeBlockSize('original', 0.01, 40, 0)).toBe(20);
    expect(cascadeBlockSize('option8', 0.03, 41, 2)).toBe(21);
    expect(cascadeBlockSize('option8', 0.5, 2, 0)).toBe(1);
    expect(cascadeBlockSize('original', 0.5, 1, 3)).toBe(1);
  });
});

describe('Cascade passes, traced by hand', () => {
  // Original sizes at e = 1/2 on 8 bits: pass 1 has blocks of 2, pass 2 blocks of 4.
  const traced = { blockSizes: 'original', passes: 1, confirmPasses: 0 } as const;

  it('finds one error by binary search, disclosing one parity per halving', () => {
    for (const bit of [4, 5]) {
      const a = zeros(8);
      const out = cascade(a, withErrors(a, [bit]), 0.5, new Xoshiro128(1), traced);
      // 4 block parities, then the parity of [4, 5) inside the odd block [4, 6).
      expect([out.leakedBits, out.correctedErrors, out.passes, out.blockSizes]).toEqual([
        5,
        1,
        1,
        [2],
      ]);
      expect(out.corrected).toEqual(a);
    }
  });

  it('infers the last block parity of every pass after the first', () => {
    const a = zeros(8);
    const out = cascade(a, a.slice(), 0.5, new Xoshiro128(1), { ...traced, passes: 2 });
    // 4 parities in pass 1; pass 2 has 2 blocks of 4 and discloses only the first.
    expect([out.leakedBits, out.passes, out.blockSizes]).toEqual([5, 2, [2, 4]]);
  });

  it('two errors in one first-pass block are invisible to that pass and found by the next', () => {
    const a = zeros(64);
    const b = withErrors(a, [0, 1]);
    const first = cascade(a, b, 0.03, new Xoshiro128(3), { passes: 1, confirmPasses: 0 });
    expect([first.correctedErrors, first.leakedBits, first.corrected]).toEqual([0, 2, b]);
    const all = cascade(a, b, 0.03, new Xoshiro128(3));
    expect([all.correctedErrors, all.corrected]).toEqual([2, a]);
  });

  it('leaves its inputs unchanged and returns a new array', () => {
    const a = zeros(16);
    const b = withErrors(a, [3]);
    const out = cascade(a, b, 0.1, new Xoshiro128(1));
    expect([b[3], a[3], out.corrected[3], out.corrected === b]).toEqual([1, 0, 0, false]);
  });
});

describe('Cascade confirmation passes', () => {
  const same = zeros(64);

  it('option 8 runs 14 passes and confirms until 20 in a row found nothing', () => {
    const out = cascade(same, same.slice(), 0.03, new Xoshiro128(1));
    // Every pass has 2 blocks of 32: 2 parities in the first, 1 in each later one.
    expect([out.passes, out.leakedBits]).toEqual([20, 21]);
    expect(out.blockSizes).toEqual(Array.from({ length: 20 }, () => 32));
  });

  it('without confirmation option 8 runs its 14 passes; original runs 4 and confirms nothing', () => {
    const plain = cascade(same, same.slice(), 0.03, new Xoshiro128(1), { confirmPasses: 0 });
    expect([plain.passes, plain.leakedBits]).toEqual([14, 15]);
    const original = cascade(same, same.slice(), 0.03, new Xoshiro128(1), {
      blockSizes: 'original',
    });
    expect([original.passes, original.blockSizes, original.leakedBits]).toEqual([
      4,
      [25, 32, 32, 32],
      6,
    ]);
  });

  it('a pass that corrects an error restarts the streak', () => {
    const a = zeros(64);
    const out = cascade(a, withErrors(a, [0, 1]), 0.03, new Xoshiro128(3), {
      passes: 1,
      confirmPasses: 3,
    });
    // Pass 1 sees nothing (streak 1); a later pass fixes both errors; then 3 clean passes.
    expect(out.correctedErrors).toBe(2);
    expect(out.passes).toBeGreaterThanOrEqual(5);
    expect(out.passes).toBe(out.blockSizes.length);
  });

  it('runs at most 64 passes beyond the scheduled ones', () => {
    // Two errors in one block of the first pass: a later pass finds them, so 64 clean passes in
    // a row never happen within the 1 + 64 allowed, and the run ends at the cap.
    const a = zeros(64);
    const out = cascade(a, withErrors(a, [0, 1]), 0.03, new Xoshiro128(3), {
      passes: 1,
      confirmPasses: 64,
    });
    expect([out.correctedErrors, out.passes]).toEqual([2, 65]);
  });

  it('stops after the longest allowed streak', () => {
    const out = cascade(same, same.slice(), 0.03, new Xoshiro128(1), {
      passes: 1,
      confirmPasses: 64,
    });
    expect(out.passes).toBe(64);
  });
});

describe('Cascade on small random keys (fixed seed)', () => {
  it('corrects every error of 60 seeded 512-bit keys, disclosing a pinned number of parities', () => {
    // The disclosed count pins the parity cache, the implied halves and the search order: a
    // run that asked Alice for a parity it already knew, or skipped one, changes the total.
    const rng = new Xoshiro128(77);
    let leaked = 0;
    const wrong: number[] = [];
    for (let r = 0; r < 60; r++) {
      const errors = 3 + (r % 28);
      const { a, b } = noisyPair(rng, 512, errors);
      const out = cascade(a, b, errors / 512, rng);
      leaked += out.leakedBits;
      if (out.correctedErrors !== errors || out.corrected.some((x, i) => x !== a[i])) wrong.push(r);
    }
    expect(wrong).toEqual([]);
    expect(leaked).toBe(7449);
  });

  it('original schedule: confirmation passes use halves, later passes infer their last parity', () => {
    const same = zeros(1000);
    const confirm = cascade(same, same.slice(), 0.03, new Xoshiro128(1), {
      blockSizes: 'original',
      passes: 1,
      confirmPasses: 2,
    });
    // The first pass counts towards the streak of 2 clean passes.
    expect(confirm.blockSizes).toEqual([25, 500]);
    const two = cascade(same, same.slice(), 0.03, new Xoshiro128(1), {
      blockSizes: 'original',
      passes: 2,
    });
    // 40 blocks of 25, all disclosed; 20 blocks of 50, the last inferred.
    expect([two.blockSizes, two.leakedBits]).toEqual([[25, 50], 59]);
  });
});

describe('Cascade on random keys (fixed seeds)', () => {
  it('corrects exactly the errors there are, leaving none, on 300 runs of 2 048 bits at 1-6 %', () => {
    const rng = new Xoshiro128(12);
    let wrongCount = 0;
    let residual = 0;
    for (let r = 0; r < 300; r++) {
      const errors = 20 + (r % 100);
      const { a, b } = noisyPair(rng, 2048, errors);
      const out = cascade(a, b, errors / 2048, rng);
      if (out.correctedErrors !== errors) wrongCount++;
      for (let i = 0; i < a.length; i++) residual += a[i]! ^ out.corrected[i]!;
    }
    expect([wrongCount, residual]).toEqual([0, 0]);
  });

  it('discloses between 1 and 1.25 times the Slepian-Wolf bound on 4 096-bit keys at 3 % (mean of 20)', () => {
    // Tolerance: option 8 with confirmation reaches f ≈ 1.05-1.10 at this length.
    const rng = new Xoshiro128(5);
    let sum = 0;
    for (let r = 0; r < 20; r++) {
      const { a, b } = noisyPair(rng, 4096, 123);
      sum += reconciliationEfficiency(cascade(a, b, 0.03, rng).leakedBits, 4096, 123);
    }
    expect(sum / 20).toBeGreaterThan(1);
    expect(sum / 20).toBeLessThan(1.25);
  });
});

describe('Cascade parameters', () => {
  const rng = new Xoshiro128(1);
  const four = zeros(4);

  it('rejects each bad parameter with INVALID_PARAMETER naming it', () => {
    expect(errorOf(() => cascade(four, zeros(5), 0.01, rng))).toEqual(['INVALID_PARAMETER', 'bob']);
    expect(errorOf(() => cascade(zeros(0), zeros(0), 0.01, rng))).toEqual([
      'INVALID_PARAMETER',
      'alice.length',
    ]);
    const tooLong = zeros(MAX_CASCADE_BITS + 1);
    expect(errorOf(() => cascade(tooLong, tooLong, 0.01, rng))).toEqual([
      'INVALID_PARAMETER',
      'alice.length',
    ]);
    for (const q of [-0.01, 0.500001, Number.NaN]) {
      expect(errorOf(() => cascade(four, four, q, rng))).toEqual([
        'INVALID_PARAMETER',
        'qberEstimate',
      ]);
    }
    for (const passes of [0, 65, 1.5]) {
      expect(errorOf(() => cascade(four, four, 0.01, rng, { passes }))).toEqual([
        'INVALID_PARAMETER',
        'passes',
      ]);
    }
    for (const confirmPasses of [-1, 65]) {
      expect(errorOf(() => cascade(four, four, 0.01, rng, { confirmPasses }))).toEqual([
        'INVALID_PARAMETER',
        'confirmPasses',
      ]);
    }
  });

  it('accepts the bounds of each range', () => {
    expect(cascade(zeros(1), zeros(1), 0, rng).passes).toBe(20);
    expect(cascade(four, four, 0.5, rng, { passes: 64, confirmPasses: 0 }).passes).toBe(64);
    expect(cascade(four, four, 0.01, rng, { passes: 1, confirmPasses: 64 }).passes).toBe(64);
  });
});

describe('reconciliation efficiency', () => {
  it('is leak / (n·h(e)), and infinite with no errors', () => {
    const h = -(0.1 * Math.log2(0.1) + 0.9 * Math.log2(0.9));
    expect(Math.abs(reconciliationEfficiency(500, 1000, 100) - 500 / (1000 * h))).toBeLessThan(
      1e-12,
    );
    expect(reconciliationEfficiency(500, 1000, 0)).toBe(Number.POSITIVE_INFINITY);
    expect(reconciliationEfficiency(0, 1000, 0)).toBe(Number.POSITIVE_INFINITY);
  });
});
