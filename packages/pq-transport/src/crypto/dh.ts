/**
 * Noise DH functions (rev 34 §4.1). X25519 and X448 from @noble/curves. An all-zero
 * result (a small-order peer key) is rejected as DH_FAILED rather than mixed in.
 */

import { x448 } from '@noble/curves/ed448.js';
import { x25519 } from '@noble/curves/ed25519.js';
import type { RandomBytes } from '@qcos/identity';
import { fail } from '../errors.js';

export interface KeyPair {
  readonly publicKey: Uint8Array;
  readonly secretKey: Uint8Array;
}

export type NoiseDhName = '25519' | '448';

export interface NoiseDh {
  readonly name: NoiseDhName;
  readonly dhLen: number;
  keyPairFromSecret(secretKey: Uint8Array): KeyPair;
  generateKeyPair(random: RandomBytes): KeyPair;
  dh(secretKey: Uint8Array, publicKey: Uint8Array): Uint8Array;
}

/** A raw X25519 function (scalar, u-coordinate) → shared u-coordinate; injectable for speed. */
export interface X25519Function {
  publicKey(secretKey: Uint8Array): Uint8Array;
  sharedSecret(secretKey: Uint8Array, publicKey: Uint8Array): Uint8Array;
}

export const nobleX25519: X25519Function = {
  publicKey: (sk) => x25519.getPublicKey(sk),
  sharedSecret: (sk, pk) => x25519.getSharedSecret(sk, pk),
};

function curveDh(
  name: NoiseDhName,
  len: number,
  pub: (sk: Uint8Array) => Uint8Array,
  shared: (sk: Uint8Array, pk: Uint8Array) => Uint8Array,
): NoiseDh {
  const keyPairFromSecret = (secretKey: Uint8Array): KeyPair => {
    if (secretKey.length !== len) fail('INVALID_KEY', `DH secret key must be ${len} bytes`);
    return { secretKey, publicKey: pub(secretKey) };
  };
  return {
    name,
    dhLen: len,
    keyPairFromSecret,
    generateKeyPair: (random) => keyPairFromSecret(random(len)),
    dh: (secretKey, publicKey) => {
      if (publicKey.length !== len) fail('INVALID_KEY', `DH public key must be ${len} bytes`);
      try {
        return shared(secretKey, publicKey);
      } catch {
        return fail('DH_FAILED', 'DH produced the all-zero value (small-order public key)');
      }
    },
  };
}

/** X25519 over an injectable scalar multiplication (noble by default). */
export function x25519Dh(impl: X25519Function = nobleX25519): NoiseDh {
  return curveDh('25519', 32, impl.publicKey, impl.sharedSecret);
}

export const X25519: NoiseDh = x25519Dh();
export const X448: NoiseDh = curveDh(
  '448',
  56,
  (sk) => x448.getPublicKey(sk),
  (sk, pk) => x448.getSharedSecret(sk, pk),
);
