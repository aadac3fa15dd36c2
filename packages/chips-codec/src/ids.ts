/**
 * Identifiers carried as raw bytes on the wire and as lower-case hex in memory, so that
 * each has exactly one text form (no case or dash variants) and one byte form.
 */

import type { Quid } from '@qcos/identity';

/**
 * A node id: the quid of the node's public key, 16 lower-case hex chars (8 bytes on the wire).
 * It is @qcos/identity's `Quid` under the name packets use, so a quid is a node id and back.
 * Only the type is imported: the codec does not load the signature code.
 */
export type NodeId = Quid;
/** A packet or job id: 32 lower-case hex chars (16 bytes on the wire); also a valid `/jobs/<id>`. */
export type PacketId = string & { readonly __brand: 'PacketId' };
/** An ETSI GS QKD 014 key_ID: a lower-case UUID `8-4-4-4-12` (16 bytes on the wire). */
export type KeyId = string & { readonly __brand: 'KeyId' };

export const NODE_ID_BYTES = 8;
export const PACKET_ID_BYTES = 16;
export const KEY_ID_BYTES = 16;

const NODE_ID_RE = /^[0-9a-f]{16}$/;
const PACKET_ID_RE = /^[0-9a-f]{32}$/;
const KEY_ID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The same check as @qcos/identity's `isQuid`. */
export function isNodeId(v: unknown): v is NodeId {
  return typeof v === 'string' && NODE_ID_RE.test(v);
}

export function isPacketId(v: unknown): v is PacketId {
  return typeof v === 'string' && PACKET_ID_RE.test(v);
}

export function isKeyId(v: unknown): v is KeyId {
  return typeof v === 'string' && KEY_ID_RE.test(v);
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Lower-case hex of bytes[start, end). */
export function hexOf(bytes: Uint8Array, start: number, end: number): string {
  let s = '';
  for (let i = start; i < end; i++) s += HEX[bytes[i]!];
  return s;
}

function nibble(c: number): number {
  return c <= 0x39 ? c - 0x30 : c - 0x57; // '0'..'9', 'a'..'f' (input already checked)
}

/** Bytes of a checked lower-case hex string (dashes skipped, for key ids). */
export function bytesOfHex(hex: string, length: number): Uint8Array {
  const out = new Uint8Array(length);
  let j = 0;
  for (let i = 0; i < hex.length; i += 2) {
    if (hex.charCodeAt(i) === 0x2d) i++;
    out[j++] = (nibble(hex.charCodeAt(i)) << 4) | nibble(hex.charCodeAt(i + 1));
  }
  return out;
}

/** Value of a lower-case hex digit, or -1. */
function hexDigit(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

/**
 * Bytes of `s` if it is exactly `length` bytes in lower-case hex, else undefined: the check and
 * the conversion in one pass (packet encoding does this for every id it writes).
 */
export function lowerHexBytes(s: unknown, length: number): Uint8Array | undefined {
  if (typeof s !== 'string' || s.length !== 2 * length) return undefined;
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) {
    const hi = hexDigit(s.charCodeAt(2 * i));
    const lo = hexDigit(s.charCodeAt(2 * i + 1));
    if (hi < 0 || lo < 0) return undefined;
    out[i] = (hi << 4) | lo;
  }
  return out;
}

/** `8-4-4-4-12` form of 16 bytes. */
export function uuidOf(bytes: Uint8Array, start: number): KeyId {
  const h = hexOf(bytes, start, start + 16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}` as KeyId;
}
