import { describe, expect, test } from 'vitest';
import {
  nobleAead,
  nobleX25519,
  parseProtocolName,
  SHA256,
  X448,
  X25519,
  type X25519Function,
  XWING,
} from '../src/index.js';
import { errorOf } from './error-of.js';

/** An X25519 that counts its scalar multiplications. */
function countingX25519(): X25519Function & { calls: number } {
  const x = {
    calls: 0,
    publicKey: (sk: Uint8Array) => {
      x.calls++;
      return nobleX25519.publicKey(sk);
    },
    sharedSecret: (sk: Uint8Array, pk: Uint8Array) => {
      x.calls++;
      return nobleX25519.sharedSecret(sk, pk);
    },
  };
  return x;
}

describe('parseProtocolName', () => {
  test('the default 25519 and XWing are the package instances', () => {
    expect(parseProtocolName('Noise_NN_25519_ChaChaPoly_SHA256').keyAgreement).toStrictEqual({
      kind: 'dh',
      dh: X25519,
    });
    expect(parseProtocolName('Noise_pqNN_XWing_AESGCM_SHA256').keyAgreement).toStrictEqual({
      kind: 'kem',
      kem: XWING,
    });
  });

  test('448 selects X448', () => {
    const p = parseProtocolName('Noise_XX_448_AESGCM_SHA512');
    expect(p.keyAgreement).toStrictEqual({ kind: 'dh', dh: X448 });
    expect([p.cipher, p.hash.name]).toStrictEqual([nobleAead.AESGCM, 'SHA512']);
  });

  test('an injected X25519 backs the 25519 DH and is built once per implementation', () => {
    const x = countingX25519();
    const a = parseProtocolName('Noise_NN_25519_ChaChaPoly_SHA256', { x25519: x });
    const b = parseProtocolName('Noise_XX_25519_ChaChaPoly_SHA256', { x25519: x });
    if (a.keyAgreement.kind !== 'dh' || b.keyAgreement.kind !== 'dh') throw new Error('dh');
    expect(a.keyAgreement.dh).toBe(b.keyAgreement.dh);
    expect(a.keyAgreement.dh).not.toBe(X25519);
    a.keyAgreement.dh.keyPairFromSecret(new Uint8Array(32).fill(1));
    expect(x.calls).toBe(1);
  });

  test('an injected X25519 backs X-Wing too, and an injected X-Wing wins over it', () => {
    const x = countingX25519();
    const a = parseProtocolName('Noise_pqNN_XWing_ChaChaPoly_SHA256', { x25519: x });
    if (a.keyAgreement.kind !== 'kem') throw new Error('kem');
    expect(a.keyAgreement.kem).not.toBe(XWING);
    a.keyAgreement.kem.keyPairFromSeed(new Uint8Array(32).fill(1));
    expect(x.calls).toBe(1);
    const kem = { ...XWING };
    const b = parseProtocolName('Noise_pqNN_XWing_ChaChaPoly_SHA256', { x25519: x, xwing: kem });
    expect(b.keyAgreement).toStrictEqual({ kind: 'kem', kem });
  });

  test('an injected hash replaces the named one', () => {
    const hash = { ...SHA256 };
    expect(
      parseProtocolName('Noise_NN_25519_ChaChaPoly_SHA256', { hashes: { SHA256: hash } }).hash,
    ).toBe(hash);
  });

  test.each([
    ['four parts', 'Noise_ZZ_25519_ChaChaPoly'],
    ['six parts', 'Noise_NN_25519_ChaChaPoly_SHA256_x'],
    ['another prefix', 'Nois_NN_25519_ChaChaPoly_SHA256'],
    ['an unknown DH/KEM', 'Noise_pqNN_Kyber_ChaChaPoly_SHA256'],
    ['a KEM pattern over a DH', 'Noise_pqNN_25519_ChaChaPoly_SHA256'],
    ['a DH pattern over a KEM', 'Noise_NN_XWing_ChaChaPoly_SHA256'],
    ['an unknown cipher', 'Noise_NN_25519_AES_SHA256'],
    ['an unknown hash', 'Noise_NN_25519_ChaChaPoly_SHA3'],
    ['an inherited hash name', 'Noise_NN_25519_ChaChaPoly_toString'],
  ])('a name with %s is INVALID_PROTOCOL_NAME at protocol', (_, name) => {
    expect(errorOf(() => parseProtocolName(name))).toStrictEqual({
      code: 'INVALID_PROTOCOL_NAME',
      field: 'protocol',
      offset: undefined,
    });
  });
});
