import { concat } from '@qcos/identity';
import { describe, expect, it } from 'vitest';
import {
  nobleX25519,
  noiseHkdf,
  noiseNonce,
  SHA256,
  X448,
  X25519,
  type X25519Function,
  XWING,
  XWING_CIPHERTEXT_LENGTH,
  XWING_PUBLIC_KEY_LENGTH,
  x25519Dh,
  xwingKem,
} from '../src/index.js';
import { nodeX25519 } from '../src/native-crypto.js';
import { errorOf } from './error-of.js';

const bytes = (n: number, b = 1) => new Uint8Array(n).fill(b);
/** An X25519 that reads only the first 32 bytes of a public key, as an injected one may. */
const lenientX25519: X25519Function = {
  publicKey: nobleX25519.publicKey,
  sharedSecret: (sk, pk) => nobleX25519.sharedSecret(sk, pk.subarray(0, 32)),
};

describe('noiseNonce', () => {
  const n = 0x0102_0304_0506;
  it('ChaChaPoly: 32 zero bits, then the counter little-endian', () => {
    expect(noiseNonce('ChaChaPoly', n)).toStrictEqual(
      Uint8Array.of(0, 0, 0, 0, 6, 5, 4, 3, 2, 1, 0, 0),
    );
  });

  it('AESGCM: 32 zero bits, then the counter big-endian', () => {
    expect(noiseNonce('AESGCM', n)).toStrictEqual(
      Uint8Array.of(0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6),
    );
  });

  it.each(['ChaChaPoly', 'AESGCM'] as const)('%s: -1 stands for the reserved 2^64 - 1', (c) => {
    expect(noiseNonce(c, -1)).toStrictEqual(Uint8Array.of(0, 0, 0, 0, ...bytes(8, 0xff)));
  });
});

describe('DH functions', () => {
  it.each([
    ['X25519', X25519, '25519', 32],
    ['X448', X448, '448', 56],
  ] as const)('%s is named %s with %i-byte keys', (_, dh, name, len) => {
    expect([dh.name, dh.dhLen]).toStrictEqual([name, len]);
  });

  it('x25519Dh over another implementation is named 25519', () => {
    expect(x25519Dh(nodeX25519).name).toBe('25519');
  });

  // Each DH is built inside the test (not the module-level X25519/X448), so that mutation testing,
  // which switches a mutant on per test, sees the functions the test builds.
  it.each([
    ['X25519', () => x25519Dh(), 32],
    ['X448', () => X448, 56],
  ] as const)(
    '%s generateKeyPair draws a dhLen-byte secret from the random source',
    (_, make, len) => {
      const dh = make();
      const asked: number[] = [];
      const kp = dh.generateKeyPair((n) => {
        asked.push(n);
        return bytes(n, 0x42);
      });
      expect(asked).toStrictEqual([len]);
      expect(kp).toStrictEqual(dh.keyPairFromSecret(bytes(len, 0x42)));
    },
  );

  it('generateKeyPair gives the X25519 public key of the drawn secret', () => {
    const kp = x25519Dh().generateKeyPair((n) => bytes(n, 0x42));
    expect(kp.publicKey).toStrictEqual(nobleX25519.publicKey(bytes(32, 0x42)));
  });

  // The messages are part of what an operator reads in a log: pinned once here.
  it.each([
    [
      'X25519 secret key',
      () => X25519.keyPairFromSecret(bytes(31)),
      'INVALID_KEY: DH secret key must be 32 bytes',
    ],
    [
      'X448 secret key',
      () => X448.keyPairFromSecret(bytes(32)),
      'INVALID_KEY: DH secret key must be 56 bytes',
    ],
    [
      'X25519 public key',
      () => X25519.dh(bytes(32), bytes(33)),
      'INVALID_KEY: DH public key must be 32 bytes',
    ],
    [
      'X448 public key',
      () => X448.dh(bytes(56), bytes(32)),
      'INVALID_KEY: DH public key must be 56 bytes',
    ],
    [
      'small-order public key',
      () => X25519.dh(bytes(32, 7), new Uint8Array(32)),
      'DH_FAILED: DH produced the all-zero value (small-order public key)',
    ],
  ])('the %s error says what was wrong', (_, f, message) => {
    expect(f).toThrow(expect.objectContaining({ message }));
  });

  it.each([31, 33])('a %i-byte X25519 secret key is INVALID_KEY', (n) => {
    expect(errorOf(() => X25519.keyPairFromSecret(bytes(n)))?.code).toBe('INVALID_KEY');
  });

  it.each([31, 33])('a %i-byte X25519 public key is INVALID_KEY', (n) => {
    expect(errorOf(() => X25519.dh(bytes(32), bytes(n)))?.code).toBe('INVALID_KEY');
  });

  it.each([
    ['noble', X25519],
    ['node', x25519Dh(nodeX25519)],
  ])('%s: a small-order (all-zero) public key is DH_FAILED', (_, dh) => {
    expect(errorOf(() => dh.dh(bytes(32, 7), new Uint8Array(32)))?.code).toBe('DH_FAILED');
  });
});

describe('noiseHkdf', () => {
  it('returns two outputs when asked for two, the first two of three', () => {
    const two = noiseHkdf(SHA256, bytes(32), bytes(5), 2);
    const three = noiseHkdf(SHA256, bytes(32), bytes(5), 3);
    expect(two.length).toBe(2);
    expect(three.slice(0, 2)).toStrictEqual(two);
  });
});

describe('X-Wing length checks', () => {
  it('is named XWing', () => {
    expect(XWING.name).toBe('XWing');
    expect(xwingKem(nodeX25519).name).toBe('XWing');
  });

  it('a key pair keeps its own copy of the seed', () => {
    const seed = bytes(32, 5);
    const kp = XWING.keyPairFromSeed(seed);
    seed.fill(0);
    expect(kp.seed).toStrictEqual(bytes(32, 5));
  });

  it.each([
    ['a 31-byte seed', 'INVALID_KEY', () => XWING.keyPairFromSeed(bytes(31))],
    [
      'a valid public key with one byte appended, even over an X25519 that ignores it,',
      'INVALID_KEY',
      () => {
        const pk = XWING.keyPairFromSeed(bytes(32)).publicKey;
        return xwingKem(lenientX25519).encapsulate(concat(pk, Uint8Array.of(0)), bytes(64));
      },
    ],
    [
      'a 63-byte encapsulation seed',
      'INVALID_ARGUMENT',
      () => XWING.encapsulate(bytes(XWING_PUBLIC_KEY_LENGTH), bytes(63)),
    ],
    [
      'a ciphertext one byte short',
      'MALFORMED_MESSAGE',
      () => XWING.decapsulate(bytes(XWING_CIPHERTEXT_LENGTH - 1), XWING.keyPairFromSeed(bytes(32))),
    ],
  ])('%s is %s', (_, code, f) => {
    expect(errorOf(f)?.code).toBe(code);
  });

  it('a ciphertext whose X25519 share is small-order (all zero) is DH_FAILED', () => {
    const ct = new Uint8Array(XWING_CIPHERTEXT_LENGTH).fill(1);
    ct.fill(0, XWING_CIPHERTEXT_LENGTH - 32);
    expect(errorOf(() => XWING.decapsulate(ct, XWING.keyPairFromSeed(bytes(32))))?.code).toBe(
      'DH_FAILED',
    );
  });
});
