/**
 * Handshake framing. The first message carries a clear header (version, suite, EKS key
 * id) that both sides put into the Noise prologue, and two MACs in the WireGuard style
 * that a responder checks before any KEM work (see dos/cookie.ts).
 *
 *   message 1:  u8 type=0x01 ‖ u8 version=1 ‖ u8 suite ‖ u8 L ‖ eksKeyId[L] ‖ noise ‖ mac1[16] ‖ mac2[16]
 *   message n:  u8 type=0x02 ‖ noise
 *   cookie:     u8 type=0x03 ‖ nonce[24] ‖ XChaCha20-Poly1305(cookie[16])
 */

import { sha256 } from '@noble/hashes/sha2.js';
import { concat } from '@qcos/identity';
import { utf8, utf8Decode } from '../bytes.js';
import { type NoiseHash, SHA256 } from '../crypto/hash.js';
import { fail } from '../errors.js';
import { MAX_NOISE_MESSAGE } from '../noise/handshake-state.js';
import { type Suite, suiteByte, suiteFromByte } from './suite.js';

export const PROTOCOL_VERSION = 1;
export const PROTOCOL_LABEL = 'QCOS-PQT/1';
export const TYPE_INITIATION = 0x01;
export const TYPE_HANDSHAKE = 0x02;
export const TYPE_COOKIE_REPLY = 0x03;
export const MAC_LENGTH = 16;
export const MAX_EKS_KEY_ID_LENGTH = 64;
export const MAX_APP_PROLOGUE = 1024;

export interface InitiationHeader {
  readonly suite: Suite;
  readonly eksKeyId: string | undefined;
  /** The header bytes as sent (they go into the prologue). */
  readonly bytes: Uint8Array;
}

export function encodeHeader(suite: Suite, eksKeyId: string | undefined): Uint8Array {
  const id = utf8(eksKeyId ?? '');
  if (eksKeyId !== undefined && (id.length === 0 || id.length > MAX_EKS_KEY_ID_LENGTH)) {
    fail('INVALID_ARGUMENT', 'EKS key id must be 1..64 bytes', 'eksKeyId');
  }
  return concat(Uint8Array.of(TYPE_INITIATION, PROTOCOL_VERSION, suiteByte(suite), id.length), id);
}

/** Parses the clear part of message 1. Returns the header and the Noise message between it and the MACs. */
export function parseInitiation(msg: Uint8Array): { header: InitiationHeader; noise: Uint8Array } {
  if (msg.length < 4 + 2 * MAC_LENGTH)
    fail('MALFORMED_MESSAGE', 'initiation too short', 'length', 0);
  if (msg[0] !== TYPE_INITIATION) fail('UNEXPECTED_MESSAGE', 'not an initiation', 'type', 0);
  if (msg[1] !== PROTOCOL_VERSION) fail('UNSUPPORTED_VERSION', `version ${msg[1]}`, 'version', 1);
  const suite = suiteFromByte(msg[2] as number, 2);
  const len = msg[3] as number;
  if (len > MAX_EKS_KEY_ID_LENGTH) fail('MALFORMED_MESSAGE', 'EKS key id too long', 'eksKeyId', 3);
  const end = msg.length - 2 * MAC_LENGTH;
  if (4 + len > end) fail('MALFORMED_MESSAGE', 'initiation too short', 'eksKeyId', 4);
  let eksKeyId: string | undefined;
  if (len > 0) {
    eksKeyId = utf8Decode(msg.subarray(4, 4 + len));
    if (eksKeyId === undefined) fail('MALFORMED_MESSAGE', 'EKS key id not UTF-8', 'eksKeyId', 4);
  }
  const noise = msg.subarray(4 + len, end);
  if (noise.length > MAX_NOISE_MESSAGE)
    fail('MESSAGE_TOO_LARGE', 'noise message too large', 'noise', 4 + len);
  return { header: { suite, eksKeyId, bytes: msg.slice(0, 4 + len) }, noise };
}

/** prologue = "QCOS-PQT/1" ‖ u16 len ‖ application prologue ‖ initiation header. */
export function sessionPrologue(appPrologue: Uint8Array, header: Uint8Array): Uint8Array {
  if (appPrologue.length > MAX_APP_PROLOGUE) {
    fail('INVALID_ARGUMENT', `prologue over ${MAX_APP_PROLOGUE} bytes`, 'prologue');
  }
  const len = Uint8Array.of(appPrologue.length >>> 8, appPrologue.length & 0xff);
  return concat(utf8(PROTOCOL_LABEL), len, appPrologue, header);
}

const MAC1_LABEL = utf8('mac1----');
const COOKIE_LABEL = utf8('cookie--');
const ANONYMOUS = utf8(PROTOCOL_LABEL);

/**
 * mac1 key: SHA-256("mac1----" ‖ responder static key). First contact (pqXX) has no
 * known responder key and uses the protocol label instead: mac1 then only proves the
 * sender speaks the protocol, and the cookie (mac2) carries the DoS protection.
 */
export function mac1Key(responderStatic: Uint8Array | undefined): Uint8Array {
  return sha256(concat(MAC1_LABEL, responderStatic ?? ANONYMOUS));
}

export function cookieKey(responderStatic: Uint8Array | undefined): Uint8Array {
  return sha256(concat(COOKIE_LABEL, responderStatic ?? ANONYMOUS));
}

/** HMAC-SHA256 truncated to 16 bytes; `h` lets a native SHA-256 do the work. */
export function mac(key: Uint8Array, data: Uint8Array, h: NoiseHash = SHA256): Uint8Array {
  return h.hmac(key, data).slice(0, MAC_LENGTH);
}

/** Appends mac1 and mac2 (zeros without a cookie) to header ‖ noise. */
export function sealInitiation(
  body: Uint8Array,
  mac1K: Uint8Array,
  cookie?: Uint8Array,
  h: NoiseHash = SHA256,
): Uint8Array {
  const m1 = mac(mac1K, body, h);
  const withMac1 = concat(body, m1);
  const m2 = cookie === undefined ? new Uint8Array(MAC_LENGTH) : mac(cookie, withMac1, h);
  return concat(withMac1, m2);
}

export function initiationMacs(msg: Uint8Array): { mac1: Uint8Array; mac2: Uint8Array } {
  const n = msg.length;
  return {
    mac1: msg.subarray(n - 2 * MAC_LENGTH, n - MAC_LENGTH),
    mac2: msg.subarray(n - MAC_LENGTH),
  };
}
