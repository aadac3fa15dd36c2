import { describe, expect, it } from 'vitest';
import { fromBase64, isUuidV4, toBase64, uuidV4 } from '../src/index.js';
import { codeOf } from './expect-error.js';

describe('Base64 encoding', () => {
  it.each<[number[], string]>([
    [[], ''],
    [[0xfb], '+w=='],
    [[0xfb, 0xff], '+/8='],
    [[0xfb, 0xff, 0xbf], '+/+/'],
    [[0, 16, 131, 16, 81, 135, 32, 146, 139], 'ABCDEFGHIJKL'],
    [[1, 2, 3, 4], 'AQIDBA=='],
  ])('%j encodes as %s and decodes back', (input, text) => {
    expect(toBase64(Uint8Array.from(input))).toBe(text);
    expect([...fromBase64(text)]).toStrictEqual(input);
  });
});

describe('Base64 decoding rejections', () => {
  it.each<[string, string, string]>([
    ['length not a multiple of 4', 'AQIDB', 'INVALID_REQUEST:key'],
    ['a character outside the alphabet', 'AQ-D', 'INVALID_REQUEST:key[2]'],
    ['a character above ASCII', '\u0080AAA', 'INVALID_REQUEST:key[0]'],
    ['a character far above ASCII', 'AAA\u00e9', 'INVALID_REQUEST:key[3]'],
    ['padding in the middle of the last group', 'A=A=', 'INVALID_REQUEST:key[1]'],
    ['padding in an earlier group', 'AQ==AQ==', 'INVALID_REQUEST:key[2]'],
    ['three padding characters', 'A===', 'INVALID_REQUEST:key[1]'],
    ['non-zero bits under one padding character', 'AQF=', 'INVALID_REQUEST:key'],
    ['non-zero bits under two padding characters', 'AR==', 'INVALID_REQUEST:key'],
  ])('%s: %j is %s', (_name, text, expected) => {
    expect(codeOf(() => fromBase64(text))).toBe(expected);
  });

  it('names the caller’s field in every rejection', () => {
    expect(codeOf(() => fromBase64('AQI', 'body.key'))).toBe('INVALID_REQUEST:body.key');
    expect(codeOf(() => fromBase64('AQ*=', 'body.key'))).toBe('INVALID_REQUEST:body.key[2]');
    expect(codeOf(() => fromBase64('AQF=', 'body.key'))).toBe('INVALID_REQUEST:body.key');
  });

  it('checks the padding bits only in the last group', () => {
    // "AAAB" alone has no padding; before a padded group its last bits are key bits.
    expect([...fromBase64('AAAB')]).toStrictEqual([0, 0, 1]);
    expect([...fromBase64('AAABAQ==')]).toStrictEqual([0, 0, 1, 1]);
    expect([...fromBase64('AAABAQE=')]).toStrictEqual([0, 0, 1, 1, 1]);
  });
});

describe('UUID v4', () => {
  it('formats 16 bytes as 8-4-4-4-12 lower-case hex with version 4 and the RFC variant', () => {
    const input = Uint8Array.from({ length: 16 }, (_, i) => i * 17);
    expect(uuidV4(input)).toBe('00112233-4455-4677-8899-aabbccddeeff');
    expect([...input]).toStrictEqual(Array.from({ length: 16 }, (_, i) => i * 17));
  });

  it.each([15, 17, 0])('%i random bytes are INVALID_PARAMETER at random', (n) => {
    expect(codeOf(() => uuidV4(new Uint8Array(n)))).toBe('INVALID_PARAMETER:random');
  });

  const good = '00112233-4455-4677-8899-aabbccddeeff';
  it.each<[string, unknown, boolean]>([
    ['the canonical form', good, true],
    ['variant a', '00112233-4455-4677-a899-aabbccddeeff', true],
    ['upper case', good.toUpperCase(), false],
    ['a leading character', `x${good}`, false],
    ['a trailing character', `${good}0`, false],
    ['version 5', '00112233-4455-5677-8899-aabbccddeeff', false],
    ['variant c', '00112233-4455-4677-c899-aabbccddeeff', false],
    ['a short first group', '0011223-4455-4677-8899-aabbccddeeff0', false],
    ['a short last group', '00112233-4455-4677-8899-aabbccddeef', false],
    ['a non-hex digit', '00112233-4455-4677-8899-aabbccddeefg', false],
    ['no dashes', '00112233445546778899aabbccddeeff', false],
    ['a non-string', 0x1234, false],
  ])('isUuidV4 of %s is %s', (_name, value, expected) => {
    expect(isUuidV4(value)).toBe(expected);
  });
});
