import { describe, expect, it } from 'vitest';
import { nodeAead, nodeX25519 } from '../src/native-crypto.js';

const bytes = (n: number, b = 1) => new Uint8Array(n).fill(b);

describe('node AEAD nonce length', () => {
  it('AESGCM opens only with a 12-byte nonce, although OpenSSL takes other lengths', () => {
    const key = bytes(32);
    const pt = Uint8Array.of(1, 2, 3);
    const sealed = (nonce: Uint8Array) => nodeAead.AESGCM.seal(key, nonce, bytes(2), pt);
    expect(nodeAead.AESGCM.open(key, bytes(12), bytes(2), sealed(bytes(12)))).toStrictEqual(pt);
    expect(nodeAead.AESGCM.open(key, bytes(16), bytes(2), sealed(bytes(16)))).toBe(undefined);
  });
});

describe('node X25519 key lengths', () => {
  it.each([
    ['secret key', () => nodeX25519.publicKey(bytes(31))],
    ['public key', () => nodeX25519.sharedSecret(bytes(32), bytes(33))],
  ])('a %s that is not 32 bytes is a RangeError that says so', (name, f) => {
    expect(f).toThrow(new RangeError(`X25519 ${name} must be 32 bytes`));
    expect(f).toThrow(RangeError);
  });
});
