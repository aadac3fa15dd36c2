/**
 * Randomness is injected. `seededRandom` is a deterministic ChaCha20 keystream
 * generator: the same 32-byte seed gives the same bytes, which is what vectors and
 * replayable tests need. It is a sound DRBG only if the seed is secret and never reused.
 */

import { chacha20 } from '@noble/ciphers/chacha.js';
import type { RandomBytes } from '@qcos/identity';
import { fail } from './errors.js';

export function seededRandom(seed: Uint8Array): RandomBytes {
  if (seed.length !== 32) fail('INVALID_ARGUMENT', 'seed must be 32 bytes', 'seed');
  const key = seed.slice();
  let block = 0;
  return (length: number) => {
    if (!Number.isSafeInteger(length) || length < 0 || length > 65_536) {
      fail('INVALID_ARGUMENT', 'random length must be 0..65536', 'length');
    }
    const blocks = Math.ceil(length / 64);
    const nonce = new Uint8Array(12);
    // Each call continues the keystream where the last stopped (2^32 blocks = 256 GiB per seed).
    const out = chacha20(key, nonce, new Uint8Array(blocks * 64), undefined, block);
    block += blocks;
    return out.subarray(0, length);
  };
}
