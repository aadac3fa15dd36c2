/**
 * The Noise HASH functions (rev 34 §4.3) with the HMAC-based HKDF that the
 * SymmetricState uses. Each is one value naming its lengths, so a protocol name
 * like `..._SHA512` picks one from HASHES without any other code knowing.
 */
import { blake2b, blake2s } from '@noble/hashes/blake2.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256, sha512 } from '@noble/hashes/sha2.js';
import type { CHash } from '@noble/hashes/utils.js';

export type NoiseHashName = 'SHA256' | 'SHA512' | 'BLAKE2s' | 'BLAKE2b';

export interface NoiseHash {
  readonly name: NoiseHashName;
  readonly hashLen: 32 | 64;
  hash(data: Uint8Array): Uint8Array;
  hmac(key: Uint8Array, data: Uint8Array): Uint8Array;
}

type NobleHash = CHash;

function noiseHash(name: NoiseHashName, fn: NobleHash, hashLen: 32 | 64): NoiseHash {
  return {
    name,
    hashLen,
    hash: (data) => fn(data),
    hmac: (key, data) => hmac(fn, key, data),
  };
}

export const SHA256: NoiseHash = noiseHash('SHA256', sha256, 32);
export const SHA512: NoiseHash = noiseHash('SHA512', sha512, 64);
export const BLAKE2S: NoiseHash = noiseHash('BLAKE2s', blake2s, 32);
export const BLAKE2B: NoiseHash = noiseHash('BLAKE2b', blake2b, 64);

export const HASHES: Readonly<Record<NoiseHashName, NoiseHash>> = {
  SHA256,
  SHA512,
  BLAKE2s: BLAKE2S,
  BLAKE2b: BLAKE2B,
};

const ONE = Uint8Array.of(1);

/**
 * Noise HKDF(chaining_key, ikm, n) for n = 2 or 3: HMAC-extract, then HMAC-expand
 * with one-byte counters. Returns n outputs of hashLen bytes.
 */
export function noiseHkdf(
  h: NoiseHash,
  chainingKey: Uint8Array,
  ikm: Uint8Array,
  outputs: 2 | 3,
): Uint8Array[] {
  const tempKey = h.hmac(chainingKey, ikm);
  const out1 = h.hmac(tempKey, ONE);
  const buf = new Uint8Array(h.hashLen + 1);
  buf.set(out1, 0);
  buf[h.hashLen] = 2;
  const out2 = h.hmac(tempKey, buf);
  if (outputs === 2) return [out1, out2];
  buf.set(out2, 0);
  buf[h.hashLen] = 3;
  return [out1, out2, h.hmac(tempKey, buf)];
}
