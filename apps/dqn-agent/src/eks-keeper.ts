import { createHash } from 'node:crypto';
import type { EksLossReason, EksSyncBody, KeyId } from '@qcos/chips-codec';
import { EKS_NOT_YET_SYNCED, type EksStatus } from './eks-status.js';

/** The simulated QKD link between this node and its QAN, as the agent announces it. */
export interface QkdChannel {
  readonly distanceKm: number;
  /** Intercept-resend fraction of an eavesdropper on the fibre (0 = none). */
  readonly eavesdropper: number;
}

/** One QKD round: a shared key, or an abort with the reason parameter estimation found. */
export type QkdRoundOutcome =
  | { readonly ok: true; readonly key: Uint8Array; readonly qber: number }
  | { readonly ok: false; readonly reason: EksLossReason; readonly qber?: number };

/** Runs one deterministic round from a 32-byte seed over a channel (eks-qkd-sim behind it). */
export type QkdRound = (seed: Uint8Array, channel: QkdChannel) => QkdRoundOutcome;

/** Keys the agent keeps (newest last); older ones are dropped, as a key pool would. */
export const MAX_POOLED_KEYS = 64;

/**
 * The seed of round `round` on a session: SHA-256("qcos/eks-round/v1" ‖
 * handshakeHash ‖ u32be(round)). Both ends hold the handshake hash, so both
 * can run the same simulated round and reach the same key or the same abort.
 */
export function eksRoundSeed(handshakeHash: Uint8Array, round: number): Uint8Array {
  const r = new Uint8Array(4);
  new DataView(r.buffer).setUint32(0, round >>> 0, false);
  return new Uint8Array(
    createHash('sha256').update('qcos/eks-round/v1').update(handshakeHash).update(r).digest(),
  );
}

/**
 * key_ID of the `index`-th key a round produced: a version-4 UUID from
 * SHA-256(seed ‖ "key" ‖ u32be(index)), so both ends name keys alike.
 */
export function eksKeyId(seed: Uint8Array, index: number): KeyId {
  const r = new Uint8Array(4);
  new DataView(r.buffer).setUint32(0, index >>> 0, false);
  const h = createHash('sha256').update(seed).update('key').update(r).digest();
  h[6] = (h[6]! & 0x0f) | 0x40;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}` as KeyId;
}

/** Keys are handed out in 256-bit units, like an ETSI 014 pool's default key size. */
const KEY_BYTES = 32;

/**
 * Keeps the node's Entangled Key State: runs a QKD round per tick over the
 * current session, pools the keys, and reports the status the heartbeat and
 * the EKS_SYNC packet carry. An abort loses the EKS (and empties the pool)
 * until a later round succeeds; a dropped link loses it with LINK_DOWN.
 */
export class EksKeeper {
  private current: EksStatus = EKS_NOT_YET_SYNCED;
  private readonly pool: { id: KeyId; key: Uint8Array }[] = [];
  private round = 0;

  constructor(private readonly runRound: QkdRound) {}

  get status(): EksStatus {
    return this.current;
  }

  /** key_IDs currently pooled, sorted. */
  keyIds(): KeyId[] {
    return this.pool.map((k) => k.id).sort();
  }

  /** Runs the next round on the session with `handshakeHash`; returns the EKS_SYNC body to send. */
  sync(handshakeHash: Uint8Array, channel: QkdChannel, now: number): EksSyncBody {
    const seed = eksRoundSeed(handshakeHash, this.round++);
    const outcome = this.runRound(seed, channel);
    if (!outcome.ok) {
      this.pool.length = 0;
      this.current = { state: 'lost', lastSyncMs: this.current.lastSyncMs, reason: outcome.reason };
      return { status: this.current, keyIds: [] };
    }
    const keys = Math.floor(outcome.key.length / KEY_BYTES);
    for (let i = 0; i < keys; i++) {
      this.pool.push({
        id: eksKeyId(seed, i),
        key: outcome.key.slice(i * KEY_BYTES, (i + 1) * KEY_BYTES),
      });
    }
    this.pool.splice(0, Math.max(0, this.pool.length - MAX_POOLED_KEYS));
    if (this.pool.length === 0) {
      this.current = {
        state: 'lost',
        lastSyncMs: this.current.lastSyncMs,
        reason: 'KEY_EXHAUSTED',
      };
      return { status: this.current, keyIds: [] };
    }
    this.current = {
      state: 'stable',
      lastSyncMs: now,
      keyBitsAvailable: this.pool.length * KEY_BYTES * 8,
    };
    return { status: this.current, keyIds: this.keyIds() };
  }

  /** The session to the QAN dropped: no QKD, no EKS. Round numbers restart with the next session. */
  linkDown(): void {
    this.pool.length = 0;
    this.round = 0;
    this.current = { state: 'lost', lastSyncMs: this.current.lastSyncMs, reason: 'LINK_DOWN' };
  }
}
