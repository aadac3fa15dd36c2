/**
 * A seeded PRNG (xoshiro128**, seeded through splitmix32) so that a job run
 * with the same seed gives the same counts — tests and replays depend on it.
 * Not for cryptography: it only draws measurement outcomes.
 */

/** Uniform doubles in [0, 1). */
export type UniformRandom = () => number;

function splitmix32(state: number): () => number {
  let s = state >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/**
 * Seeds from a 32-bit integer or from bytes (folded 4 at a time, so a 32-byte
 * job seed uses all of its entropy).
 */
export function seededRandom(seed: number | Uint8Array): UniformRandom {
  let folded = 0x243f6a88;
  if (typeof seed === 'number') {
    folded ^= seed >>> 0;
    folded = Math.imul(folded, 0x9e3779b1) ^ Math.floor(seed / 2 ** 32);
  } else {
    for (let i = 0; i < seed.length; i++) {
      folded = Math.imul(folded ^ seed[i]!, 0x01000193) >>> 0;
    }
  }
  const init = splitmix32(folded);
  let a = init();
  let b = init();
  let c = init();
  let d = init();
  if ((a | b | c | d) === 0) a = 1;

  const next32 = (): number => {
    const result = Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 0;
    const t = b << 9;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = rotl(d, 11);
    return result;
  };
  // 53 random bits per double: 27 from one draw, 26 from the next.
  return () => ((next32() >>> 5) * 67108864 + (next32() >>> 6)) / 9007199254740992;
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
