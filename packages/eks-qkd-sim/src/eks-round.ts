import { sha256 } from '@noble/hashes/sha2.js';
import { uuidV4 } from './codec.js';
import { checkInteger, QkdError } from './errors.js';

/**
 * How both ends of an EKS link name a QKD round and the keys it yields (docs/spec/eks-qkd-sim.md §9.1).
 * Neither end sends the seed or the keys: each derives the same seed from what the session
 * already shares, runs the same deterministic round, and names the keys alike, so an EKS_SYNC
 * only has to carry the round number, the link and the key_IDs.
 */

/** Domain separation of the round seed; the version lets a later derivation never collide. */
export const EKS_ROUND_LABEL = 'qcos/eks-round/v1';
/** Keys are cut in 256-bit units, the default key size of an ETSI GS QKD 014 pool. */
export const EKS_KEY_BYTES = 32;
/** Round numbers and key indices are written as u32be. */
export const MAX_EKS_ROUND = 0xffff_ffff;

const LABEL_BYTES = new TextEncoder().encode(EKS_ROUND_LABEL);
const KEY_LABEL_BYTES = new TextEncoder().encode('key');

function u32be(n: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, n, false);
  return b;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function checkBytes(field: string, value: unknown): Uint8Array {
  if (!(value instanceof Uint8Array))
    throw new QkdError('INVALID_PARAMETER', field, 'must be bytes');
  return value;
}

/**
 * The seed of round `round` on a session: SHA-256(EKS_ROUND_LABEL ‖ sessionBinding ‖ u32be(round)).
 *
 * `sessionBinding` is a value both ends of the session hold and nobody else does: it must be
 * secret session material (a PQ session's exporter output, docs/spec/pq-transport.md §4.1),
 * never the handshake hash or anything else a passive observer can recompute from the wire,
 * since the round is deterministic from the seed. Never log it. Round numbers
 * count the rounds of one session from 0 (the n-th EKS_SYNC the node sends on the session, which
 * carries the number).
 */
export function eksRoundSeed(sessionBinding: Uint8Array, round: number): Uint8Array {
  checkBytes('sessionBinding', sessionBinding);
  checkInteger('round', round, 0, MAX_EKS_ROUND);
  return sha256(concat(LABEL_BYTES, sessionBinding, u32be(round)));
}

/**
 * key_ID of the `index`-th key a round yields: the version-4 UUID (RFC 9562 bits set) made from
 * the first 16 bytes of SHA-256(seed ‖ "key" ‖ u32be(index)).
 */
export function eksKeyId(seed: Uint8Array, index: number): string {
  checkBytes('seed', seed);
  checkInteger('index', index, 0, MAX_EKS_ROUND);
  return uuidV4(sha256(concat(seed, KEY_LABEL_BYTES, u32be(index))).subarray(0, 16));
}

/** One named key of a round. */
export interface EksRoundKey {
  readonly id: string;
  readonly key: Uint8Array;
}

/**
 * The keys of a round: the distilled key cut into whole EKS_KEY_BYTES units, in order, the
 * i-th named eksKeyId(seed, i). A tail shorter than one unit is dropped.
 */
export function eksRoundKeys(seed: Uint8Array, distilled: Uint8Array): EksRoundKey[] {
  checkBytes('distilled', distilled);
  const keys: EksRoundKey[] = [];
  for (let i = 0; (i + 1) * EKS_KEY_BYTES <= distilled.length; i++) {
    keys.push({
      id: eksKeyId(seed, i),
      key: distilled.slice(i * EKS_KEY_BYTES, (i + 1) * EKS_KEY_BYTES),
    });
  }
  return keys;
}
