import { createHash } from 'node:crypto';
import { DEFAULT_DECOY_SOURCE, DEFAULT_DETECTOR, runDecoyBb84 } from '@qcos/eks-qkd-sim';

/**
 * The QKD round every QCOS node runs (the DQN agent's derivation, repeated
 * here because the relay mirrors its nodes' rounds): round `r` of a session
 * uses seed SHA-256("qcos/eks-round/v1" ‖ handshakeHash ‖ u32be(r)), a
 * 2^20-pulse decoy-state BB84 run over fibre at 0.2 dB/km with eks-qkd-sim's
 * default source and detector; keys are cut in 256-bit units named
 * SHA-256(seed ‖ "key" ‖ u32be(i)) as version-4 UUIDs.
 */
export const PULSES_PER_ROUND = 2 ** 20;
export const FIBRE_LOSS_DB_PER_KM = 0.2;
export const KEY_BYTES = 32;

const u32be = (n: number): Uint8Array => {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, n >>> 0, false);
  return b;
};

export function eksRoundSeed(handshakeHash: Uint8Array, round: number): Uint8Array {
  return new Uint8Array(
    createHash('sha256')
      .update('qcos/eks-round/v1')
      .update(handshakeHash)
      .update(u32be(round))
      .digest(),
  );
}

export function eksKeyId(seed: Uint8Array, index: number): string {
  const h = createHash('sha256').update(seed).update('key').update(u32be(index)).digest();
  h[6] = (h[6]! & 0x0f) | 0x40;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** One named 256-bit key of a round. */
export interface RoundKey {
  readonly id: string;
  readonly key: Uint8Array;
}

/** The keys round `seed` yields on an honest link of `distanceKm` (none when it aborts). */
export type HopRound = (seed: Uint8Array, distanceKm: number) => RoundKey[];

export function honestRound(pulses = PULSES_PER_ROUND): HopRound {
  return (seed, distanceKm) => {
    const outcome = runDecoyBb84({
      link: {
        source: DEFAULT_DECOY_SOURCE,
        fibre: { distanceKm, lossDbPerKm: FIBRE_LOSS_DB_PER_KM },
        detector: DEFAULT_DETECTOR,
        attack: { kind: 'none' },
      },
      pulses,
      seed,
    });
    if (outcome.report.abortReason !== undefined) return [];
    const keys: RoundKey[] = [];
    for (let i = 0; (i + 1) * KEY_BYTES <= outcome.aliceKey.length; i++) {
      keys.push({
        id: eksKeyId(seed, i),
        key: outcome.aliceKey.slice(i * KEY_BYTES, (i + 1) * KEY_BYTES),
      });
    }
    return keys;
  };
}
