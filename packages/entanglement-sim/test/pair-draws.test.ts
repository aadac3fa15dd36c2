import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_PAIR_DRAWS, pairDraws } from '../src/index.js';
import { expectError } from './expect-error.js';

const secret = Uint8Array.from({ length: 32 }, (_, i) => i);

describe('pairDraws', () => {
  it('takes the top 53 bits of each 8 bytes of HMAC-SHA256(secret, label ‖ u64be(seq) ‖ u8(block))', () => {
    const message = new Uint8Array([
      ...new TextEncoder().encode('QCOS-PairDraws-v1'),
      0,
      0,
      0,
      0,
      0,
      0,
      1,
      2,
      1,
    ]);
    const mac = hmac(sha256, secret, message);
    const expected = [0, 8, 16, 24].map((o) => {
      let v = 0n;
      for (let i = 0; i < 8; i++) v = (v << 8n) | BigInt(mac[o + i] as number);
      return Number(v >> 11n) / 2 ** 53;
    });
    // Draws 4..7 of pair 258 are block 1.
    expect(pairDraws(secret, 258, 8).slice(4)).toStrictEqual(expected);
  });

  it('is the same for the same secret and sequence, and a prefix for fewer draws', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 32, maxLength: 64 }),
        fc.nat({ max: 2 ** 40 }),
        fc.integer({ min: 1, max: MAX_PAIR_DRAWS }),
        (key, seq, count) => {
          const all = pairDraws(key, seq, count);
          expect(all).toHaveLength(count);
          expect(pairDraws(key, seq, count)).toStrictEqual(all);
          expect(pairDraws(key, seq, 1)).toStrictEqual(all.slice(0, 1));
          for (const u of all) expect(u >= 0 && u < 1).toBe(true);
        },
      ),
    );
  });

  it('differs with the sequence and with the secret', () => {
    const other = Uint8Array.from(secret, (b, i) => (i === 31 ? b ^ 1 : b));
    expect(pairDraws(secret, 1, 4)).not.toStrictEqual(pairDraws(secret, 2, 4));
    expect(pairDraws(secret, 1, 4)).not.toStrictEqual(pairDraws(other, 1, 4));
  });

  it('refuses a short secret, a bad sequence and a bad count', () => {
    expectError(() => pairDraws(new Uint8Array(31), 0, 1), 'INVALID_PARAMETER', 'secret');
    expectError(() => pairDraws(secret, -1, 1), 'INVALID_PARAMETER', 'sequence');
    expectError(() => pairDraws(secret, 1.5, 1), 'INVALID_PARAMETER', 'sequence');
    expectError(() => pairDraws(secret, 0, 0), 'INVALID_PARAMETER', 'count');
    expectError(() => pairDraws(secret, 0, MAX_PAIR_DRAWS + 1), 'INVALID_PARAMETER', 'count');
  });
});
