/**
 * The QEM's seeded uniform source, so that a job run with the same seed gives the same counts —
 * tests and replays depend on it. The generator is eks-qkd-sim's xoshiro128**; only the seeding
 * is the QEM's own (folded through splitmix32), because the counts pinned for a seed come from it.
 * Not for cryptography: it only draws measurement outcomes.
 */
import { Xoshiro128 } from '@qcos/eks-qkd-sim';

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
  const generator = Xoshiro128.fromState(init(), init(), init(), init());
  return () => generator.nextDouble();
}
