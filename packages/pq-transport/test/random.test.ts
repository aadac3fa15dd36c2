import { chacha20 } from '@noble/ciphers/chacha.js';
import { describe, expect, test } from 'vitest';
import { seededRandom } from '../src/index.js';
import { err, errorOf } from './error-of.js';

const seed = (b: number, n = 32) => new Uint8Array(n).fill(b);

describe('seededRandom', () => {
  test.each([0, 31, 33, 64])('a %i-byte seed is INVALID_ARGUMENT at seed', (n) => {
    expect(errorOf(() => seededRandom(seed(1, n)))).toStrictEqual(err('INVALID_ARGUMENT', 'seed'));
  });

  test('the output is the ChaCha20 keystream of the seed, zero nonce, from block 0', () => {
    const key = seed(5);
    const expected = chacha20(key, new Uint8Array(12), new Uint8Array(100));
    expect(seededRandom(key)(100)).toStrictEqual(expected);
  });

  test('changing the seed array after the call does not change the stream', () => {
    const key = seed(5);
    const random = seededRandom(key);
    key.fill(6);
    expect(random(32)).toStrictEqual(seededRandom(seed(5))(32));
  });

  test.each([-1, 65_537, 1.5, Number.NaN, Number.POSITIVE_INFINITY])(
    'asking for %d bytes is INVALID_ARGUMENT at length',
    (length) => {
      const random = seededRandom(seed(2));
      expect(errorOf(() => random(length))).toStrictEqual(err('INVALID_ARGUMENT', 'length'));
    },
  );

  test.each([0, 1, 65_536])('asking for %i bytes gives exactly that many', (length) => {
    expect(seededRandom(seed(2))(length).length).toBe(length);
  });

  test('each call continues at the next unused keystream block', () => {
    const random = seededRandom(seed(3));
    const stream = chacha20(seed(3), new Uint8Array(12), new Uint8Array(192));
    expect(random(0)).toStrictEqual(new Uint8Array(0));
    expect(random(10)).toStrictEqual(stream.subarray(0, 10));
    expect(random(64)).toStrictEqual(stream.subarray(64, 128));
    expect(random(1)).toStrictEqual(stream.subarray(128, 129));
  });
});
