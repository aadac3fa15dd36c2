import { describe, expect, it } from 'vitest';
import {
  type GoJsonValue,
  goJsonFloat,
  goJsonInt,
  goJsonString,
  goJsonValue,
} from '../src/index.js';
import { failure } from './failure.js';

const unsupported = (field: string) => ({ code: 'UNSUPPORTED_VALUE', field });

describe('goJsonString', () => {
  it.each([
    ['carriage return', '\r', '"\\r"'],
    ['U+0080', '\u0080', '"\u0080"'],
    ['first astral pair', '\ud800\udc00', '"\ud800\udc00"'],
    ['last astral pair', '\udbff\udfff', '"\udbff\udfff"'],
    ['high then U+DFFF', '\ud800\udfff', '"\ud800\udfff"'],
    ['high then a non-surrogate', '\ud800\ue000', '"\\ufffd\ue000"'],
    ['high at the end', 'x\udbff', '"x\\ufffd"'],
    ['lone U+DC00', '\udc00x', '"\\ufffdx"'],
    ['lone U+DFFF', 'x\udfff', '"x\\ufffd"'],
  ])('%s', (_name, s, want) => {
    expect(goJsonString(s)).toBe(want);
  });
});

describe('goJsonInt and goJsonFloat', () => {
  it.each([
    [0, '0'],
    [-5, '-5'],
    [Number.MAX_SAFE_INTEGER, '9007199254740991'],
  ])('prints the safe integer %d in decimal', (x, want) => {
    expect(goJsonInt(x)).toBe(want);
  });

  it.each([[1.5], [2 ** 53], [Number.NaN]])('rejects %d at the default field "value"', (x) => {
    expect(failure(() => goJsonInt(x))).toStrictEqual(unsupported('value'));
  });

  it('names the given field', () => {
    expect(failure(() => goJsonInt(0.5, 'nonce'))).toStrictEqual(unsupported('nonce'));
    expect(failure(() => goJsonFloat(Number.NEGATIVE_INFINITY))).toStrictEqual(
      unsupported('value'),
    );
  });
});

describe('goJsonValue', () => {
  const nestArrays = (n: number): GoJsonValue => (n === 0 ? null : [nestArrays(n - 1)]);
  const nestObjects = (n: number): GoJsonValue => (n === 0 ? null : { k: nestObjects(n - 1) });

  it('writes booleans and null', () => {
    expect(goJsonValue([false, true, null])).toBe('[false,true,null]');
  });

  it('sorts keys bytewise, a prefix before its extensions', () => {
    expect(goJsonValue({ ab: 1, b: 4, ac: 2, a: 0, abc: 3 })).toBe(
      '{"a":0,"ab":1,"abc":3,"ac":2,"b":4}',
    );
  });

  it('accepts nesting 32 deep and rejects 33, naming the innermost path', () => {
    expect(goJsonValue(nestArrays(32))).toBe(`${'['.repeat(32)}null${']'.repeat(32)}`);
    expect(failure(() => goJsonValue(nestArrays(33)))).toStrictEqual(
      unsupported(`value${'[0]'.repeat(33)}`),
    );
    expect(failure(() => goJsonValue(nestObjects(33), 'attributes'))).toStrictEqual(
      unsupported(`attributes${'.k'.repeat(33)}`),
    );
  });

  it.each([
    ['value', Number.NaN],
    ['value[1]', [1, Number.NaN]],
    ['value.x[0]', { x: [Number.POSITIVE_INFINITY] }],
    ['value', undefined],
    ['value.f', { f: () => 1 }],
    ['value', 1n],
  ])('rejects a value without JSON form at %s', (field, v) => {
    expect(failure(() => goJsonValue(v as GoJsonValue))).toStrictEqual(unsupported(field));
  });
});
