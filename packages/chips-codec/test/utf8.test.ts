import { describe, expect, it } from 'vitest';
import { decodeUtf8Nfc, isNfc, stringProblem, utf8Length } from '../src/utf8.js';

const utf8 = (s: string) => new TextEncoder().encode(s);

describe('decodeUtf8Nfc', () => {
  it.each([
    ['short ASCII', 'job:submit'],
    ['32 ASCII bytes', 'x'.repeat(32)],
    ['33 ASCII bytes', 'y'.repeat(33)],
    ['NFC text', 'é😀 Zürich'],
    ['a leading U+FEFF (kept, not a byte-order mark)', '\uFEFFa'],
  ])('decodes %s', (_, text) => {
    expect(decodeUtf8Nfc(utf8(text), 0, utf8(text).length)).toBe(text);
  });

  it('decodes only bytes[start, end)', () => {
    const bytes = utf8('\u00e9abc\u00e9');
    expect(decodeUtf8Nfc(bytes, 2, 5)).toBe('abc');
    expect(decodeUtf8Nfc(bytes, 2, 2)).toBe('');
  });

  it.each([
    ['a lone continuation byte 0x80', [0x80]],
    ['a lone continuation byte 0xbf', [0x61, 0xbf]],
    ['an overlong "/"', [0xc0, 0xaf]],
    ['an encoded surrogate', [0xed, 0xa0, 0x80]],
    ['a cut sequence', [0xe2, 0x82]],
  ])('is undefined for %s', (_, bytes) => {
    expect(decodeUtf8Nfc(Uint8Array.from(bytes), 0, bytes.length)).toBeUndefined();
  });

  it('is null for well-formed text that is not NFC', () => {
    const bytes = utf8('e\u0301');
    expect(decodeUtf8Nfc(bytes, 0, bytes.length)).toBeNull();
  });
});

describe('NFC checks', () => {
  it.each([
    ['plain', 'abc', true, undefined],
    ['precomposed', '\u00e8', true, undefined],
    ['e + U+0300 (the first code point that can combine)', 'e\u0300', false, 'nfc'],
    ['e + U+0301', 'e\u0301', false, 'nfc'],
    ['a lone combining mark', '\u0301', true, undefined],
  ])('%s: isNfc %s, stringProblem %s', (_, s, nfc, problem) => {
    expect(isNfc(s)).toBe(nfc);
    expect(stringProblem(s)).toBe(problem);
  });

  it.each([['\uD800'], ['a\uDFFF'], ['\uDC00\uD800']])(
    'stringProblem(%j) is a lone surrogate',
    (s) => {
      expect(stringProblem(s)).toBe('surrogate');
    },
  );

  it('a surrogate pair is not a problem', () => {
    expect(stringProblem('\u{1F600}')).toBeUndefined();
  });
});

describe('utf8Length', () => {
  it.each([
    ['', 0],
    ['\u007f', 1],
    ['\u0080', 2],
    ['\u07ff', 2],
    ['\u0800', 3],
    ['\ud7ff', 3],
    ['\ue000', 3],
    ['\uffff', 3],
    ['\u{10000}', 4],
    ['\u{10ffff}', 4],
    ['a\u00e9\u20ac\u{1F600}z', 11],
  ])('%j is %i bytes, as TextEncoder counts', (s, n) => {
    expect(utf8Length(s)).toBe(n);
    expect(utf8(s).length).toBe(n);
  });
});
