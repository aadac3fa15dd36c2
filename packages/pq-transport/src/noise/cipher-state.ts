/**
 * Noise CipherState (rev 34 §5.1): a key and a 64-bit nonce. Nonces are kept as
 * safe integers; the state refuses to go past 2^53 - 1 (NONCE_EXHAUSTED) long before
 * the reserved 2^64 - 1, so no nonce is ever reused.
 */
import { AEAD_NONCE_LENGTH, type AeadCipher, writeNoiseNonce } from '../crypto/aead.js';
import { fail } from '../errors.js';

export const MAX_NONCE = Number.MAX_SAFE_INTEGER;
const ZEROS32 = new Uint8Array(32);
const EMPTY = new Uint8Array(0);

export class CipherState {
  readonly cipher: AeadCipher;
  #key: Uint8Array | undefined;
  #nonce = 0;
  /** Scratch nonce, rewritten for every call (AEADs copy it). */
  readonly #nonceBytes = new Uint8Array(AEAD_NONCE_LENGTH);

  constructor(cipher: AeadCipher, key?: Uint8Array) {
    this.cipher = cipher;
    this.#key = key;
  }

  #nonceAt(n: number): Uint8Array {
    writeNoiseNonce(this.#nonceBytes, this.cipher.name, n);
    return this.#nonceBytes;
  }

  hasKey(): boolean {
    return this.#key !== undefined;
  }

  get nonce(): number {
    return this.#nonce;
  }

  initializeKey(key: Uint8Array): void {
    this.#key = key;
    this.#nonce = 0;
  }

  setNonce(n: number): void {
    if (!Number.isSafeInteger(n) || n < 0) fail('INVALID_ARGUMENT', 'nonce must be a safe integer');
    this.#nonce = n;
  }

  encryptWithAd(ad: Uint8Array, plaintext: Uint8Array): Uint8Array {
    const key = this.#key;
    if (key === undefined) return plaintext;
    const out = this.sealAt(this.#nonce, ad, plaintext);
    this.#nonce++;
    return out;
  }

  /** Fails with DECRYPT_FAILED; the nonce only advances on success (rev 34 §5.1). */
  decryptWithAd(ad: Uint8Array, ciphertext: Uint8Array): Uint8Array {
    if (this.#key === undefined) return ciphertext;
    const out = this.openAt(this.#nonce, ad, ciphertext);
    if (out === undefined) return fail('DECRYPT_FAILED', 'authentication tag did not verify');
    this.#nonce++;
    return out;
  }

  /** Encrypts with an explicit nonce (records carry their counter; see SetNonce in §5.1). */
  sealAt(n: number, ad: Uint8Array, plaintext: Uint8Array, headroom = 0): Uint8Array {
    const key = this.#key;
    if (key === undefined) return fail('MISSING_KEY', 'cipher state has no key');
    if (n >= MAX_NONCE) fail('NONCE_EXHAUSTED', 'nonce space exhausted; rekey or reconnect');
    return this.cipher.seal(key, this.#nonceAt(n), ad, plaintext, headroom);
  }

  /** sealAt as [ciphertext, tag] without joining them (when the AEAD can). */
  sealPartsAt(n: number, ad: Uint8Array, plaintext: Uint8Array): readonly Uint8Array[] {
    const key = this.#key;
    if (key === undefined) return fail('MISSING_KEY', 'cipher state has no key');
    if (n >= MAX_NONCE) fail('NONCE_EXHAUSTED', 'nonce space exhausted; rekey or reconnect');
    const nonce = this.#nonceAt(n);
    if (this.cipher.sealParts !== undefined)
      return this.cipher.sealParts(key, nonce, ad, plaintext);
    return [this.cipher.seal(key, nonce, ad, plaintext)];
  }

  openAt(n: number, ad: Uint8Array, ciphertext: Uint8Array): Uint8Array | undefined {
    const key = this.#key;
    if (key === undefined) return fail('MISSING_KEY', 'cipher state has no key');
    if (n >= MAX_NONCE) return undefined;
    return this.cipher.open(key, this.#nonceAt(n), ad, ciphertext);
  }

  /** Rekey(): k = ENCRYPT(k, 2^64 - 1, "", zeros)[0:32]; the nonce is kept. */
  rekey(): void {
    const key = this.#key;
    if (key === undefined) fail('MISSING_KEY', 'cipher state has no key');
    this.#key = this.cipher.seal(key, this.#nonceAt(-1), EMPTY, ZEROS32).slice(0, 32);
  }

  /** A copy with the same key and nonce (rekey schedules derive from it without disturbing this). */
  clone(): CipherState {
    const c = new CipherState(this.cipher, this.#key);
    c.#nonce = this.#nonce;
    return c;
  }
}
