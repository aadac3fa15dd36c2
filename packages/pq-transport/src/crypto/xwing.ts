/**
 * X-Wing (draft-connolly-cfrg-xwing-kem): ML-KEM-768 + X25519 with the SHA3-256
 * combiner. Byte-for-byte the same KEM as `ml_kem768_x25519` in @noble/post-quantum
 * (the tests check both against the draft's vectors and against each other), but
 * built here from its two halves for two reasons:
 *  - a key pair keeps its expanded form, so a static key is expanded once instead of
 *    on every decapsulation (noble's takes the 32-byte seed and re-derives it each time);
 *  - the X25519 half is injectable, so the `./node` entry can run it natively.
 */

import { sha3_256, shake256 } from '@noble/hashes/sha3.js';
import { ml_kem768 } from '@noble/post-quantum/ml-kem.js';
import { concat, type RandomBytes } from '@qcos/identity';
import { fail } from '../errors.js';
import { nobleX25519, type X25519Function } from './dh.js';

export const XWING_SEED_LENGTH = 32;
export const XWING_PUBLIC_KEY_LENGTH = 1216;
export const XWING_CIPHERTEXT_LENGTH = 1120;
export const XWING_SHARED_SECRET_LENGTH = 32;
export const XWING_ENCAPS_SEED_LENGTH = 64;

const ML_KEM_PK = 1184;
const ML_KEM_CT = 1088;
/** The draft's label: the ASCII bytes of \.//^\ */
const LABEL = Uint8Array.of(0x5c, 0x2e, 0x2f, 0x2f, 0x5e, 0x5c);

/** A decapsulation key in expanded form. `seed` is the 32-byte X-Wing secret key. */
export interface KemKeyPair {
  readonly seed: Uint8Array;
  readonly publicKey: Uint8Array;
  /** @internal expanded secret parts */
  readonly mlKemSecret: Uint8Array;
  /** @internal */
  readonly x25519Secret: Uint8Array;
}

export interface Encapsulation {
  readonly cipherText: Uint8Array;
  readonly sharedSecret: Uint8Array;
}

/** A KEM as the PQ handshake tokens see it. */
export interface Kem {
  readonly name: 'XWing';
  readonly publicKeyLength: number;
  readonly cipherTextLength: number;
  keyPairFromSeed(seed: Uint8Array): KemKeyPair;
  generateKeyPair(random: RandomBytes): KemKeyPair;
  /** `eseed` is 64 random bytes (ML-KEM message ‖ X25519 ephemeral scalar). */
  encapsulate(publicKey: Uint8Array, eseed: Uint8Array): Encapsulation;
  decapsulate(cipherText: Uint8Array, keyPair: KemKeyPair): Uint8Array;
}

/** X-Wing over an injectable X25519 (noble by default). */
export function xwingKem(x: X25519Function = nobleX25519): Kem {
  const combine = (ssM: Uint8Array, ssX: Uint8Array, ctX: Uint8Array, pkX: Uint8Array) =>
    sha3_256(concat(ssM, ssX, ctX, pkX, LABEL));

  const keyPairFromSeed = (seed: Uint8Array): KemKeyPair => {
    if (seed.length !== XWING_SEED_LENGTH) fail('INVALID_KEY', 'X-Wing seed must be 32 bytes');
    const expanded = shake256(seed, { dkLen: 96 });
    const mk = ml_kem768.keygen(expanded.subarray(0, 64));
    const x25519Secret = expanded.slice(64, 96);
    const publicKey = concat(mk.publicKey, x.publicKey(x25519Secret));
    return { seed: seed.slice(), publicKey, mlKemSecret: mk.secretKey, x25519Secret };
  };

  return {
    name: 'XWing',
    publicKeyLength: XWING_PUBLIC_KEY_LENGTH,
    cipherTextLength: XWING_CIPHERTEXT_LENGTH,
    keyPairFromSeed,
    generateKeyPair: (random) => keyPairFromSeed(random(XWING_SEED_LENGTH)),
    encapsulate(publicKey, eseed) {
      if (publicKey.length !== XWING_PUBLIC_KEY_LENGTH) {
        fail('INVALID_KEY', 'X-Wing public key must be 1216 bytes');
      }
      if (eseed.length !== XWING_ENCAPS_SEED_LENGTH) {
        fail('INVALID_ARGUMENT', 'X-Wing encapsulation seed must be 64 bytes');
      }
      const pkX = publicKey.subarray(ML_KEM_PK);
      const ekX = eseed.subarray(32, 64);
      let ssM: Uint8Array;
      let ctM: Uint8Array;
      let ctX: Uint8Array;
      let ssX: Uint8Array;
      try {
        const m = ml_kem768.encapsulate(publicKey.subarray(0, ML_KEM_PK), eseed.subarray(0, 32));
        ssM = m.sharedSecret;
        ctM = m.cipherText;
        ctX = x.publicKey(ekX);
        ssX = x.sharedSecret(ekX, pkX);
      } catch {
        return fail('INVALID_KEY', 'X-Wing public key rejected (ML-KEM modulus check or X25519)');
      }
      return { cipherText: concat(ctM, ctX), sharedSecret: combine(ssM, ssX, ctX, pkX) };
    },
    decapsulate(cipherText, keyPair) {
      if (cipherText.length !== XWING_CIPHERTEXT_LENGTH) {
        fail('MALFORMED_MESSAGE', 'X-Wing ciphertext must be 1120 bytes');
      }
      const ctX = cipherText.subarray(ML_KEM_CT);
      try {
        const ssM = ml_kem768.decapsulate(cipherText.subarray(0, ML_KEM_CT), keyPair.mlKemSecret);
        const ssX = x.sharedSecret(keyPair.x25519Secret, ctX);
        return combine(ssM, ssX, ctX, keyPair.publicKey.subarray(ML_KEM_PK));
      } catch {
        return fail('DH_FAILED', 'X-Wing decapsulation failed (small-order X25519 share)');
      }
    },
  };
}

export const XWING: Kem = xwingKem();
