import { afterEach, describe, expect, it, vi } from 'vitest';
import { decodeUtf8Nfc, isNfc, stringProblem } from '../src/utf8.js';

// The text fast paths give the same answers as the slow ones (utf8.test.ts); what these tests
// pin is that they are taken, counted as calls of the costly step each one skips:
// TextDecoder.decode for short ASCII fields, String.prototype.normalize for text below U+0300.

const SHORT_ASCII = 32; // src/utf8.ts: up to this many bytes, ASCII is copied by a plain loop

afterEach(() => {
  vi.restoreAllMocks();
});

/** `length` ASCII bytes at offset `start` of a buffer padded with 0xff on both sides. */
function asciiField(start: number, length: number): Uint8Array {
  const bytes = new Uint8Array(start + length + 4).fill(0xff);
  for (let i = 0; i < length; i++) bytes[start + i] = 0x61 + (i % 26);
  return bytes;
}

describe('decodeUtf8Nfc calls TextDecoder only when the plain loop cannot do', () => {
  it.each([
    // [start, length, decode calls]
    [0, 0, 0],
    [0, 1, 0],
    [0, SHORT_ASCII, 0],
    [0, SHORT_ASCII + 1, 1],
    [40, 1, 0],
    [40, SHORT_ASCII, 0],
    [40, SHORT_ASCII + 1, 1],
    [3, 200, 1],
  ])('ASCII at %i, %i bytes: %i calls', (start, length, calls) => {
    const bytes = asciiField(start, length);
    const decode = vi.spyOn(TextDecoder.prototype, 'decode');
    const s = decodeUtf8Nfc(bytes, start, start + length);
    expect(decode).toHaveBeenCalledTimes(calls);
    expect(s).toBe(new TextDecoder().decode(bytes.subarray(start, start + length)));
  });

  it('non-ASCII text is decoded by TextDecoder once, however short', () => {
    const bytes = new TextEncoder().encode('é');
    const decode = vi.spyOn(TextDecoder.prototype, 'decode');
    expect(decodeUtf8Nfc(bytes, 0, bytes.length)).toBe('é');
    expect(decode).toHaveBeenCalledTimes(1);
  });
});

describe('NFC is computed only for text with a code point at or above U+0300', () => {
  it.each([
    ['', 0],
    ['plain ascii', 0],
    ['Latin-1 é and ÿ', 0],
    ['\u02ff', 0],
    ['\u0300', 1],
    ['x\u0301', 1],
    ['Ω', 1],
  ])('%j: %i normalize calls each', (s, calls) => {
    const normalize = vi.spyOn(String.prototype, 'normalize');
    expect(isNfc(s)).toBe(true);
    expect(normalize).toHaveBeenCalledTimes(calls);
    normalize.mockClear();
    expect(stringProblem(s)).toBeUndefined();
    expect(normalize).toHaveBeenCalledTimes(calls);
  });
});
