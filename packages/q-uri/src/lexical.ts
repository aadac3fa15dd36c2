import { CHAR_CLASS, hexValue, PERCENT, UNRESERVED, URI_CHAR } from './chars.js';
import { QUriError } from './error.js';

/** Longest accepted input, in UTF-16 code units (= octets, since only ASCII is accepted). */
export const MAX_QURI_LENGTH = 2048;

/** Length of the scheme prefix `q://`. */
export const SCHEME_PREFIX_LENGTH = 4;

/**
 * Steps 1–3 of the spec: length limit, scheme, and the lexical pass. Returns the input with
 * every percent-encoded triplet replaced by its (unreserved) character — RFC 3986 §6.2.2.2.
 * Q-URI components carry only unreserved characters, so a triplet encoding anything else can
 * never be valid and is rejected here; decoding therefore never creates a delimiter that
 * changes the URI's structure. Returns the input itself when it has no '%'.
 */
export function decodeInput(input: string): string {
  const n = input.length;
  if (n > MAX_QURI_LENGTH) {
    throw new QUriError('TOO_LONG', MAX_QURI_LENGTH, `longer than ${MAX_QURI_LENGTH} characters`);
  }
  checkScheme(input);
  let percents = 0;
  for (let i = SCHEME_PREFIX_LENGTH; i < n; i++) {
    const c = input.charCodeAt(i);
    if (c >= 0x80) {
      throw new QUriError('NON_ASCII', i, 'non-ASCII character (IDN is not accepted)');
    }
    if ((CHAR_CLASS[c]! & URI_CHAR) === 0) {
      throw new QUriError('INVALID_CHAR', i, `character 0x${hex2(c)} is not allowed in a URI`);
    }
    if (c === PERCENT) {
      const high = hexValue(input.charCodeAt(i + 1));
      const low = hexValue(input.charCodeAt(i + 2));
      if (high < 0 || low < 0) {
        throw new QUriError('BAD_PERCENT_ENCODING', i, "'%' is not followed by two hex digits");
      }
      const octet = high * 16 + low;
      if ((CHAR_CLASS[octet]! & UNRESERVED) === 0) {
        throw new QUriError(
          'ENCODED_CHAR_NOT_ALLOWED',
          i,
          octet >= 0x80
            ? `%${hex2(octet)} encodes a non-ASCII octet (IDN is not accepted)`
            : `%${hex2(octet)} encodes a character no Q-URI component may carry`,
        );
      }
      percents++;
      i += 2;
    }
  }
  return percents === 0 ? input : decodeTriplets(input);
}

function checkScheme(input: string): void {
  const c0 = input.charCodeAt(0);
  let bad = -1;
  if (c0 !== 0x71 && c0 !== 0x51) bad = 0;
  else if (input.charCodeAt(1) !== 0x3a) bad = 1;
  else if (input.charCodeAt(2) !== 0x2f) bad = 2;
  else if (input.charCodeAt(3) !== 0x2f) bad = 3;
  if (bad >= 0) throw new QUriError('SCHEME_INVALID', bad, "a Q-URI starts with 'q://'");
}

/** Only called on input already validated by the lexical pass. */
function decodeTriplets(input: string): string {
  let out = '';
  let runStart = 0;
  for (let i = 0; i < input.length; i++) {
    if (input.charCodeAt(i) !== PERCENT) continue;
    const octet = hexValue(input.charCodeAt(i + 1)) * 16 + hexValue(input.charCodeAt(i + 2));
    out += input.slice(runStart, i) + String.fromCharCode(octet);
    i += 2;
    runStart = i + 1;
  }
  return out + input.slice(runStart);
}

/**
 * Maps an offset in the decoded string back to the input: each decoded character stands for
 * three input characters if it came from a triplet, otherwise one. Used on error paths only.
 */
export function inputOffset(input: string, decodedOffset: number): number {
  let i = 0;
  for (let k = 0; k < decodedOffset && i < input.length; k++) {
    i += input.charCodeAt(i) === PERCENT ? 3 : 1;
  }
  return i;
}

function hex2(octet: number): string {
  return (octet < 16 ? '0' : '') + octet.toString(16).toUpperCase();
}
