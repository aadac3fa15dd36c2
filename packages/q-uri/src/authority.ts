import {
  AT,
  COLON,
  DIGIT_0,
  DIGIT_9,
  DOT,
  HYPHEN,
  LEFT_BRACKET,
  LOWER_A,
  LOWER_Z,
  RIGHT_BRACKET,
  STAR,
} from './chars.js';
import { QUriError, type QUriErrorCode } from './error.js';
import { MAX_LABEL_LENGTH } from './label.js';
import type { QUriTarget } from './target.js';

/**
 * Reads the authority `d[start, end)` (already percent-decoded) as a target. A DQN-Alias is a
 * name, not an address: userinfo, IP literals and ports are rejected before the labels are
 * read. Upper-case letters are accepted and folded (hosts are case-insensitive, RFC 3986 §3.2.2).
 */
export function parseTarget(d: string, start: number, end: number): QUriTarget {
  rejectAddressParts(d, start, end);
  if (start === end) throw new QUriError('TARGET_INVALID', start, 'empty authority');
  if (d.charCodeAt(start) === STAR) {
    const scopeStart = start + 1;
    if (scopeStart >= end || d.charCodeAt(scopeStart) !== DOT) {
      throw new QUriError('TARGET_INVALID', scopeStart, "'*' must be followed by '.<scope>'");
    }
    const scopeEnd = scanLabel(d, scopeStart + 1, end, 'SCOPE_INVALID');
    if (scopeEnd < end) throw tooManyLabels(scopeEnd);
    return { kind: 'scope', scope: labelText(d, scopeStart + 1, end) };
  }
  const aliasEnd = scanLabel(d, start, end, 'ALIAS_INVALID');
  const alias = labelText(d, start, aliasEnd);
  if (aliasEnd === end) return { kind: 'node', alias };
  const scopeEnd = scanLabel(d, aliasEnd + 1, end, 'SCOPE_INVALID');
  if (scopeEnd < end) throw tooManyLabels(scopeEnd);
  return { kind: 'node', alias, scope: labelText(d, aliasEnd + 1, end) };
}

/** Userinfo, then IP-literal brackets, then a port: the first such character of each kind. */
function rejectAddressParts(d: string, start: number, end: number): void {
  let at = -1;
  let bracket = -1;
  let colon = -1;
  for (let i = start; i < end; i++) {
    const c = d.charCodeAt(i);
    if (c === AT) {
      if (at < 0) at = i;
    } else if (c === LEFT_BRACKET || c === RIGHT_BRACKET) {
      if (bracket < 0) bracket = i;
    } else if (c === COLON) {
      if (colon < 0) colon = i;
    }
  }
  if (at >= 0) throw new QUriError('USERINFO_NOT_ALLOWED', at, 'userinfo is not allowed');
  if (bracket >= 0) {
    throw new QUriError('TARGET_INVALID', bracket, 'IP literals are not allowed; use a DQN-Alias');
  }
  if (colon >= 0) {
    throw new QUriError('PORT_NOT_ALLOWED', colon, 'a DQN-Alias is a name, not an address');
  }
}

/**
 * Validates the label starting at `start` and returns where it ends (the next '.' or `end`).
 * Rules are checked left to right; the first violation is reported at its character.
 */
function scanLabel(d: string, start: number, end: number, code: QUriErrorCode): number {
  let i = start;
  for (; i < end; i++) {
    const c = d.charCodeAt(i);
    if (c === DOT) break;
    if (i - start === MAX_LABEL_LENGTH) {
      throw new QUriError(code, i, `label longer than ${MAX_LABEL_LENGTH} characters`);
    }
    const folded = c | 0x20;
    const isLetter = folded >= LOWER_A && folded <= LOWER_Z;
    if (i === start) {
      if (!isLetter) throw new QUriError(code, i, 'label must start with a letter');
    } else if (!isLetter && !(c >= DIGIT_0 && c <= DIGIT_9) && c !== HYPHEN) {
      throw new QUriError(code, i, 'label may only hold letters, digits and hyphens');
    }
  }
  if (i === start) throw new QUriError(code, start, 'empty label');
  if (d.charCodeAt(i - 1) === HYPHEN) throw new QUriError(code, i - 1, 'label ends with a hyphen');
  return i;
}

function labelText(d: string, start: number, end: number): string {
  for (let i = start; i < end; i++) {
    const c = d.charCodeAt(i);
    if (c >= 0x41 && c <= 0x5a) return d.slice(start, end).toLowerCase();
  }
  return d.slice(start, end);
}

function tooManyLabels(offset: number): QUriError {
  return new QUriError('TARGET_INVALID', offset, 'a target has at most two labels: alias.scope');
}
