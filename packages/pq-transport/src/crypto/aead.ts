/**
 * The AEAD seam. The package core only sees AeadCipher; the noble back end lives in
 * aead-noble.ts and the node:crypto back end in the `./node` entry. Both take a
 * 32-byte key and a 12-byte nonce and append / check a 16-byte tag. Implementations
 * must not keep references to their arguments: callers reuse the nonce buffer.
 */

export const AEAD_KEY_LENGTH = 32;
export const AEAD_NONCE_LENGTH = 12;
export const AEAD_TAG_LENGTH = 16;

export type NoiseCipherName = 'ChaChaPoly' | 'AESGCM';

export interface AeadCipher {
  readonly name: NoiseCipherName;
  /**
   * Returns ciphertext ‖ tag, preceded by `headroom` zero bytes the caller may fill
   * (the record layer writes its header there and saves a copy).
   */
  seal(
    key: Uint8Array,
    nonce: Uint8Array,
    ad: Uint8Array,
    plaintext: Uint8Array,
    headroom?: number,
  ): Uint8Array;
  /**
   * Optional zero-copy variant: ciphertext and tag as separate buffers, for
   * scatter/gather writes (socket.writev). Same bytes as seal().
   */
  sealParts?(
    key: Uint8Array,
    nonce: Uint8Array,
    ad: Uint8Array,
    plaintext: Uint8Array,
  ): readonly [ciphertext: Uint8Array, tag: Uint8Array];
  /** Returns the plaintext, or undefined when the tag does not verify. Never throws on bad input. */
  open(
    key: Uint8Array,
    nonce: Uint8Array,
    ad: Uint8Array,
    ciphertext: Uint8Array,
  ): Uint8Array | undefined;
}

/** One implementation of both Noise ciphers. */
export interface AeadProvider {
  readonly name: string;
  readonly ChaChaPoly: AeadCipher;
  readonly AESGCM: AeadCipher;
}

/**
 * Noise nonces (rev 34 §12): 32 zero bits then the 64-bit counter, little-endian for
 * ChaChaPoly and big-endian for AESGCM. `n` is a safe integer (< 2^53) or the reserved
 * 2^64 - 1 that Rekey uses, passed as -1.
 */
export function noiseNonce(cipher: NoiseCipherName, n: number): Uint8Array {
  const nonce = new Uint8Array(AEAD_NONCE_LENGTH);
  writeNoiseNonce(nonce, cipher, n);
  return nonce;
}

/** noiseNonce into a caller's 12-byte buffer (the record layer reuses one per key). */
export function writeNoiseNonce(nonce: Uint8Array, cipher: NoiseCipherName, n: number): void {
  nonce[0] = nonce[1] = nonce[2] = nonce[3] = 0;
  // n = -1 needs no case of its own: hi is then -1 and lo 0xffffffff, so every byte is 0xff.
  const hi = Math.floor(n / 0x1_0000_0000);
  const lo = n >>> 0;
  if (cipher === 'ChaChaPoly') {
    nonce[4] = lo & 0xff;
    nonce[5] = (lo >>> 8) & 0xff;
    nonce[6] = (lo >>> 16) & 0xff;
    nonce[7] = lo >>> 24;
    nonce[8] = hi & 0xff;
    nonce[9] = (hi >>> 8) & 0xff;
    nonce[10] = (hi >>> 16) & 0xff;
    nonce[11] = hi >>> 24;
  } else {
    nonce[4] = hi >>> 24;
    nonce[5] = (hi >>> 16) & 0xff;
    nonce[6] = (hi >>> 8) & 0xff;
    nonce[7] = hi & 0xff;
    nonce[8] = lo >>> 24;
    nonce[9] = (lo >>> 16) & 0xff;
    nonce[10] = (lo >>> 8) & 0xff;
    nonce[11] = lo & 0xff;
  }
}
