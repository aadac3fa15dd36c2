/**
 * Bit strings. Protocol steps that touch single bits (sifting, Cascade) use one bit per byte;
 * hashing uses packed words: bit i lives in word i >>> 5 at position i & 31 (LSB first).
 * Key bytes are MSB first: bit 8j + t is bit (7 − t) of byte j.
 */

/** Packs one-bit-per-byte values into 32-bit words. */
export function packBits(bits: Uint8Array): Uint32Array {
  const out = new Uint32Array(Math.ceil(bits.length / 32) + 1); // +1 word: unaligned reads stay in range
  for (let i = 0; i < bits.length; i++)
    if (bits[i]! & 1) out[i >>> 5] = out[i >>> 5]! | (1 << (i & 31));
  return out;
}

/** Unpacks `length` bits from 32-bit words. */
export function unpackBits(words: Uint32Array, length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = (words[i >>> 5]! >>> (i & 31)) & 1;
  return out;
}

/** Bits (one per byte) to key bytes, MSB first; `bits.length` must be a multiple of 8. */
export function bitsToBytes(bits: Uint8Array): Uint8Array {
  const out = new Uint8Array(bits.length >>> 3);
  for (let j = 0; j < out.length; j++) {
    let x = 0;
    for (let t = 0; t < 8; t++) x = (x << 1) | (bits[8 * j + t]! & 1);
    out[j] = x;
  }
  return out;
}

/** Key bytes to bits (one per byte), MSB first. */
export function bytesToBits(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length * 8);
  for (let j = 0; j < bytes.length; j++) {
    for (let t = 0; t < 8; t++) out[8 * j + t] = (bytes[j]! >>> (7 - t)) & 1;
  }
  return out;
}

/** Number of positions where two equal-length bit strings differ. */
export function hammingDistance(a: Uint8Array, b: Uint8Array): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) d += (a[i]! ^ b[i]!) & 1;
  return d;
}
