import { parseTarget } from './authority.js';
import { HASH, QUESTION, SLASH } from './chars.js';
import { QUriError } from './error.js';
import { parseFast } from './fast-path.js';
import { decodeInput, inputOffset, SCHEME_PREFIX_LENGTH } from './lexical.js';
import { parseLinkQuery } from './link-query.js';
import { parseOperation } from './operation.js';
import { DEFAULT_PARAMS } from './params.js';
import { parseQuery } from './query.js';
import type { QUri } from './quri.js';

/**
 * Parses and validates a Q-URI. Throws only `QUriError`, for any input whatsoever; its
 * `offset` indexes `input`. Checks run in the order of docs/spec/q-uri.md §6.
 */
export function parse(input: string): QUri {
  if (typeof input !== 'string') throw new QUriError('SCHEME_INVALID', 0, 'input is not a string');
  return parseFast(input) ?? parseDecodedInput(input, true);
}

/**
 * The parser exactly as the spec walks it, step by step. `parse` only tries a one-pass fast
 * path for plain input first; this is the reference it must agree with.
 */
export function parseBySpec(input: string): QUri {
  if (typeof input !== 'string') throw new QUriError('SCHEME_INVALID', 0, 'input is not a string');
  return parseDecodedInput(input, false);
}

/**
 * Steps 1–3, then the structure. A decoded string holds no '%' and only characters the
 * lexical pass accepted, so the fast path may read it too (`tryFast`); on any doubt the
 * step-by-step parser decides, and its offsets are mapped back to the input.
 */
function parseDecodedInput(input: string, tryFast: boolean): QUri {
  const decoded = decodeInput(input);
  if (decoded === input) return parseDecoded(decoded);
  if (tryFast) {
    const fast = parseFast(decoded);
    if (fast !== undefined) return fast;
  }
  try {
    return parseDecoded(decoded);
  } catch (error) {
    // Offsets found in the decoded string are mapped back to the caller's input. Everything
    // parseDecoded calls throws only QUriError, so there is no other error to pass through.
    const e = error as QUriError;
    throw new QUriError(e.code, inputOffset(input, e.offset), e.message);
  }
}

/** True iff `input` is a valid Q-URI. Never throws. */
export function isQUri(input: string): boolean {
  try {
    parse(input);
    return true;
  } catch {
    return false;
  }
}

/** Structure of an already decoded string: authority, path, query, fragment — in that order. */
function parseDecoded(d: string): QUri {
  const n = d.length;
  let authorityEnd = SCHEME_PREFIX_LENGTH;
  while (authorityEnd < n) {
    const c = d.charCodeAt(authorityEnd);
    if (c === SLASH || c === QUESTION || c === HASH) break;
    authorityEnd++;
  }
  const target = parseTarget(d, SCHEME_PREFIX_LENGTH, authorityEnd);
  let pathEnd = authorityEnd;
  while (pathEnd < n) {
    const c = d.charCodeAt(pathEnd);
    if (c === QUESTION || c === HASH) break;
    pathEnd++;
  }
  const op = parseOperation(d, authorityEnd, pathEnd);
  if (op.operation === 'link') return linkOf(d, target, pathEnd);
  let end = pathEnd;
  let params = DEFAULT_PARAMS;
  if (end < n && d.charCodeAt(end) === QUESTION) {
    if (op.operation !== 'run') {
      throw new QUriError('QUERY_NOT_ALLOWED', end, 'only /run and /link take query parameters');
    }
    const query = parseQuery(d, end + 1);
    params = query.params;
    end = query.end;
  }
  if (end < n) throw new QUriError('FRAGMENT_NOT_ALLOWED', end, 'fragments are not allowed');
  switch (op.operation) {
    case 'run':
      return { target, operation: 'run', params };
    case 'status':
      return { target, operation: 'status' };
    default:
      return { target, operation: op.operation, jobId: op.jobId };
  }
}

/** A `/link` URI from its path's end: its query (required), then nothing but the end. */
function linkOf(d: string, target: QUri['target'], pathEnd: number): QUri {
  if (pathEnd >= d.length || d.charCodeAt(pathEnd) !== QUESTION)
    throw new QUriError('PARAM_MISSING', pathEnd, 'a /link needs contract, use and pairs');
  const { link, end } = parseLinkQuery(d, pathEnd + 1);
  if (end < d.length) throw new QUriError('FRAGMENT_NOT_ALLOWED', end, 'fragments are not allowed');
  return { target, operation: 'link', link };
}
