import { concat, toHex } from '@qcos/identity';
import { describe, expect, test } from 'vitest';
import { CipherState, MAX_NONCE, nobleAead, noiseNonce } from '../src/index.js';
import { nodeAead } from '../src/native-crypto.js';
import { errorOf } from './error-of.js';

const cipher = nobleAead.ChaChaPoly;
const key = new Uint8Array(32).fill(0x42);
const ad = Uint8Array.of(1, 2, 3);
const text = Uint8Array.of(10, 20, 30, 40);

const keyed = () => new CipherState(cipher, key);
const keyless = () => new CipherState(cipher);

describe('CipherState nonce', () => {
  test('setNonce moves the counter that encryptWithAd uses and the nonce getter reports it', () => {
    const a = keyed();
    expect(a.nonce).toBe(0);
    a.setNonce(0);
    expect(a.nonce).toBe(0);
    a.setNonce(7);
    expect(a.nonce).toBe(7);
    const ct = a.encryptWithAd(ad, text);
    expect(a.nonce).toBe(8);
    expect(toHex(ct)).toBe(toHex(cipher.seal(key, noiseNonce('ChaChaPoly', 7), ad, text)));
  });

  test.each([-1, 1.5, Number.NaN, MAX_NONCE + 1])(
    'setNonce(%s) is INVALID_ARGUMENT and keeps the nonce',
    (n) => {
      const a = keyed();
      a.setNonce(3);
      expect(errorOf(() => a.setNonce(n))).toStrictEqual({
        code: 'INVALID_ARGUMENT',
        field: undefined,
        offset: undefined,
      });
      expect(a.nonce).toBe(3);
    },
  );

  test('the last safe nonce is refused for sealing, so no nonce past 2^53 - 2 is ever used', () => {
    const a = keyed();
    a.setNonce(MAX_NONCE - 1);
    expect(toHex(a.encryptWithAd(ad, text))).toBe(
      toHex(cipher.seal(key, noiseNonce('ChaChaPoly', MAX_NONCE - 1), ad, text)),
    );
    expect(a.nonce).toBe(MAX_NONCE);
    expect(errorOf(() => a.encryptWithAd(ad, text))?.code).toBe('NONCE_EXHAUSTED');
    expect(errorOf(() => a.sealAt(MAX_NONCE, ad, text))?.code).toBe('NONCE_EXHAUSTED');
    expect(errorOf(() => a.sealPartsAt(MAX_NONCE, ad, text))?.code).toBe('NONCE_EXHAUSTED');
    expect(a.nonce).toBe(MAX_NONCE);
  });

  test('openAt refuses the exhausted nonce even for a ciphertext that would verify', () => {
    const a = keyed();
    const ct = cipher.seal(key, noiseNonce('ChaChaPoly', MAX_NONCE), ad, text);
    expect(a.openAt(MAX_NONCE, ad, ct)).toBe(undefined);
    const ok = cipher.seal(key, noiseNonce('ChaChaPoly', MAX_NONCE - 1), ad, text);
    expect(a.openAt(MAX_NONCE - 1, ad, ok)).toStrictEqual(text);
  });
});

describe('CipherState without a key', () => {
  test.each([
    ['sealAt', (c: CipherState) => c.sealAt(0, ad, text)],
    ['sealPartsAt', (c: CipherState) => c.sealPartsAt(0, ad, text)],
    ['openAt', (c: CipherState) => c.openAt(0, ad, text)],
    ['rekey', (c: CipherState) => c.rekey()],
  ])('%s is MISSING_KEY', (_, f) => {
    expect(errorOf(() => f(keyless()))).toStrictEqual({
      code: 'MISSING_KEY',
      field: undefined,
      offset: undefined,
    });
  });

  test('encryptWithAd and decryptWithAd pass bytes through unchanged', () => {
    const c = keyless();
    expect(c.encryptWithAd(ad, text)).toBe(text);
    expect(c.decryptWithAd(ad, text)).toBe(text);
    expect(c.nonce).toBe(0);
  });
});

describe('CipherState sealPartsAt', () => {
  test('an AEAD with sealParts gives ciphertext and tag apart, the same bytes as sealAt', () => {
    const a = new CipherState(nodeAead.ChaChaPoly, key);
    const parts = a.sealPartsAt(5, ad, text);
    expect(parts.map((p) => p.length)).toStrictEqual([text.length, 16]);
    expect(toHex(concat(...parts))).toBe(toHex(a.sealAt(5, ad, text)));
  });

  test('an AEAD without sealParts gives one joined buffer', () => {
    const a = keyed();
    const parts = a.sealPartsAt(5, ad, text);
    expect(parts.map((p) => toHex(p))).toStrictEqual([toHex(a.sealAt(5, ad, text))]);
  });
});

describe('CipherState rekey', () => {
  test('rekey sets k = ENCRYPT(k, 2^64 - 1, "", zeros)[0:32] and keeps the nonce', () => {
    const a = keyed();
    a.setNonce(9);
    a.rekey();
    expect(a.nonce).toBe(9);
    const next = cipher.seal(
      key,
      noiseNonce('ChaChaPoly', -1),
      new Uint8Array(0),
      new Uint8Array(32),
    );
    const expected = new CipherState(cipher, next.slice(0, 32));
    expect(toHex(a.sealAt(9, ad, text))).toBe(toHex(expected.sealAt(9, ad, text)));
    expect(toHex(a.sealAt(9, ad, text))).not.toBe(toHex(keyed().sealAt(9, ad, text)));
  });

  test('a clone rekeyed does not disturb the original', () => {
    const a = keyed();
    a.setNonce(2);
    const b = a.clone();
    b.rekey();
    expect([a.nonce, b.nonce]).toStrictEqual([2, 2]);
    expect(toHex(a.sealAt(2, ad, text))).toBe(toHex(keyed().sealAt(2, ad, text)));
  });
});
