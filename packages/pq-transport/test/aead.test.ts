import { toHex } from '@qcos/identity';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { type AeadProvider, nobleAead } from '../src/index.js';
import { nodeAead } from '../src/native-crypto.js';

const bytes = (n: number) => fc.uint8Array({ minLength: n, maxLength: n });
const pairs: [AeadProvider, AeadProvider][] = [
  [nobleAead, nodeAead],
  [nodeAead, nobleAead],
];

describe('AEAD back ends interoperate', () => {
  for (const cipher of ['ChaChaPoly', 'AESGCM'] as const) {
    test(`${cipher}: seal with one, open with the other; same bytes`, () => {
      fc.assert(
        fc.property(
          bytes(32),
          bytes(12),
          fc.uint8Array({ maxLength: 64 }),
          fc.uint8Array({ maxLength: 2048 }),
          (k, n, ad, pt) => {
            for (const [a, b] of pairs) {
              const ct = a[cipher].seal(k, n, ad, pt);
              expect(toHex(ct)).toBe(toHex(b[cipher].seal(k, n, ad, pt)));
              expect(toHex(b[cipher].open(k, n, ad, ct) as Uint8Array)).toBe(toHex(pt));
            }
          },
        ),
        { numRuns: 100 },
      );
    });

    test(`${cipher}: any flipped bit (ciphertext, tag or AD) fails to open on both`, () => {
      fc.assert(
        fc.property(
          bytes(32),
          bytes(12),
          fc.uint8Array({ minLength: 1, maxLength: 32 }),
          fc.uint8Array({ maxLength: 256 }),
          fc.nat(),
          (k, n, ad, pt, pos) => {
            const ct = nobleAead[cipher].seal(k, n, ad, pt);
            const total = (ct.length + ad.length) * 8;
            const bit = pos % total;
            const ct2 = ct.slice();
            const ad2 = ad.slice();
            if (bit < ct.length * 8) ct2[bit >> 3] = (ct2[bit >> 3] as number) ^ (1 << (bit & 7));
            else {
              const b = bit - ct.length * 8;
              ad2[b >> 3] = (ad2[b >> 3] as number) ^ (1 << (b & 7));
            }
            for (const p of [nobleAead, nodeAead])
              expect(p[cipher].open(k, n, ad2, ct2)).toBeUndefined();
          },
        ),
        { numRuns: 100 },
      );
    });

    test(`${cipher}: truncated input opens to undefined, never throws`, () => {
      const k = new Uint8Array(32);
      const n = new Uint8Array(12);
      for (const p of [nobleAead, nodeAead]) {
        for (const len of [0, 1, 15])
          expect(p[cipher].open(k, n, new Uint8Array(0), new Uint8Array(len))).toBeUndefined();
      }
    });
  }
});
