import { describe, expect, it } from 'vitest';
import {
  HYBRID_PUBLIC_KEY_LENGTH,
  HYBRID_SIGNATURE_LENGTH,
  hybridKeyFromSeed,
  hybridQuid,
  hybridSign,
  hybridVerify,
  isQuid,
} from '../src/index.js';

const seed = (b: number) => new Uint8Array(32).fill(b);
const msg = new TextEncoder().encode('block 42');

describe('hybrid signatures', () => {
  const key = hybridKeyFromSeed(seed(1));

  it('derives the same key from the same seed and another from another seed', () => {
    expect(hybridKeyFromSeed(seed(1)).publicKey).toEqual(key.publicKey);
    expect(hybridKeyFromSeed(seed(2)).publicKey).not.toEqual(key.publicKey);
    expect(key.publicKey.length).toBe(HYBRID_PUBLIC_KEY_LENGTH);
    expect(isQuid(hybridQuid(key.publicKey))).toBe(true);
  });

  it('signs deterministically and verifies', () => {
    const sig = hybridSign(key, 'test', msg);
    expect(sig.length).toBe(HYBRID_SIGNATURE_LENGTH);
    expect(hybridSign(key, 'test', msg)).toEqual(sig);
    expect(hybridVerify(key.publicKey, 'test', msg, sig)).toBe(true);
  });

  it('rejects another context, another message, another key', () => {
    const sig = hybridSign(key, 'test', msg);
    expect(hybridVerify(key.publicKey, 'other', msg, sig)).toBe(false);
    expect(hybridVerify(key.publicKey, 'test', new TextEncoder().encode('block 43'), sig)).toBe(
      false,
    );
    expect(hybridVerify(hybridKeyFromSeed(seed(2)).publicKey, 'test', msg, sig)).toBe(false);
  });

  it('rejects when either half is damaged', () => {
    const sig = hybridSign(key, 'test', msg);
    for (const at of [0, 63, 64, 100, HYBRID_SIGNATURE_LENGTH - 1]) {
      const bad = sig.slice();
      bad[at]! ^= 1;
      expect(hybridVerify(key.publicKey, 'test', msg, bad)).toBe(false);
    }
    expect(hybridVerify(key.publicKey, 'test', msg, sig.subarray(1))).toBe(false);
    expect(hybridVerify(key.publicKey.subarray(1), 'test', msg, sig)).toBe(false);
  });
});
