/** A DNS label is at most 63 octets (RFC 1035 §2.3.4); DQN-Aliases and scopes are labels. */
export const MAX_LABEL_LENGTH = 63;

const A = 0x61;
const Z = 0x7a;
const D0 = 0x30;
const D9 = 0x39;
const HYPHEN = 0x2d;

/**
 * True iff `s[start, end)` is a canonical label: 1–63 chars of `a-z 0-9 -`, first a letter,
 * last not a hyphen. Upper case is not canonical, so it is not accepted here.
 */
export function isLabelAt(s: string, start: number, end: number): boolean {
  const length = end - start;
  if (length < 1 || length > MAX_LABEL_LENGTH) return false;
  const first = s.charCodeAt(start);
  if (first < A || first > Z) return false;
  for (let i = start + 1; i < end; i++) {
    const c = s.charCodeAt(i);
    if (!((c >= A && c <= Z) || (c >= D0 && c <= D9) || c === HYPHEN)) return false;
  }
  return s.charCodeAt(end - 1) !== HYPHEN;
}

/** DQN-Alias: the name of one quantum node, e.g. `rigel`. DNS-label rules, lower case only. */
export function isDqnAlias(s: string): boolean {
  return typeof s === 'string' && isLabelAt(s, 0, s.length);
}

/** Geographic-Scope, e.g. `eu-west`. The same label rules as a DQN-Alias. */
export function isGeoScope(s: string): boolean {
  return typeof s === 'string' && isLabelAt(s, 0, s.length);
}
