/**
 * The subset of Go's encoding/json (json.Marshal, HTML escaping on) that the Quidnug v1.0
 * signable bytes depend on. JSON.stringify differs in three places that matter: Go escapes
 * <, >, &, U+2028 and U+2029; Go sorts map keys by their UTF-8 bytes; Go writes -0 as "-0".
 * Both print float64 as the shortest round-tripping decimal, switching to exponent form
 * below 1e-6 and from 1e21 with the same exponent style (e-7, e+21).
 */
import { TrustGraphError } from './errors.js';

export type GoJsonValue =
  | null
  | boolean
  | number
  | string
  | readonly GoJsonValue[]
  | { readonly [key: string]: GoJsonValue };

const HEX = '0123456789abcdef';

/** A Go string literal as json.Marshal writes it (escapeHTML = true, Go ≥ 1.22 escapes). */
export function goJsonString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) {
      if (c === 0x22) out += '\\"';
      else if (c === 0x5c) out += '\\\\';
      else if (c === 0x3c || c === 0x3e || c === 0x26 || c < 0x20) {
        if (c === 0x0a) out += '\\n';
        else if (c === 0x0d) out += '\\r';
        else if (c === 0x09) out += '\\t';
        else if (c === 0x08) out += '\\b';
        else if (c === 0x0c) out += '\\f';
        else out += `\\u00${HEX[c >> 4]}${HEX[c & 15]}`;
      } else out += s[i];
      continue;
    }
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        out += s.slice(i, i + 2);
        i++;
      } else out += '\\ufffd'; // lone surrogate: Go sees invalid UTF-8
      continue;
    }
    if (c >= 0xdc00 && c <= 0xdfff) out += '\\ufffd';
    else if (c === 0x2028) out += '\\u2028';
    else if (c === 0x2029) out += '\\u2029';
    else out += s[i];
  }
  return `${out}"`;
}

/** A float64 as json.Marshal writes it. NaN and ±Infinity are errors in Go too. */
export function goJsonFloat(x: number, field = 'value'): string {
  if (!Number.isFinite(x))
    throw new TrustGraphError('UNSUPPORTED_VALUE', field, 'NaN/Infinity have no JSON form');
  if (Object.is(x, -0)) return '-0';
  // ECMAScript Number::toString and Go's strconv 'f'/'e' shortest forms agree on binary64,
  // including the thresholds (1e-6, 1e21) and the exponent spelling after Go's cleanup.
  return String(x);
}

/** An int64 field: only safe integers are accepted, printed in decimal. */
export function goJsonInt(x: number, field = 'value'): string {
  if (!Number.isSafeInteger(x))
    throw new TrustGraphError('UNSUPPORTED_VALUE', field, 'must be a safe integer');
  return String(x);
}

const utf8 = new TextEncoder();

function compareUtf8(a: string, b: string): number {
  const x = utf8.encode(a);
  const y = utf8.encode(b);
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) if (x[i] !== y[i]) return (x[i] as number) - (y[i] as number);
  return x.length - y.length;
}

/** Any decoded JSON value as Go re-marshals an interface{} holding it (maps sorted). */
export function goJsonValue(v: GoJsonValue, field = 'value', depth = 0): string {
  if (depth > 32) throw new TrustGraphError('UNSUPPORTED_VALUE', field, 'nested deeper than 32');
  if (v === null) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return goJsonFloat(v, field);
  if (typeof v === 'string') return goJsonString(v);
  if (Array.isArray(v))
    return `[${v.map((x, i) => goJsonValue(x, `${field}[${i}]`, depth + 1)).join(',')}]`;
  if (typeof v === 'object') {
    const obj = v as { readonly [key: string]: GoJsonValue };
    const keys = Object.keys(obj).sort(compareUtf8);
    return `{${keys.map((k) => `${goJsonString(k)}:${goJsonValue(obj[k] as GoJsonValue, `${field}.${k}`, depth + 1)}`).join(',')}}`;
  }
  throw new TrustGraphError('UNSUPPORTED_VALUE', field, `no JSON form for ${typeof v}`);
}
