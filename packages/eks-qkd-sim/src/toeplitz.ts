import { packBits, unpackBits } from './bits.js';
import { checkInteger, QkdError } from './errors.js';

/** Largest input accepted by toeplitzHash, in bits (the work is ~ n·m/64 word operations). */
export const MAX_TOEPLITZ_INPUT_BITS = 2 ** 22;

/**
 * Toeplitz hashing, the 2-universal family used for privacy amplification and for the
 * verification tag. The m × n matrix T has T[i][j] = s[i − j + n − 1], so it is fixed by the
 * n + m − 1 seed bits s; the output is y = T·x over GF(2):
 *
 *   y_i = ⊕_j s[i − j + n − 1] · x_j      (i = 0 … m−1, j = 0 … n−1)
 *
 * Computed column by column: every set input bit j XORs the seed window s[n−1−j … n−1−j+m−1]
 * into y, 32 output bits per word operation, reading from one of 32 pre-shifted copies of the
 * seed (memory 32 × (n + m)/8 bytes) so the inner loop is an aligned XOR.
 *
 * @param input bits, one per byte (n = input.length)
 * @param seed bits, one per byte, exactly n + m − 1 of them
 * @param outputBits m
 * @returns m bits, one per byte
 */
export function toeplitzHash(input: Uint8Array, seed: Uint8Array, outputBits: number): Uint8Array {
  const n = input.length;
  checkInteger('input.length', n, 1, MAX_TOEPLITZ_INPUT_BITS);
  const m = checkInteger('outputBits', outputBits, 1, MAX_TOEPLITZ_INPUT_BITS);
  if (seed.length !== n + m - 1) {
    throw new QkdError('INVALID_PARAMETER', 'seed', `must hold n + m − 1 = ${n + m - 1} bits`);
  }
  const s = packBits(seed);
  const words = Math.ceil(m / 32);
  // The 32 bit-shifts of the seed, so every column XOR below is an aligned word loop.
  const shifted: Uint32Array[] = [s];
  for (let sh = 1; sh < 32; sh++) {
    const t = new Uint32Array(s.length);
    const back = 32 - sh;
    for (let k = 0; k + 1 < s.length; k++) t[k] = (s[k]! >>> sh) | (s[k + 1]! << back);
    shifted.push(t);
  }
  const y = new Uint32Array(words + 1);
  for (let j = 0; j < n; j++) {
    if (!(input[j]! & 1)) continue;
    const off = n - 1 - j;
    const src = shifted[off & 31]!;
    const base = off >>> 5;
    for (let w = 0; w < words; w++) y[w] = y[w]! ^ src[base + w]!;
  }
  return unpackBits(y, m);
}

/**
 * The same map straight from the definition, O(n·m) bit operations: the independent second
 * path the tests and vectors check the fast one against.
 */
export function toeplitzHashReference(
  input: Uint8Array,
  seed: Uint8Array,
  outputBits: number,
): Uint8Array {
  const n = input.length;
  const y = new Uint8Array(outputBits);
  for (let i = 0; i < outputBits; i++) {
    let v = 0;
    for (let j = 0; j < n; j++) v ^= seed[i - j + n - 1]! & input[j]!;
    y[i] = v;
  }
  return y;
}
