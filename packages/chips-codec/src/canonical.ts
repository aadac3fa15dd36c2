import { Encoder } from '@msgpack/msgpack';
import { ChipsError } from './errors.js';
import { CanonicalReader } from './reader.js';
import { stringProblem, utf8Length } from './utf8.js';

/**
 * The values that have exactly one canonical MessagePack encoding. No undefined, bigint,
 * Map, Date or extension types: each would need a second rule and a second reader.
 */
export type CanonicalValue =
  | null
  | boolean
  | number
  | string
  | Uint8Array
  | readonly CanonicalValue[]
  | { readonly [key: string]: CanonicalValue };

/** Bounds enforced by decodeCanonical (and by encodeCanonical, so it never writes what decode refuses). */
export interface CanonicalLimits {
  /** Whole input / output size in bytes. */
  readonly maxBytes: number;
  /** Maximum nesting of arrays and maps; a scalar at top level has depth 0, `[1]` depth 1. */
  readonly maxDepth: number;
  /** Maximum UTF-8 byte length of one string (map keys included). */
  readonly maxStringBytes: number;
  /** Maximum length of one byte string. */
  readonly maxBinBytes: number;
  /** Maximum number of elements of one array or entries of one map. */
  readonly maxItems: number;
}

export const DEFAULT_CANONICAL_LIMITS: CanonicalLimits = Object.freeze({
  maxBytes: 16 * 1024 * 1024,
  maxDepth: 64,
  maxStringBytes: 1024 * 1024,
  maxBinBytes: 16 * 1024 * 1024,
  maxItems: 1024 * 1024,
});

/** Reading and checking recurse once per level; this ceiling keeps any maxDepth clear of the JS stack. */
export const MAX_DEPTH_CEILING = 512;

function resolveLimits(limits: Partial<CanonicalLimits> | undefined): CanonicalLimits {
  if (limits === undefined) return DEFAULT_CANONICAL_LIMITS;
  const l = { ...DEFAULT_CANONICAL_LIMITS, ...limits };
  return { ...l, maxDepth: Math.min(l.maxDepth, MAX_DEPTH_CEILING) };
}

// sortKeys: maps are written in ascending UTF-16 code-unit order of their keys (JS `<`,
// Array#sort), the order RFC 8785 (JCS) uses. Everything else the Encoder already writes in
// the shortest form; the checks below keep out what it would write non-canonically
// (NaN, lone surrogates, non-NFC text, undefined as nil, extension types).
const newEncoder = () =>
  new Encoder({ sortKeys: true, ignoreUndefined: true, maxDepth: Number.MAX_SAFE_INTEGER });
let encoder = newEncoder();

/** The Encoder keeps its scratch buffer between calls; a buffer grown past this is dropped. */
const SCRATCH_KEEP_BYTES = 1024 * 1024;

/** Writes a value already known to be within the profile (packet bodies, checked field by field). */
export function encodeChecked(value: CanonicalValue): Uint8Array {
  const bytes = encoder.encode(value);
  if (bytes.length > SCRATCH_KEEP_BYTES) encoder = newEncoder();
  return bytes;
}

/**
 * Canonical MessagePack bytes of `value` (docs/spec/chips.md §3). Deterministic: equal values
 * give equal bytes. Object properties whose value is `undefined` are left out, as if absent.
 * Throws ChipsError (offset undefined, `field` = path of the bad value).
 */
export function encodeCanonical(
  value: CanonicalValue,
  limits?: Partial<CanonicalLimits>,
): Uint8Array {
  const l = resolveLimits(limits);
  checkValue(value, l, 0, '$');
  const bytes = encodeChecked(value);
  if (bytes.length > l.maxBytes) {
    throw new ChipsError(
      'TOO_LARGE',
      `${bytes.length} bytes over the limit ${l.maxBytes}`,
      undefined,
      '$',
    );
  }
  return bytes;
}

function fail(
  code: ConstructorParameters<typeof ChipsError>[0],
  message: string,
  path: string,
): never {
  throw new ChipsError(code, message, undefined, path);
}

function checkString(s: string, maxBytes: number, path: string): void {
  const problem = stringProblem(s);
  if (problem === 'surrogate') fail('INVALID_UTF8', 'string holds a lone surrogate', path);
  if (problem === 'nfc') fail('NOT_NFC', 'string is not in Unicode NFC', path);
  // Cheap bound first: UTF-8 takes at most 3 bytes per UTF-16 code unit.
  if (s.length * 3 > maxBytes && utf8Length(s) > maxBytes) {
    fail('TOO_LARGE', `string over the limit ${maxBytes} bytes`, path);
  }
}

/** Walks the value once, refusing anything the canonical profile cannot express. */
function checkValue(v: unknown, l: CanonicalLimits, depth: number, path: string): void {
  switch (typeof v) {
    case 'boolean':
      return;
    case 'number':
      if (!Number.isFinite(v)) fail('NON_FINITE', `${v} has no canonical encoding`, path);
      return;
    case 'string':
      checkString(v, l.maxStringBytes, path);
      return;
    case 'object': {
      if (v === null) return;
      if (v instanceof Uint8Array) {
        if (v.byteLength > l.maxBinBytes)
          fail('TOO_LARGE', `bin over the limit ${l.maxBinBytes}`, path);
        return;
      }
      if (depth >= l.maxDepth) fail('TOO_DEEP', `nesting over the limit ${l.maxDepth}`, path);
      if (Array.isArray(v)) {
        if (v.length > l.maxItems) fail('TOO_LARGE', `array over the limit ${l.maxItems}`, path);
        for (let i = 0; i < v.length; i++) {
          const item: unknown = v[i];
          if (item === undefined)
            fail('UNSUPPORTED_VALUE', 'undefined array element', `${path}[${i}]`);
          checkValue(item, l, depth + 1, `${path}[${i}]`);
        }
        return;
      }
      const proto = Object.getPrototypeOf(v);
      if (proto !== Object.prototype && proto !== null) {
        fail(
          'UNSUPPORTED_VALUE',
          `${Object.prototype.toString.call(v)} is not a plain object`,
          path,
        );
      }
      const record = v as Record<string, unknown>;
      let n = 0;
      for (const key of Object.keys(record)) {
        const item = record[key];
        if (item === undefined) continue;
        n++;
        const p = `${path}.${key}`;
        if (key === '__proto__') fail('INVALID_KEY', 'the key "__proto__" is not allowed', p);
        checkString(key, l.maxStringBytes, p);
        checkValue(item, l, depth + 1, p);
      }
      if (Object.getOwnPropertySymbols(record).length > 0) {
        fail('UNSUPPORTED_VALUE', 'symbol-keyed properties', path);
      }
      if (n > l.maxItems) fail('TOO_LARGE', `map over the limit ${l.maxItems}`, path);
      return;
    }
    default:
      fail('UNSUPPORTED_VALUE', `${typeof v} is not a CanonicalValue`, path);
  }
}

/**
 * Strict decode: accepts exactly the bytes encodeCanonical writes, so
 * `encodeCanonical(decodeCanonical(b))` equals `b` for every accepted `b`.
 * Refuses non-canonical forms, truncation, trailing bytes and anything over `limits`
 * with a ChipsError carrying the byte offset.
 */
export function decodeCanonical(
  bytes: Uint8Array,
  limits?: Partial<CanonicalLimits>,
): CanonicalValue {
  const l = resolveLimits(limits);
  if (bytes.length > l.maxBytes) {
    throw new ChipsError('TOO_LARGE', `${bytes.length} bytes over the limit ${l.maxBytes}`, 0);
  }
  const r = new CanonicalReader(bytes);
  const value = readValue(r, l, 0);
  if (r.pos !== bytes.length) {
    throw new ChipsError('TRAILING_BYTES', `${bytes.length - r.pos} bytes after the value`, r.pos);
  }
  return value;
}

/** One canonical value of any type; shared with packet decoding for opaque payloads. */
export function readValue(r: CanonicalReader, l: CanonicalLimits, depth: number): CanonicalValue {
  const at = r.pos;
  const h = r.peek();
  if (h <= 0x7f || h >= 0xe0 || (h >= 0xcb && h <= 0xd3) || h === 0xca) {
    return r.readNumber();
  }
  if ((h >= 0xa0 && h <= 0xbf) || (h >= 0xd9 && h <= 0xdb)) return r.readString(l.maxStringBytes);
  if (h === 0xc0) {
    r.pos++;
    return null;
  }
  if (h === 0xc2 || h === 0xc3) return r.readBool();
  if (h >= 0xc4 && h <= 0xc6) return r.readBin(l.maxBinBytes);
  if ((h >= 0x90 && h <= 0x9f) || h === 0xdc || h === 0xdd) {
    if (depth >= l.maxDepth) r.fail('TOO_DEEP', `nesting over the limit ${l.maxDepth}`, at);
    const n = r.readArrayHeader(l.maxItems);
    const out: CanonicalValue[] = [];
    for (let i = 0; i < n; i++) out.push(readValue(r, l, depth + 1));
    return out;
  }
  if ((h >= 0x80 && h <= 0x8f) || h === 0xde || h === 0xdf) {
    if (depth >= l.maxDepth) r.fail('TOO_DEEP', `nesting over the limit ${l.maxDepth}`, at);
    const n = r.readMapHeader(l.maxItems);
    const out: Record<string, CanonicalValue> = {};
    let previous: string | undefined;
    for (let i = 0; i < n; i++) {
      const keyAt = r.pos;
      const kh = r.peek();
      if (!((kh >= 0xa0 && kh <= 0xbf) || (kh >= 0xd9 && kh <= 0xdb))) {
        r.fail('INVALID_KEY', 'map keys are strings', keyAt);
      }
      const key = r.readString(l.maxStringBytes);
      if (key === '__proto__') r.fail('INVALID_KEY', 'the key "__proto__" is not allowed', keyAt);
      if (previous !== undefined) {
        if (key === previous) r.fail('DUPLICATE_KEY', `key "${key}" repeated`, keyAt);
        if (key < previous) r.fail('KEY_ORDER', `key "${key}" after "${previous}"`, keyAt);
      }
      previous = key;
      out[key] = readValue(r, l, depth + 1);
    }
    return out;
  }
  return r.wrongType('a value', h, at);
}
