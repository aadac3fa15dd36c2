import { expect, it } from 'vitest';
import { hybridKeyFromSeed, hybridQuid, hybridSign, hybridVerify, toHex } from '../src/index.js';

it('the README example runs as described', () => {
  const key = hybridKeyFromSeed(new Uint8Array(32).fill(1));
  const quid = hybridQuid(key.publicKey);
  const block = new TextEncoder().encode('block 42');
  const signature = hybridSign(key, 'registry-block', block);
  expect(quid).toBe('28ce5ababd53b7a1');
  expect(signature).toHaveLength(64 + 3309);
  expect(hybridVerify(key.publicKey, 'registry-block', block, signature)).toBe(true);
  expect(hybridVerify(key.publicKey, 'trust-record', block, signature)).toBe(false);
  expect(toHex(signature.subarray(0, 4))).toMatch(/^[0-9a-f]{8}$/);
});
