/**
 * Byte helpers of the transport's codecs: UTF-8 and 64-bit big-endian integers. Hex, comparison
 * and concatenation come from @qcos/identity.
 */

export const EMPTY = new Uint8Array(0);
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

export const utf8 = (s: string): Uint8Array => encoder.encode(s);

/** Strict UTF-8 decode; returns undefined on invalid sequences instead of throwing. */
export function utf8Decode(bytes: Uint8Array): string | undefined {
  try {
    return decoder.decode(bytes);
  } catch {
    // not UTF-8: the answer is undefined, never a throw
  }
  return undefined;
}

/** Writes a non-negative safe integer as 8 bytes big-endian. */
export function writeU64BE(out: Uint8Array, offset: number, value: number): void {
  const hi = Math.floor(value / 0x1_0000_0000);
  const lo = value >>> 0;
  out[offset] = hi >>> 24;
  out[offset + 1] = (hi >>> 16) & 0xff;
  out[offset + 2] = (hi >>> 8) & 0xff;
  out[offset + 3] = hi & 0xff;
  out[offset + 4] = lo >>> 24;
  out[offset + 5] = (lo >>> 16) & 0xff;
  out[offset + 6] = (lo >>> 8) & 0xff;
  out[offset + 7] = lo & 0xff;
}

/** Reads 8 bytes big-endian; values above 2^53 - 1 come back as Infinity (never valid here). */
export function readU64BE(bytes: Uint8Array, offset: number): number {
  const hi =
    (((bytes[offset] as number) << 24) |
      ((bytes[offset + 1] as number) << 16) |
      ((bytes[offset + 2] as number) << 8) |
      (bytes[offset + 3] as number)) >>>
    0;
  const lo =
    (((bytes[offset + 4] as number) << 24) |
      ((bytes[offset + 5] as number) << 16) |
      ((bytes[offset + 6] as number) << 8) |
      (bytes[offset + 7] as number)) >>>
    0;
  if (hi > 0x1f_ffff) return Number.POSITIVE_INFINITY;
  return hi * 0x1_0000_0000 + lo;
}
