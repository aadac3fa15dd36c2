import { describe, expect, it } from 'vitest';
import {
  type CanonicalLimits,
  type CanonicalValue,
  decodeCanonical,
  encodeCanonical,
} from '../src/index.js';
import { error } from './packet-fixtures.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const unhex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s.replace(/\s+/g, ''), 'hex'));

type Limits = Partial<CanonicalLimits>;

/** Arrays nested `n` deep around an empty one: `[[…[]…]]`. */
const nested = (n: number): CanonicalValue => (n === 0 ? [] : [nested(n - 1)]);

describe('encodeCanonical names the path of the refused value (spec chips §3.3)', () => {
  // [value, limits, code, path]
  const rows: [string, unknown, Limits, string, string][] = [
    ['NaN at the top', Number.NaN, {}, 'NON_FINITE', '$'],
    ['NaN in an array', [1, Number.NaN], {}, 'NON_FINITE', '$[1]'],
    ['NaN in a map', { a: Number.NaN }, {}, 'NON_FINITE', '$.a'],
    ['NaN deep inside', { a: [1, { b: Number.NaN }] }, {}, 'NON_FINITE', '$.a[1].b'],
    ['undefined array element', [1, undefined], {}, 'UNSUPPORTED_VALUE', '$[1]'],
    ['a symbol-keyed property', { a: 1, [Symbol('s')]: 2 }, {}, 'UNSUPPORTED_VALUE', '$'],
    ['a symbol-keyed property only', { [Symbol('s')]: 2 }, {}, 'UNSUPPORTED_VALUE', '$'],
    ['a string over maxStringBytes', 'abcdefg', { maxStringBytes: 6 }, 'TOO_LARGE', '$'],
    ['multi-byte text over maxStringBytes', 'ééé', { maxStringBytes: 5 }, 'TOO_LARGE', '$'],
    ['a key over maxStringBytes', { abcdefg: 1 }, { maxStringBytes: 6 }, 'TOO_LARGE', '$.abcdefg'],
    ['a bin over maxBinBytes', [new Uint8Array(4)], { maxBinBytes: 3 }, 'TOO_LARGE', '$[0]'],
    ['a map over maxItems', { a: 1, b: 2, c: 3 }, { maxItems: 2 }, 'TOO_LARGE', '$'],
    ['maps nested over maxDepth', { a: { a: {} } }, { maxDepth: 2 }, 'TOO_DEEP', '$.a.a'],
    ['output over maxBytes', new Uint8Array(4), { maxBytes: 5 }, 'TOO_LARGE', '$'],
  ];
  it.each(rows)('%s: %s', (_name, value, limits, code, field) => {
    expect(error(() => encodeCanonical(value as CanonicalValue, limits))).toStrictEqual({
      code,
      offset: undefined,
      field,
    });
  });
});

describe('encodeCanonical admits every value at its limit (spec chips §3.3)', () => {
  // [value, limits, expected bytes]
  const rows: [string, CanonicalValue, Limits, string][] = [
    ['a string of maxStringBytes', 'abcdef', { maxStringBytes: 6 }, 'a6616263646566'],
    ['multi-byte text of maxStringBytes', 'éé', { maxStringBytes: 4 }, 'a4c3a9c3a9'],
    ['a bin of maxBinBytes', Uint8Array.of(1, 2, 3), { maxBinBytes: 3 }, 'c403010203'],
    ['an array of maxItems', [1, 2], { maxItems: 2 }, '920102'],
    ['a map of maxItems', { b: 1, a: 2 }, { maxItems: 2 }, '82a16102a16201'],
    [
      'a map of maxItems plus undefined properties',
      { a: 1, b: undefined, c: 2 } as unknown as CanonicalValue,
      { maxItems: 2 },
      '82a16101a16302',
    ],
    ['maps nested to maxDepth', { a: { a: 1 } }, { maxDepth: 2 }, '81a16181a16101'],
    ['output of maxBytes', Uint8Array.of(1, 2, 3), { maxBytes: 5 }, 'c403010203'],
  ];
  it.each(rows)('%s', (_name, value, limits, expected) => {
    expect(hex(encodeCanonical(value, limits))).toBe(expected);
  });

  it('after writing more than 1 MiB it still sorts keys, leaves out undefined and nests to maxDepth', () => {
    expect(encodeCanonical(new Uint8Array(1024 * 1024 + 1)).length).toBe(1024 * 1024 + 6);
    const sample = { b: 1, a: 2, c: undefined } as unknown as CanonicalValue;
    expect(hex(encodeCanonical(sample))).toBe('82a16102a16201');
    expect(hex(encodeCanonical(nested(150), { maxDepth: 151 }))).toBe(`${'91'.repeat(150)}90`);
  });
});

describe('decodeCanonical: heads and depth (spec chips §3.2 order of checks)', () => {
  // [input, limits, code, offset]
  const rows: [string, string, Limits, string, number][] = [
    ['str 32 for a short string', 'db 00000003 616263', {}, 'NON_CANONICAL', 0],
    ['map 32 for a one-entry map', 'df 00000001 a161 01', {}, 'NON_CANONICAL', 0],
    ['a map one level too deep', '81 a161 80', { maxDepth: 1 }, 'TOO_DEEP', 3],
    ['maps nested one level too deep', '81 a161 81 a161 80', { maxDepth: 2 }, 'TOO_DEEP', 6],
    ['c1 where no container is allowed', 'c1', { maxDepth: 0 }, 'UNSUPPORTED_FORMAT', 0],
    ['a boolean map key', '81 c3 01', {}, 'INVALID_KEY', 1],
    ['a negative-integer map key', '81 e0 01', {}, 'INVALID_KEY', 1],
    ['a str 32 map key for a short key', '81 db00000001 61 01', {}, 'NON_CANONICAL', 1],
  ];
  it.each(rows)('%s: %s at %i', (_name, input, limits, code, offset) => {
    expect(error(() => decodeCanonical(unhex(input), limits))).toStrictEqual({
      code,
      offset,
      field: undefined,
    });
  });

  it.each([
    ['a fixarray of 15 items', Array.from({ length: 15 }, (_, i) => i)],
    [
      'a fixmap of 15 entries',
      Object.fromEntries(Array.from({ length: 15 }, (_, i) => [`k${i}`, i])),
    ],
  ])('reads %s', (_name, value) => {
    expect(decodeCanonical(encodeCanonical(value))).toStrictEqual(value);
  });

  it('accepts input of exactly maxBytes', () => {
    expect(decodeCanonical(unhex('a3616263'), { maxBytes: 4 })).toBe('abc');
  });
});
