/**
 * Byte helpers: lower-case hex in and out, constant-time comparison, concatenation.
 * Hex is the one text form of keys, seeds, hashes and quids across the network.
 */

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Lower-case hex of `bytes`. */
export function toHex(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += HEX[bytes[i] as number];
  return s;
}

/** Value of a hex digit (either case), or -1. */
function digit(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30; // 0-9
  if (c >= 0x61 && c <= 0x66) return c - 0x57; // a-f
  if (c >= 0x41 && c <= 0x46) return c - 0x37; // A-F
  return -1;
}

/** True when `hex` is an even-length string of hex digits (either case). */
export function isHex(hex: unknown): hex is string {
  if (typeof hex !== 'string' || hex.length % 2 !== 0) return false;
  for (let i = 0; i < hex.length; i++) if (digit(hex.charCodeAt(i)) < 0) return false;
  return true;
}

/**
 * Bytes of an even-length hex string (either case). Strict: anything else throws a RangeError,
 * never a partial decode.
 */
export function fromHex(hex: string): Uint8Array {
  if (typeof hex !== 'string' || hex.length % 2 !== 0) {
    throw new RangeError('hex string must have an even length');
  }
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) {
    const hi = digit(hex.charCodeAt(2 * i));
    const lo = digit(hex.charCodeAt(2 * i + 1));
    if (hi < 0 || lo < 0)
      throw new RangeError(`not a hex digit at offset ${hi < 0 ? 2 * i : 2 * i + 1}`);
    out[i] = (hi << 4) | lo;
  }
  return out;
}

/** Equal length and content. Constant-time for equal lengths: no branch on the bytes. */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] as number) ^ (b[i] as number);
  return diff === 0;
}

/** The parts one after another, in a new array. */
export function concat(...parts: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const p of parts) length += p.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}
