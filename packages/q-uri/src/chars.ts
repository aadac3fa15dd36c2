/**
 * Character classes of RFC 3986 §2, as a 256-entry table indexed by code unit (or by a
 * percent-decoded octet). A table lookup keeps the scanner branch-light and regex-free.
 */
export const UNRESERVED = 1;
/** Any character that may appear literally in a URI: unreserved, gen-delims, sub-delims, '%'. */
export const URI_CHAR = 2;

/** Letters, digits and '-': may appear in a label (upper case is folded). */
export const LABEL_CHAR = 4;
/** A letter of either case: may start a label. */
export const LETTER = 8;
export const DIGIT = 16;
/** Letters, digits, '-', '_': may appear in a job id. */
export const JOB_ID_CHAR = 32;
export const UPPER = 64;

export const CHAR_CLASS: Uint8Array = /* @__PURE__ */ buildTable();

function buildTable(): Uint8Array {
  const table = new Uint8Array(256);
  const unreserved = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~';
  const delims = ":/?#[]@!$&'()*+,;=%";
  for (let i = 0; i < unreserved.length; i++)
    table[unreserved.charCodeAt(i)] = UNRESERVED | URI_CHAR;
  for (let i = 0; i < delims.length; i++) table[delims.charCodeAt(i)] = URI_CHAR;
  for (let c = 0x30; c <= 0x39; c++) table[c]! |= LABEL_CHAR | DIGIT | JOB_ID_CHAR;
  for (let c = 0x61; c <= 0x7a; c++) table[c]! |= LABEL_CHAR | LETTER | JOB_ID_CHAR;
  for (let c = 0x41; c <= 0x5a; c++) table[c]! |= LABEL_CHAR | LETTER | JOB_ID_CHAR | UPPER;
  table[0x2d]! |= LABEL_CHAR | JOB_ID_CHAR;
  table[0x5f]! |= JOB_ID_CHAR;
  return table;
}

/** Value of one hex digit (either case), or -1 — also for NaN, i.e. reading past the end. */
export function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const lower = c | 0x20;
  if (lower >= 0x61 && lower <= 0x66) return lower - 0x61 + 10;
  return -1;
}

export const PERCENT = 0x25;
export const SLASH = 0x2f;
export const QUESTION = 0x3f;
export const HASH = 0x23;
export const AT = 0x40;
export const COLON = 0x3a;
export const LEFT_BRACKET = 0x5b;
export const RIGHT_BRACKET = 0x5d;
export const STAR = 0x2a;
export const DOT = 0x2e;
export const HYPHEN = 0x2d;
export const UNDERSCORE = 0x5f;
export const AMPERSAND = 0x26;
export const EQUALS = 0x3d;
export const DIGIT_0 = 0x30;
export const DIGIT_9 = 0x39;
export const LOWER_A = 0x61;
export const LOWER_Z = 0x7a;
