import { createHash } from 'node:crypto';
import type { KeyId } from '@qcos/chips-codec';
import { DEFAULT_DECOY_SOURCE, DEFAULT_DETECTOR, runDecoyBb84 } from '@qcos/eks-qkd-sim';
import type { KeyPoolStore, PooledKey } from '@qcos/interface';

/** The QKD link the QAN assumes for its direct DQNs (the agents' defaults). */
export const LINK_DISTANCE_KM = 10;
export const FIBRE_LOSS_DB_PER_KM = 0.2;
/** Pulses per round, the agents' round size. */
export const PULSES_PER_ROUND = 2 ** 20;
const KEY_BYTES = 32;

/** SHA-256("qcos/eks-round/v1" ‖ handshakeHash ‖ u32be(round)): both ends' seed of a round. */
export function eksRoundSeed(handshakeHash: Uint8Array, round: number): Uint8Array {
  const r = Buffer.alloc(4);
  r.writeUInt32BE(round >>> 0);
  return new Uint8Array(
    createHash('sha256').update('qcos/eks-round/v1').update(handshakeHash).update(r).digest(),
  );
}

/** key_ID of the `index`-th key of a round: a v4 UUID from SHA-256(seed ‖ "key" ‖ u32be(index)). */
export function eksKeyId(seed: Uint8Array, index: number): KeyId {
  const r = Buffer.alloc(4);
  r.writeUInt32BE(index >>> 0);
  const h = createHash('sha256').update(seed).update('key').update(r).digest();
  h[6] = ((h[6] as number) & 0x0f) | 0x40;
  h[8] = ((h[8] as number) & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}` as KeyId;
}

interface PendingRound {
  readonly handshakeHash: Uint8Array;
  readonly round: number;
  readonly keyIds: readonly string[];
}

/**
 * The QAN's end of each direct node's QKD link. The agent runs decoy-state BB84 rounds seeded
 * from the session's handshake hash and announces the key_IDs it distilled; the QAN runs the same
 * eks-qkd-sim round (as Bob) when keys are needed, keeps the keys whose IDs the agent announced,
 * and stores them in the node's ETSI GS QKD 014 pool. Rounds are run lazily (on a key request)
 * because one costs as much CPU as on the agent. Nodes behind a relay share their keys with the
 * relay, not with this QAN, and get no pool here.
 */
export class EksKeyMirror {
  private readonly latest = new Map<string, PendingRound>();

  constructor(private readonly pools: KeyPoolStore) {}

  /** A stable EKS_SYNC of round `round` on a session with `handshakeHash`. */
  stableRound(
    alias: string,
    handshakeHash: Uint8Array,
    round: number,
    keyIds: readonly string[],
  ): void {
    this.latest.set(alias, { handshakeHash, round, keyIds });
  }

  /** The EKS was lost: its keys can no longer be trusted. */
  async lost(alias: string): Promise<void> {
    this.latest.delete(alias);
    await this.pools.clear(alias);
  }

  /** Runs the last announced round and stores the keys both ends hold; returns how many. */
  async materialise(alias: string, nowMs: number): Promise<number> {
    const pending = this.latest.get(alias);
    if (pending === undefined) return 0;
    this.latest.delete(alias);
    const seed = eksRoundSeed(pending.handshakeHash, pending.round);
    const outcome = runDecoyBb84({
      link: {
        source: DEFAULT_DECOY_SOURCE,
        fibre: { distanceKm: LINK_DISTANCE_KM, lossDbPerKm: FIBRE_LOSS_DB_PER_KM },
        detector: DEFAULT_DETECTOR,
        attack: { kind: 'none' },
      },
      pulses: PULSES_PER_ROUND,
      seed,
    });
    if (outcome.report.abortReason !== undefined) return 0;
    const announced = new Set(pending.keyIds);
    const keys: PooledKey[] = [];
    for (let i = 0; (i + 1) * KEY_BYTES <= outcome.bobKey.length; i++) {
      const keyId = eksKeyId(seed, i);
      if (announced.has(keyId))
        keys.push({ keyId, key: outcome.bobKey.slice(i * KEY_BYTES, (i + 1) * KEY_BYTES) });
    }
    await this.pools.add(alias, keys, nowMs);
    return keys.length;
  }
}
