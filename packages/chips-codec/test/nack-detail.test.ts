import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_DETAIL_BYTES, nackDetail, truncateUtf8 } from '../src/index.js';
import { isNfc } from '../src/utf8.js';

const utf8Bytes = (s: string) => new TextEncoder().encode(s).length;

describe('truncateUtf8', () => {
  it.each([
    ['abc', 3, 'abc'],
    ['abc', 2, 'ab'],
    ['a\u00e9', 3, 'a\u00e9'],
    ['a\u00e9', 2, 'a'],
    ['\u{1F600}x', 4, '\u{1F600}'],
    ['\u{1F600}x', 3, ''],
  ])('truncateUtf8(%j, %i) is %j', (text, max, cut) => {
    expect(truncateUtf8(text, max)).toBe(cut);
  });
});

describe('nackDetail', () => {
  it.each([
    ['a surrogate pair is kept', '\u{1F600}', '\u{1F600}'],
    ['a lone high surrogate becomes U+FFFD', 'a\uD800', 'a\uFFFD'],
    ['a lone low surrogate U+DFFF becomes U+FFFD', '\uDFFFb', '\uFFFDb'],
    ['a low surrogate before its high half is two lone ones', '\uDC00\uD800', '\uFFFD\uFFFD'],
    ['U+E000, just past the surrogates, is kept', '\uE000', '\uE000'],
    ['U+D7FF, just before the surrogates, is kept', '\uD7FF', '\uD7FF'],
  ])('%s', (_, text, detail) => {
    expect(nackDetail(text)).toBe(detail);
  });

  it('is an NFC prefix of the NFC text that fits MAX_DETAIL_BYTES, however the cut falls (property)', () => {
    const unit = fc.constantFrom(
      'e',
      'a',
      '\u0301',
      '\u0323',
      '\u0302',
      '\u1100',
      '\u1161',
      '\u11a8',
      '\u0cc6',
      '\u0cd5',
      '\u{1F600}',
    );
    fc.assert(
      fc.property(fc.string({ unit, minLength: 60, maxLength: 200 }), (text) => {
        const detail = nackDetail(text);
        const nfc = text.normalize('NFC');
        expect(isNfc(detail)).toBe(true);
        expect(nfc.startsWith(detail)).toBe(true);
        expect(utf8Bytes(detail)).toBeLessThanOrEqual(MAX_DETAIL_BYTES);
        const next = [...nfc.slice(detail.length)][0];
        if (next !== undefined) expect(utf8Bytes(detail + next)).toBeGreaterThan(MAX_DETAIL_BYTES);
      }),
      { numRuns: 300, seed: 7 },
    );
  });
});
