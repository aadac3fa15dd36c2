/**
 * The session exporter (docs/spec/pq-transport.md §4.1), in the manner of TLS 1.3 exporters
 * (RFC 8446 §7.5, RFC 5705): secrets for the application that both ends of one session
 * derive alike and nobody else can, because they come from the final Noise chaining key,
 * never from bytes on the wire. The handshake hash, by contrast, is public for a session
 * without an EKS key: anyone who recorded the handshake can recompute it.
 */

import { utf8 } from '../bytes.js';
import type { NoiseHash } from '../crypto/hash.js';
import { fail } from '../errors.js';

/** Label of the exporter master secret: HKDF(ck, EXPORTER_MASTER_LABEL), first output. */
export const EXPORTER_MASTER_LABEL = 'qcos exporter v1';
/** Exporter labels are 1..255 UTF-8 bytes, contexts at most 65 535 bytes. */
export const MAX_EXPORTER_LABEL = 255;
export const MAX_EXPORTER_CONTEXT = 65_535;

/**
 * HKDF-Expand (RFC 5869 §2.3) with the suite's HMAC, keyed with the exporter master secret:
 * `info = u16be(length) ‖ u8(len(label)) ‖ label ‖ u16be(len(context)) ‖ context`.
 * Fails with INVALID_ARGUMENT (field label, context or length) on a value out of range.
 */
export function expandExporterSecret(
  hash: NoiseHash,
  masterSecret: Uint8Array,
  label: string,
  context: Uint8Array,
  length: number,
): Uint8Array {
  const labelBytes = typeof label === 'string' ? utf8(label) : undefined;
  if (
    labelBytes === undefined ||
    labelBytes.length === 0 ||
    labelBytes.length > MAX_EXPORTER_LABEL
  ) {
    return fail('INVALID_ARGUMENT', 'exporter label must be 1..255 UTF-8 bytes', 'label');
  }
  if (!(context instanceof Uint8Array) || context.length > MAX_EXPORTER_CONTEXT) {
    return fail('INVALID_ARGUMENT', 'exporter context must be at most 65535 bytes', 'context');
  }
  const max = 255 * hash.hashLen;
  if (!Number.isInteger(length) || length < 1 || length > max) {
    return fail('INVALID_ARGUMENT', `exporter length must be 1..${max} bytes`, 'length');
  }
  const info = new Uint8Array(2 + 1 + labelBytes.length + 2 + context.length);
  const view = new DataView(info.buffer);
  view.setUint16(0, length, false);
  info[2] = labelBytes.length;
  info.set(labelBytes, 3);
  view.setUint16(3 + labelBytes.length, context.length, false);
  info.set(context, 5 + labelBytes.length);
  const out = new Uint8Array(length);
  let t: Uint8Array = new Uint8Array(0);
  for (let i = 1, at = 0; at < length; i++) {
    const block = new Uint8Array(t.length + info.length + 1);
    block.set(t, 0);
    block.set(info, t.length);
    block[block.length - 1] = i;
    t = hash.hmac(masterSecret, block);
    out.set(t.subarray(0, Math.min(t.length, length - at)), at);
    at += t.length;
  }
  return out;
}
