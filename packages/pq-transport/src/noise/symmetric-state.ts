/** Noise SymmetricState (rev 34 §5.2): chaining key, handshake hash and a CipherState. */

import { concat } from '@qcos/identity';
import { utf8 } from '../bytes.js';
import type { AeadCipher } from '../crypto/aead.js';
import { type NoiseHash, noiseHkdf } from '../crypto/hash.js';
import { CipherState } from './cipher-state.js';

const EMPTY = new Uint8Array(0);
const ONE = Uint8Array.of(1);

export class SymmetricState {
  readonly hash: NoiseHash;
  readonly cipherState: CipherState;
  #ck: Uint8Array;
  #h: Uint8Array;

  constructor(protocolName: string, hash: NoiseHash, cipher: AeadCipher) {
    this.hash = hash;
    this.cipherState = new CipherState(cipher);
    const name = utf8(protocolName);
    if (name.length <= hash.hashLen) {
      this.#h = new Uint8Array(hash.hashLen);
      this.#h.set(name);
    } else {
      this.#h = hash.hash(name);
    }
    this.#ck = this.#h;
  }

  get handshakeHash(): Uint8Array {
    return this.#h;
  }

  /** HASHLEN 64 keys are truncated to 32 bytes (rev 34 §5.2). */
  #cipherKey(k: Uint8Array): Uint8Array {
    // Stryker disable next-line ConditionalExpression: equivalent, slicing a 32-byte key copies the same bytes
    return k.length === 32 ? k : k.slice(0, 32);
  }

  mixKey(ikm: Uint8Array): void {
    const [ck, k] = noiseHkdf(this.hash, this.#ck, ikm, 2) as [Uint8Array, Uint8Array];
    this.#ck = ck;
    this.cipherState.initializeKey(this.#cipherKey(k));
  }

  mixHash(data: Uint8Array): void {
    this.#h = this.hash.hash(concat(this.#h, data));
  }

  mixKeyAndHash(ikm: Uint8Array): void {
    const [ck, h, k] = noiseHkdf(this.hash, this.#ck, ikm, 3) as [
      Uint8Array,
      Uint8Array,
      Uint8Array,
    ];
    this.#ck = ck;
    this.mixHash(h);
    this.cipherState.initializeKey(this.#cipherKey(k));
  }

  encryptAndHash(plaintext: Uint8Array): Uint8Array {
    const ct = this.cipherState.encryptWithAd(this.#h, plaintext);
    this.mixHash(ct);
    return ct;
  }

  decryptAndHash(ciphertext: Uint8Array): Uint8Array {
    const pt = this.cipherState.decryptWithAd(this.#h, ciphertext);
    this.mixHash(ciphertext);
    return pt;
  }

  /**
   * A secret derived from the final chaining key under `label`: the first output of
   * HKDF(ck, label), i.e. HMAC(HMAC(ck, label), 0x01). Split() uses an empty ikm, so for any
   * non-empty label this is independent of the transport keys; it never appears on the wire.
   */
  exporterSecret(label: Uint8Array): Uint8Array {
    return this.hash.hmac(this.hash.hmac(this.#ck, label), ONE);
  }

  /** The two transport CipherStates: initiator→responder, responder→initiator. */
  split(): [CipherState, CipherState] {
    const [k1, k2] = noiseHkdf(this.hash, this.#ck, EMPTY, 2) as [Uint8Array, Uint8Array];
    const cipher = this.cipherState.cipher;
    return [
      new CipherState(cipher, this.#cipherKey(k1)),
      new CipherState(cipher, this.#cipherKey(k2)),
    ];
  }
}
