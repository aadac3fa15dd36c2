import { QkdError } from './errors.js';

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_INDEX = new Int16Array(128).fill(-1);
for (let i = 0; i < 64; i++) B64_INDEX[B64.charCodeAt(i)] = i;

/** Standard Base64 with padding (RFC 4648 §4), the encoding ETSI GS QKD 014 uses for `key`. */
export function toBase64(bytes: Uint8Array): string {
  let s = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const x = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    s += B64[x >>> 18]! + B64[(x >>> 12) & 63]! + B64[(x >>> 6) & 63]! + B64[x & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const x = bytes[i]! << 16;
    s += `${B64[x >>> 18]!}${B64[(x >>> 12) & 63]!}==`;
  } else if (rest === 2) {
    const x = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    s += `${B64[x >>> 18]!}${B64[(x >>> 12) & 63]!}${B64[(x >>> 6) & 63]!}=`;
  }
  return s;
}

/** Strict Base64 decoding: canonical padding, no whitespace; errors name the offset. */
export function fromBase64(text: string, field = 'key'): Uint8Array {
  if (text.length % 4 !== 0)
    throw new QkdError('INVALID_REQUEST', field, 'Base64 length is not a multiple of 4');
  const pad = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((text.length / 4) * 3 - pad);
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    let x = 0;
    for (let j = 0; j < 4; j++) {
      const c = text.charCodeAt(i + j);
      const isPad = c === 61 && i + 4 === text.length && j >= 4 - pad;
      const v = isPad ? 0 : c < 128 ? B64_INDEX[c]! : -1;
      if (v < 0)
        throw new QkdError('INVALID_REQUEST', `${field}[${i + j}]`, 'not a Base64 character');
      x = (x << 6) | v;
    }
    if (o < out.length) out[o++] = x >>> 16;
    if (o < out.length) out[o++] = (x >>> 8) & 0xff;
    if (o < out.length) out[o++] = x & 0xff;
    // Canonical form: the bits under the padding must be zero.
    if (
      i + 4 === text.length &&
      ((pad === 1 && (x & 0xff) !== 0) || (pad === 2 && (x & 0xffff) !== 0))
    ) {
      throw new QkdError('INVALID_REQUEST', field, 'non-canonical Base64 padding bits');
    }
  }
  return out;
}

const HEX = '0123456789abcdef';
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** A version-4 UUID (RFC 9562) in lower-case canonical form from 16 random bytes. */
export function uuidV4(random16: Uint8Array): string {
  if (random16.length !== 16) throw new QkdError('INVALID_PARAMETER', 'random', 'needs 16 bytes');
  const b = random16.slice();
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  let s = '';
  for (let i = 0; i < 16; i++) {
    if (i === 4 || i === 6 || i === 8 || i === 10) s += '-';
    s += HEX[b[i]! >>> 4]! + HEX[b[i]! & 15]!;
  }
  return s;
}

/** True for the lower-case canonical form uuidV4 produces. */
export function isUuidV4(s: unknown): s is string {
  return typeof s === 'string' && UUID_RE.test(s);
}
