import { describe, expect, it } from 'vitest';
import { isQUri, parse, QUriError, type QUriErrorCode } from '../src/index.js';
import { parseBySpec } from '../src/parse.js';

/** The error both parse paths report for `input`: code, offset and reason. */
function refusal(input: string): { code: QUriErrorCode; offset: number; message: string } {
  const of = (f: (s: string) => unknown) => {
    try {
      f(input);
    } catch (error) {
      if (!(error instanceof QUriError)) throw error;
      return { code: error.code, offset: error.offset, message: error.message };
    }
    throw new Error(`expected ${JSON.stringify(input)} to be rejected`);
  };
  const viaParse = of(parse);
  expect(of(parseBySpec)).toStrictEqual(viaParse);
  return viaParse;
}

describe('lexical pass (spec §6 steps 1-3)', () => {
  it.each([42, null, undefined, ['q://a/run']])(
    'refuses the non-string %j on both paths with SCHEME_INVALID at 0',
    (input) => {
      expect(refusal(input as unknown as string)).toStrictEqual({
        code: 'SCHEME_INVALID',
        offset: 0,
        message: 'input is not a string',
      });
      expect(isQUri(input as unknown as string)).toBe(false);
    },
  );

  it.each([
    [`q://${'a'.repeat(2045)}`, 'TOO_LONG', 2048, 'longer than 2048 characters'],
    ['x://a/run', 'SCHEME_INVALID', 0, "a Q-URI starts with 'q://'"],
    ['q://a/run\u0080', 'NON_ASCII', 9, 'non-ASCII character (IDN is not accepted)'],
    ['q://a/run\u00e9', 'NON_ASCII', 9, 'non-ASCII character (IDN is not accepted)'],
    ['q://a\n/run', 'INVALID_CHAR', 5, 'character 0x0A is not allowed in a URI'],
    ['q://a\u0010/run', 'INVALID_CHAR', 5, 'character 0x10 is not allowed in a URI'],
    ['q://a\u007f/run', 'INVALID_CHAR', 5, 'character 0x7F is not allowed in a URI'],
    ['q://a%/run', 'BAD_PERCENT_ENCODING', 5, "'%' is not followed by two hex digits"],
    ['q://a%@1/run', 'BAD_PERCENT_ENCODING', 5, "'%' is not followed by two hex digits"],
    ['q://a%1`/run', 'BAD_PERCENT_ENCODING', 5, "'%' is not followed by two hex digits"],
    [
      'q://a%0a/run',
      'ENCODED_CHAR_NOT_ALLOWED',
      5,
      '%0A encodes a character no Q-URI component may carry',
    ],
    [
      'q://a%7F/run',
      'ENCODED_CHAR_NOT_ALLOWED',
      5,
      '%7F encodes a character no Q-URI component may carry',
    ],
    [
      'q://a%80/run',
      'ENCODED_CHAR_NOT_ALLOWED',
      5,
      '%80 encodes a non-ASCII octet (IDN is not accepted)',
    ],
    [
      'q://a%ff/run',
      'ENCODED_CHAR_NOT_ALLOWED',
      5,
      '%FF encodes a non-ASCII octet (IDN is not accepted)',
    ],
  ])('refuses %j with %s at %d: %s', (input, code, offset, message) => {
    expect(refusal(input)).toStrictEqual({ code, offset, message });
  });
});
