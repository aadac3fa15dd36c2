import { decode as msgpackDecode, encode as msgpackEncode } from '@msgpack/msgpack';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CanonicalValue, ChipsError, decodeCanonical, encodeCanonical } from '../src/index.js';

const hex = (b: Uint8Array): string =>
  Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
const unhex = (s: string): Uint8Array =>
  Uint8Array.from(s.match(/../g) ?? [], (x) => Number.parseInt(x, 16));

function codeOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof ChipsError) return e.code;
    throw e;
  }
  return 'NO_ERROR';
}

/** NFC strings without lone surrogates: the strings the profile can carry. */
const nfcString = fc.string({ unit: 'grapheme', maxLength: 12 }).map((s) => s.normalize('NFC'));

const canonicalValue: fc.Arbitrary<CanonicalValue> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constant(null),
    fc.boolean(),
    fc.integer({ min: -(2 ** 31), max: 2 ** 31 }),
    fc.maxSafeInteger(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    nfcString,
    fc.uint8Array({ maxLength: 20 }),
    fc.array(tie('value'), { maxLength: 5 }),
    fc.dictionary(
      nfcString.filter((k) => k !== '__proto__'),
      tie('value'),
      { maxKeys: 5 },
    ),
  ),
})).value as fc.Arbitrary<CanonicalValue>;

/** -0 encodes as integer 0 and decodes as 0; everything else round-trips by value. */
const normaliseZero = (v: CanonicalValue): CanonicalValue => {
  if (typeof v === 'number') return Object.is(v, -0) ? 0 : v;
  if (v instanceof Uint8Array || v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(normaliseZero);
  return Object.fromEntries(
    Object.entries(v as Record<string, CanonicalValue>).map(([k, x]) => [k, normaliseZero(x)]),
  );
};

describe('encodeCanonical: bytes checked by hand against the MessagePack spec', () => {
  const cases: [string, CanonicalValue, string][] = [
    ['positive fixint', 5, '05'],
    ['uint 8 boundary', 128, 'cc80'],
    ['uint 16', 256, 'cd0100'],
    ['uint 32', 65536, 'ce00010000'],
    ['uint 64', 2 ** 32, 'cf0000000100000000'],
    ['max safe', Number.MAX_SAFE_INTEGER, 'cf001fffffffffffff'],
    ['negative fixint', -32, 'e0'],
    ['int 8', -33, 'd0df'],
    ['int 16', -129, 'd1ff7f'],
    ['int 32', -32769, 'd2ffff7fff'],
    ['int 64', -(2 ** 31) - 1, 'd3ffffffff7fffffff'],
    ['minus zero is integer 0', -0, '00'],
    ['float 64', 1.5, 'cb3ff8000000000000'],
    ['2^53 is not safe: float 64', 2 ** 53, 'cb4340000000000000'],
    ['nil', null, 'c0'],
    ['true', true, 'c3'],
    ['empty string', '', 'a0'],
    ['fixstr', 'abc', 'a3616263'],
    ['str 8 at 32 bytes', 'a'.repeat(32), `d920${'61'.repeat(32)}`],
    ['bin 8', Uint8Array.of(1, 2), 'c4020102'],
    ['fixarray', [1, [2]], '920191 02'.replace(' ', '')],
    ['keys sorted', { b: 1, a: 2, aa: 3 }, '83a16102a2616103a16201'],
    ['integer-like keys sorted as strings', { '10': 1, '9': 2 }, '82a2313001a13902'],
    [
      'undefined property left out',
      { a: 1, b: undefined } as unknown as CanonicalValue,
      '81a16101',
    ],
  ];
  for (const [name, value, expected] of cases) {
    it(name, () => {
      expect(hex(encodeCanonical(value))).toBe(expected);
      expect(normaliseZero(decodeCanonical(unhex(expected)))).toEqual(normaliseZero(value));
    });
  }
});

describe('encodeCanonical refuses values without a canonical form', () => {
  const cases: [string, unknown, string][] = [
    ['NaN', Number.NaN, 'NON_FINITE'],
    ['Infinity', [Number.POSITIVE_INFINITY], 'NON_FINITE'],
    ['non-NFC string', 'e\u0301', 'NOT_NFC'],
    ['lone surrogate', 'a\ud800', 'INVALID_UTF8'],
    ['undefined', undefined, 'UNSUPPORTED_VALUE'],
    ['undefined in array', [undefined], 'UNSUPPORTED_VALUE'],
    ['bigint', 1n, 'UNSUPPORTED_VALUE'],
    ['Date', new Date(0), 'UNSUPPORTED_VALUE'],
    ['Map', new Map(), 'UNSUPPORTED_VALUE'],
    ['Uint16Array', new Uint16Array(2), 'UNSUPPORTED_VALUE'],
    ['__proto__ key', JSON.parse('{"__proto__":1}'), 'INVALID_KEY'],
  ];
  for (const [name, value, code] of cases) {
    it(name, () => expect(codeOf(() => encodeCanonical(value as CanonicalValue))).toBe(code));
  }
  it('a cycle is TOO_DEEP, not a stack overflow', () => {
    const a: unknown[] = [];
    a.push(a);
    expect(codeOf(() => encodeCanonical(a as CanonicalValue))).toBe('TOO_DEEP');
  });
  it('limits apply to encoding too', () => {
    expect(codeOf(() => encodeCanonical('abcdef', { maxStringBytes: 5 }))).toBe('TOO_LARGE');
    expect(codeOf(() => encodeCanonical([[[]]], { maxDepth: 2 }))).toBe('TOO_DEEP');
    expect(codeOf(() => encodeCanonical([1, 2, 3], { maxItems: 2 }))).toBe('TOO_LARGE');
    expect(codeOf(() => encodeCanonical(new Uint8Array(10), { maxBytes: 5 }))).toBe('TOO_LARGE');
  });
});

describe('decodeCanonical refuses every non-canonical or malformed input', () => {
  const cases: [string, string, string, number][] = [
    ['uint 8 for a fixint', 'cc05', 'NON_CANONICAL', 0],
    ['uint 16 for a uint 8', 'cd00ff', 'NON_CANONICAL', 0],
    ['uint 32 for a uint 16', 'ce0000ffff', 'NON_CANONICAL', 0],
    ['uint 64 for a uint 32', 'cf00000000ffffffff', 'NON_CANONICAL', 0],
    ['uint 64 above 2^53-1', 'cf0020000000000000', 'UNSAFE_INTEGER', 0],
    ['int 8 for a positive value', 'd001', 'NON_CANONICAL', 0],
    ['int 8 for a negative fixint', 'd0ff', 'NON_CANONICAL', 0],
    ['int 16 for an int 8', 'd1ff80', 'NON_CANONICAL', 0],
    ['int 64 below -(2^53-1)', 'd3ffe0000000000000', 'UNSAFE_INTEGER', 0],
    ['float 64 holding 1', 'cb3ff0000000000000', 'NON_CANONICAL', 0],
    ['float 64 -0', 'cb8000000000000000', 'NON_CANONICAL', 0],
    ['float 64 NaN', 'cb7ff8000000000000', 'NON_FINITE', 0],
    ['float 64 +Infinity', 'cb7ff0000000000000', 'NON_FINITE', 0],
    ['float 32', 'ca3fc00000', 'UNSUPPORTED_FORMAT', 0],
    ['never-used head', 'c1', 'UNSUPPORTED_FORMAT', 0],
    ['fixext 1', 'd40100', 'UNSUPPORTED_FORMAT', 0],
    ['timestamp ext', 'd6ff00000000', 'UNSUPPORTED_FORMAT', 0],
    ['str 8 for a fixstr', 'd903616263', 'NON_CANONICAL', 0],
    ['bin 16 for a bin 8', 'c500020102', 'NON_CANONICAL', 0],
    ['array 16 for a fixarray', 'dc000101', 'NON_CANONICAL', 0],
    ['map 16 for a fixmap', 'de0001a16101', 'NON_CANONICAL', 0],
    ['keys out of order', '82a16201a16102', 'KEY_ORDER', 4],
    ['duplicate key', '82a16101a16102', 'DUPLICATE_KEY', 4],
    ['integer key', '810101', 'INVALID_KEY', 1],
    ['__proto__ key', '81a95f5f70726f746f5f5f01', 'INVALID_KEY', 1],
    ['invalid UTF-8', 'a2c328', 'INVALID_UTF8', 0],
    ['overlong UTF-8', 'a2c0af', 'INVALID_UTF8', 0],
    ['UTF-8 surrogate', 'a3eda080', 'INVALID_UTF8', 0],
    ['non-NFC string', 'a365cc81', 'NOT_NFC', 0],
    ['empty input', '', 'TRUNCATED', 0],
    ['truncated uint 16', 'cd01', 'TRUNCATED', 0],
    ['truncated string', 'a36162', 'TRUNCATED', 0],
    ['truncated array', '9201', 'TRUNCATED', 0],
    ['array 32 claiming 2^32-1 items', 'ddffffffff00', 'TOO_LARGE', 0],
    ['trailing bytes', '0100', 'TRAILING_BYTES', 1],
  ];
  for (const [name, input, code, offset] of cases) {
    it(name, () => {
      try {
        decodeCanonical(unhex(input));
        expect.unreachable('decoded');
      } catch (e) {
        expect(e).toBeInstanceOf(ChipsError);
        expect((e as ChipsError).code).toBe(code);
        expect((e as ChipsError).offset).toBe(offset);
      }
    });
  }
  it('an array head cannot claim more items than there are bytes left', () => {
    expect(codeOf(() => decodeCanonical(unhex('dd0001000001')))).toBe('TRUNCATED');
  });
  it('enforces maxDepth and maxBytes', () => {
    expect(codeOf(() => decodeCanonical(unhex('919190'), { maxDepth: 2 }))).toBe('TOO_DEEP');
    expect(decodeCanonical(unhex('919190'), { maxDepth: 3 })).toEqual([[[]]]);
    expect(codeOf(() => decodeCanonical(unhex('a3616263'), { maxBytes: 3 }))).toBe('TOO_LARGE');
    expect(codeOf(() => decodeCanonical(new Uint8Array(100_000).fill(0x91)))).toBe('TOO_DEEP');
  });
  it('large values use the 32-bit forms and the encoder stays right afterwards', () => {
    const big = new Uint8Array(2 * 1024 * 1024).fill(7);
    const b = encodeCanonical(big);
    expect(hex(b.subarray(0, 5))).toBe('c600200000');
    const back = decodeCanonical(b) as Uint8Array;
    // Compared by hand: a deep equality over 2 MiB is far slower than the codec.
    expect(back.length).toBe(big.length);
    expect(back.every((x) => x === 7)).toBe(true);
    const many = Array.from({ length: 70_000 }, (_, i) => i & 0x7f);
    const a = encodeCanonical(many);
    expect(hex(a.subarray(0, 5))).toBe('dd00011170');
    expect(JSON.stringify(decodeCanonical(a))).toBe(JSON.stringify(many));
    expect(hex(encodeCanonical([1, 'a']))).toBe('9201a161');
  });
  it('keeps a leading U+FEFF (no BOM stripping)', () => {
    expect(decodeCanonical(encodeCanonical('\ufeffa'))).toBe('\ufeffa');
  });
});

describe('properties', () => {
  it('decode(encode(v)) equals v (with -0 read as 0) and encode(decode(b)) equals b', () => {
    fc.assert(
      fc.property(canonicalValue, (v) => {
        const b = encodeCanonical(v);
        const back = decodeCanonical(b);
        expect(back).toEqual(normaliseZero(v));
        expect(hex(encodeCanonical(back))).toBe(hex(b));
      }),
      { numRuns: 2000 },
    );
  });

  it('agrees with @msgpack/msgpack: same value when it decodes our bytes', () => {
    fc.assert(
      fc.property(canonicalValue, (v) => {
        const b = encodeCanonical(v);
        expect(msgpackDecode(b)).toEqual(decodeCanonical(b));
      }),
      { numRuns: 1000 },
    );
  });

  it('accepts a general encoding only when it is byte-identical to the canonical one', () => {
    // @msgpack/msgpack without sortKeys writes insertion order; forceFloat32 writes floats short.
    fc.assert(
      fc.property(canonicalValue, fc.boolean(), (v, f32) => {
        const general = msgpackEncode(v, { forceFloat32: f32 });
        const canonical = encodeCanonical(v);
        let accepted = true;
        try {
          decodeCanonical(general);
        } catch (e) {
          expect(e).toBeInstanceOf(ChipsError);
          accepted = false;
        }
        expect(accepted).toBe(hex(general) === hex(canonical));
      }),
      { numRuns: 1000 },
    );
  });

  it('random and mutated bytes only ever raise ChipsError, and anything accepted re-encodes to itself', () => {
    const mutated = fc
      .tuple(canonicalValue, fc.nat(), fc.integer({ min: 0, max: 255 }))
      .map(([v, i, x]) => {
        const b = encodeCanonical(v);
        if (b.length > 0) b[i % b.length] = x;
        return b;
      });
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 64 }), mutated), (b) => {
        let v: CanonicalValue;
        try {
          v = decodeCanonical(b);
        } catch (e) {
          if (!(e instanceof ChipsError)) throw e;
          return;
        }
        // Outside the try, so an encoder refusal of an accepted value fails the property.
        expect(hex(encodeCanonical(v))).toBe(hex(b));
      }),
      { numRuns: 3000 },
    );
  });
});
