import { describe, expect, it } from 'vitest';
import { bitsToBytes } from '../src/bits.js';
import { cascade } from '../src/cascade.js';
import {
  pickSample,
  randomBits,
  reconcileAndAmplify,
  removeSample,
  VERIFICATION_TAG_BITS,
} from '../src/finish.js';
import { Xoshiro128 } from '../src/prng.js';
import { toeplitzHash } from '../src/toeplitz.js';

const N = 256;
const H_3_256 = 0.09198335195381277;
/** Alice's N random bits and Bob's copy with bits 3, 100 and 200 flipped. */
function pair(): { alice: Uint8Array; bob: Uint8Array } {
  const alice = randomBits(new Xoshiro128(1), N);
  const bob = alice.slice();
  for (const i of [3, 100, 200]) bob[i] = bob[i]! ^ 1;
  return { alice, bob };
}

describe('pickSample and removeSample', () => {
  it('discloses round(fraction·n) distinct positions and counts the errors among them', () => {
    const alice = Uint8Array.of(0, 0, 0, 0, 0);
    const bob = Uint8Array.of(1, 1, 1, 0, 0);
    for (const [fraction, m] of [
      [0, 0],
      [0.5, 3], // 2.5 rounds up
      [0.3, 2], // 1.5 rounds up
      [1, 5],
      [1.4, 5], // capped at n
    ] as const) {
      const s = pickSample(alice, bob, fraction, new Xoshiro128(2));
      expect(s.sampleSize).toBe(m);
      expect(s.sampled.reduce((a, b) => a + b, 0)).toBe(m);
      let errs = 0;
      for (let i = 0; i < 5; i++) if (s.sampled[i]) errs += alice[i]! ^ bob[i]!;
      expect(s.sampleErrors).toBe(errs);
    }
    expect(pickSample(alice, bob, 1, new Xoshiro128(2)).sampleErrors).toBe(3);
  });

  it('the first pick is position nextBelow(n), the second nextBelow(n − 1) of the rest', () => {
    const ref = new Xoshiro128(5);
    const first = ref.nextBelow(100);
    const s = pickSample(new Uint8Array(100), new Uint8Array(100), 0.01, new Xoshiro128(5));
    expect([...s.sampled.keys()].filter((i) => s.sampled[i])).toStrictEqual([first]);
  });

  it('samples uniformly: each of 10 positions is picked with probability 3/10 (5σ)', () => {
    const hits = new Array<number>(10).fill(0);
    const rng = new Xoshiro128(3);
    const runs = 4000;
    const z = new Uint8Array(10);
    for (let r = 0; r < runs; r++) {
      const s = pickSample(z, z, 0.3, rng);
      for (let i = 0; i < 10; i++) hits[i]! += s.sampled[i]!;
    }
    const sigma = Math.sqrt((0.3 * 0.7) / runs);
    for (const h of hits) expect(Math.abs(h / runs - 0.3)).toBeLessThan(5 * sigma);
  });

  it('removeSample keeps the undisclosed bits in order', () => {
    const bits = Uint8Array.of(1, 0, 1, 1, 0, 1);
    expect([...removeSample(bits, Uint8Array.of(1, 0, 0, 1, 0, 0))]).toStrictEqual([0, 1, 0, 1]);
    expect([...removeSample(bits, new Uint8Array(6))]).toStrictEqual([...bits]);
    expect([...removeSample(bits, new Uint8Array(6).fill(1))]).toStrictEqual([]);
  });
});

describe('randomBits', () => {
  it('takes bits LSB first from one word per 32 bits', () => {
    const ref = new Xoshiro128(4);
    const w0 = ref.nextU32();
    const w1 = ref.nextU32();
    const expected = [...Array(40).keys()].map((i) => (i < 32 ? w0 >>> i : w1 >>> (i - 32)) & 1);
    expect([...randomBits(new Xoshiro128(4), 40)]).toStrictEqual(expected);
  });
});

describe('reconcileAndAmplify', () => {
  it('corrects, tags, then hashes both sides to ℓ rounded down to bytes with a fresh seed', () => {
    const { alice, bob } = pair();
    let leakSeen = -1;
    const out = reconcileAndAmplify(
      alice,
      bob,
      0.02,
      (leak) => {
        leakSeen = leak;
        return 100.9;
      },
      new Xoshiro128(7),
    );
    // The same steps by hand: Cascade, a tag seed of n + 63 bits, a PA seed of n + 96 − 1 bits.
    const rng = new Xoshiro128(7);
    const ec = cascade(alice, bob, 0.02, rng);
    randomBits(rng, N + VERIFICATION_TAG_BITS - 1);
    const key = bitsToBytes(toeplitzHash(alice, randomBits(rng, N + 95), 96));
    expect(leakSeen).toBe(ec.leakedBits + 64);
    expect(out.secureLength).toBe(100);
    expect(out.abortReason).toBeUndefined();
    expect([...out.aliceKey]).toStrictEqual([...key]);
    expect([...out.bobKey]).toStrictEqual([...key]);
    const { efficiency, ...rest } = out.reconciliation;
    // f = leak / (n·h(3/256)), h(3/256) = 0.0916… computed by hand.
    expect(efficiency).toBeCloseTo(ec.leakedBits / (N * H_3_256), 12);
    expect(rest).toStrictEqual({
      leakedBits: ec.leakedBits,
      correctedErrors: 3,
      residualErrors: 0,
      verificationTagBits: 64,
      verified: true,
    });
  });

  it('clamps ℓ to the block length and keeps a whole number of bytes', () => {
    const { alice, bob } = pair();
    const len = (ell: number) =>
      reconcileAndAmplify(alice, bob, 0.02, () => ell, new Xoshiro128(7)).aliceKey.length;
    expect(len(10_000)).toBe(N / 8);
    expect(len(8)).toBe(1);
    expect(len(15.99)).toBe(1);
    expect(len(16)).toBe(2);
  });

  it.each([7.9, 0, -40])(
    'ℓ = %d leaves no whole byte: NO_SECURE_KEY, ℓ reported as floored',
    (ell) => {
      const { alice, bob } = pair();
      const out = reconcileAndAmplify(alice, bob, 0.02, () => ell, new Xoshiro128(7));
      expect(out.abortReason).toBe('NO_SECURE_KEY');
      expect(out.secureLength).toBe(Math.floor(ell));
      expect([out.aliceKey.length, out.bobKey.length]).toStrictEqual([0, 0]);
      expect(out.reconciliation.verified).toBe(true);
    },
  );

  it('a failed verification aborts with ℓ = 0 and never asks for the secure length', () => {
    const alice = randomBits(new Xoshiro128(1), N);
    const bob = randomBits(new Xoshiro128(2), N); // about half the bits differ
    let asked = false;
    const out = reconcileAndAmplify(
      alice,
      bob,
      0.9, // capped at 0.5 before Cascade
      () => {
        asked = true;
        return 200;
      },
      new Xoshiro128(7),
      { blockSizes: 'original', passes: 1, confirmPasses: 0 },
    );
    expect(asked).toBe(false);
    expect(out.abortReason).toBe('VERIFICATION_FAILED');
    expect(out.secureLength).toBe(0);
    expect(out.reconciliation.verified).toBe(false);
    expect(out.reconciliation.residualErrors).toBeGreaterThan(0);
    expect([out.aliceKey.length, out.bobKey.length]).toStrictEqual([0, 0]);
  });

  it('with no errors the efficiency is NaN (f undefined) rather than Infinity', () => {
    const alice = randomBits(new Xoshiro128(1), N);
    const out = reconcileAndAmplify(alice, alice.slice(), 0.01, () => 64, new Xoshiro128(7));
    expect(out.reconciliation.efficiency).toBeNaN();
    expect(out.aliceKey.length).toBe(8);
  });
});
