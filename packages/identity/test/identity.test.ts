import { describe, expect, it } from 'vitest';
import {
  concat,
  deriveNodeKeys,
  equalBytes,
  fromHex,
  hybridKeyFromSeed,
  hybridQuid,
  isHex,
  isQuid,
  QUID_LENGTH,
  quidFromPublicKey,
  toHex,
  webCryptoRandom,
} from '../src/index.js';

const seed = (b: number) => new Uint8Array(32).fill(b);

describe('quids', () => {
  it('are the first 16 hex characters of SHA-256 of the public key', () => {
    // SHA-256("") = e3b0c44298fc1c149afbf4c8996fb924…
    expect(quidFromPublicKey(new Uint8Array(0))).toBe('e3b0c44298fc1c14');
    expect(hybridQuid(hybridKeyFromSeed(seed(1)).publicKey)).toBe('28ce5ababd53b7a1');
  });

  it('are recognised only in their one form', () => {
    expect(isQuid('28ce5ababd53b7a1')).toBe(true);
    for (const bad of [
      '28CE5ABABD53B7A1',
      '28ce5ababd53b7a',
      '28ce5ababd53b7a10',
      'g8ce5ababd53b7a1',
      7,
    ]) {
      expect(isQuid(bad)).toBe(false);
    }
    expect(QUID_LENGTH).toBe(16);
  });
});

describe('node keys from a seed', () => {
  it('give the hybrid key of the seed and SHA-256("qcos/static-key/v1" ‖ seed)', () => {
    const keys = deriveNodeKeys(seed(7));
    expect(keys.signingKey.publicKey).toEqual(hybridKeyFromSeed(seed(7)).publicKey);
    expect(toHex(keys.staticKeySeed)).toBe(
      '0934c7029d053d21e835f84d3b8462846f3ba67580500a2acae951ed91ad65cc',
    );
    expect(deriveNodeKeys(seed(8)).staticKeySeed).not.toEqual(keys.staticKeySeed);
  });

  it('refuse a seed that is not 32 bytes', () => {
    expect(() => deriveNodeKeys(new Uint8Array(31))).toThrow(RangeError);
  });
});

describe('bytes and hex', () => {
  it('round-trip hex in lower case and accept either case', () => {
    const bytes = Uint8Array.of(0, 1, 0x7f, 0x80, 0xab, 0xff);
    expect(toHex(bytes)).toBe('00017f80abff');
    expect(fromHex('00017f80abff')).toEqual(bytes);
    expect(fromHex('00017F80ABFF')).toEqual(bytes);
    expect(fromHex('')).toEqual(new Uint8Array(0));
  });

  it('refuse rather than half-decode bad hex', () => {
    for (const bad of ['abc', '0g', 'zz', ' 00', '00 ', '0x00']) {
      expect(isHex(bad)).toBe(false);
      expect(() => fromHex(bad)).toThrow(RangeError);
    }
    expect(isHex('00ffA1')).toBe(true);
  });

  it('compare and concatenate', () => {
    expect(equalBytes(Uint8Array.of(1, 2), Uint8Array.of(1, 2))).toBe(true);
    expect(equalBytes(Uint8Array.of(1, 2), Uint8Array.of(1, 3))).toBe(false);
    expect(equalBytes(Uint8Array.of(1, 2), Uint8Array.of(1))).toBe(false);
    expect(concat(Uint8Array.of(1), new Uint8Array(0), Uint8Array.of(2, 3))).toEqual(
      Uint8Array.of(1, 2, 3),
    );
    expect(concat()).toEqual(new Uint8Array(0));
  });
});

describe('default randomness', () => {
  it('gives the requested number of bytes', () => {
    expect(webCryptoRandom(0)).toHaveLength(0);
    const a = webCryptoRandom(32);
    expect(a).toHaveLength(32);
    expect(webCryptoRandom(32)).not.toEqual(a);
  });
});
