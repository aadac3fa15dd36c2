/**
 * The randomness of one pair, drawn by both of its nodes alike: uniform numbers in [0, 1) from
 * HMAC-SHA256(secret, "QCOS-PairDraws-v1" ‖ u64be(sequence) ‖ u8(block)), 53 bits from each 8
 * bytes. The secret is the contract's, sent only to its participants over their PQ sessions: both
 * ends of a pair then agree on every outcome of the pair without a message, and nobody else can
 * compute them (docs/spec/entanglement-sim.md §4).
 */
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { EntanglementError } from './errors.js';

const LABEL = new TextEncoder().encode('QCOS-PairDraws-v1');
/** Draws per HMAC block (32 bytes, 8 per draw). */
const PER_BLOCK = 4;
/** Most draws of one pair (every sampler of the package needs at most 6). */
export const MAX_PAIR_DRAWS = 64;

/** `count` uniform numbers in [0, 1) for pair `sequence` of the contract holding `secret`. */
export function pairDraws(secret: Uint8Array, sequence: number, count: number): number[] {
  if (!(secret instanceof Uint8Array) || secret.length < 32) {
    throw new EntanglementError('INVALID_PARAMETER', 'secret', 'must be at least 32 bytes');
  }
  if (!Number.isSafeInteger(sequence) || sequence < 0) {
    throw new EntanglementError('INVALID_PARAMETER', 'sequence', 'must be a non-negative integer');
  }
  if (!Number.isInteger(count) || count < 1 || count > MAX_PAIR_DRAWS) {
    throw new EntanglementError(
      'INVALID_PARAMETER',
      'count',
      `must be an integer in [1, ${MAX_PAIR_DRAWS}]`,
    );
  }
  const out: number[] = [];
  for (let block = 0; out.length < count; block++) {
    const message = new Uint8Array(LABEL.length + 9);
    message.set(LABEL);
    const view = new DataView(message.buffer);
    view.setBigUint64(LABEL.length, BigInt(sequence));
    view.setUint8(LABEL.length + 8, block);
    const mac = new DataView(hmac(sha256, secret, message).buffer);
    for (let i = 0; i < PER_BLOCK && out.length < count; i++) {
      // The top 53 bits of the 8 bytes: all 32 of the high word, then 21 of the low.
      const high = mac.getUint32(8 * i);
      const low = mac.getUint32(8 * i + 4) >>> 11;
      out.push((high * 2 ** 21 + low) / 2 ** 53);
    }
  }
  return out;
}
