import { StoreError } from '@qcos/interface';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blockKeys, decodeBlock, decodeHead, encodeBlock, encodeHead } from '../src/block-keys.js';

const keys = blockKeys('/net/log/');
const height = fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER });
const bytes = (max: number) => fc.uint8Array({ maxLength: max });

function corruption(fn: () => unknown): StoreError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).code).toBe('STORE_CORRUPT');
    return error as StoreError;
  }
  throw new Error('expected STORE_CORRUPT');
}

describe('block keys', () => {
  it('lay a log out under its prefix', () => {
    expect(keys.head).toBe('/net/log/head');
    expect(keys.blocks).toBe('/net/log/block/');
    expect(keys.block(7)).toBe('/net/log/block/0000000000000007');
    expect(keys.block(Number.MAX_SAFE_INTEGER)).toBe('/net/log/block/9007199254740991');
  });

  it('sort in height order and give the height back', () => {
    fc.assert(
      fc.property(height, height, (a, b) => {
        expect(keys.heightOf(keys.block(a))).toBe(a);
        const byKey = keys.block(a) < keys.block(b) ? -1 : keys.block(a) > keys.block(b) ? 1 : 0;
        expect(byKey).toBe(Math.sign(a - b));
      }),
    );
  });

  it('refuse a key that is not a block key with STORE_CORRUPT naming it', () => {
    for (const key of [
      '/net/log/head',
      '/net/log/block/12',
      '/other/block/0000000000000001',
      '/net/log/block/000000000000000x',
      '/net/log/block/x0000000000000001',
      '/net/log/block/0000000000000001x',
    ]) {
      const e = corruption(() => keys.heightOf(key));
      expect(e.details).toEqual({ key });
      expect(e.message).toBe(`not a block key: ${key}`);
    }
  });
});

describe('head and block values', () => {
  it('round-trip exactly', () => {
    fc.assert(
      fc.property(height, bytes(64), bytes(300), (h, hash, body) => {
        expect(decodeHead(encodeHead({ height: h, hash }), 'k')).toEqual({ height: h, hash });
        expect(decodeBlock(h, encodeBlock({ height: h, hash, bytes: body }), 'k')).toEqual({
          height: h,
          hash,
          bytes: body,
        });
      }),
    );
  });

  it('encode one head one way: equal heads, equal bytes; different heads, different bytes', () => {
    fc.assert(
      fc.property(height, bytes(33), height, bytes(33), (h1, x1, h2, x2) => {
        const same = h1 === h2 && Buffer.compare(Buffer.from(x1), Buffer.from(x2)) === 0;
        expect(
          encodeHead({ height: h1, hash: x1 }).equals(encodeHead({ height: h2, hash: x2 })),
        ).toBe(same);
      }),
    );
  });

  it('decode into copies that do not alias the value read', () => {
    const value = encodeBlock({
      height: 3,
      hash: new Uint8Array([1, 2]),
      bytes: new Uint8Array([3]),
    });
    const block = decodeBlock(3, value, 'k');
    value.fill(0);
    expect(block).toEqual({ height: 3, hash: new Uint8Array([1, 2]), bytes: new Uint8Array([3]) });
  });

  it('refuse truncated values with STORE_CORRUPT naming the key and the reason', () => {
    expect(corruption(() => decodeHead(new Uint8Array(7), 'h')).message).toBe(
      'h: a head value is at least 8 bytes',
    );
    expect(corruption(() => decodeBlock(1, new Uint8Array(3), 'b')).message).toBe(
      'b: a block value is at least 4 bytes',
    );
    const overlong = Buffer.from([0, 0, 0, 5, 1, 2, 3, 4]);
    expect(corruption(() => decodeBlock(1, overlong, 'b')).message).toBe(
      'b: the hash runs past the value',
    );
    expect(decodeBlock(1, Buffer.from([0, 0, 0, 4, 1, 2, 3, 4]), 'b').bytes).toEqual(
      new Uint8Array(0),
    );
    const tooHigh = Buffer.alloc(8);
    tooHigh.writeBigUInt64BE(BigInt(Number.MAX_SAFE_INTEGER) + 1n);
    const high = corruption(() => decodeHead(tooHigh, 'h'));
    expect([high.details, high.message]).toEqual([{ key: 'h' }, 'h: the head height is too large']);
    tooHigh.writeBigUInt64BE(BigInt(Number.MAX_SAFE_INTEGER));
    expect(decodeHead(tooHigh, 'h').height).toBe(Number.MAX_SAFE_INTEGER);
  });
});
