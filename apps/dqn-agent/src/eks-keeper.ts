import type { EksSyncBody, KeyId } from '@qcos/chips-codec';
import {
  DEFAULT_EKS_LINK,
  EKS_KEY_BYTES,
  type EksLink,
  type EksRoundOutcome,
  eksLinkOfWire,
  eksRoundKeys,
  eksRoundSeed,
  eksWireLinkOf,
} from '@qcos/eks-qkd-sim';
import { EKS_NOT_YET_SYNCED, type EksStatus } from './eks-status.js';

/** The simulated QKD link between this node and its QAN, as the agent announces it. */
export interface QkdChannel {
  readonly distanceKm: number;
  /** Intercept-resend fraction of an eavesdropper on the fibre (0 = none). */
  readonly eavesdropper: number;
}

/** One QKD round: a shared key, or an abort with the reason parameter estimation found. */
export type QkdRoundOutcome = EksRoundOutcome;

/** Runs one deterministic round from its seed over a link (eks-qkd-sim behind it). */
export type QkdRound = (seed: Uint8Array, link: EksLink) => QkdRoundOutcome;

/** What the last round measured: its QBER estimate and the key bits it added to the pool. */
export interface MeasuredRound {
  /** The QBER parameter estimation found (eks-qkd-sim's estimate, an upper bound), 0..0.5. */
  readonly qber: number;
  /** Bytes of the whole keys the round distilled (EKS_KEY_BYTES each); 0 for an aborted round. */
  readonly secretKeyBytes: number;
}

/** Keys the agent keeps (newest last); older ones are dropped, as a key pool would. */
export const MAX_POOLED_KEYS = 64;

/**
 * Keeps the node's Entangled Key State: runs a QKD round per tick over the
 * current session, pools the keys, and reports the status the heartbeat and
 * the EKS_SYNC packet carry. An abort loses the EKS (and empties the pool)
 * until a later round succeeds; a dropped link loses it with LINK_DOWN.
 */
export class EksKeeper {
  private current: EksStatus = EKS_NOT_YET_SYNCED;
  private readonly pool: { id: KeyId; key: Uint8Array }[] = [];
  /** Number of the next round on this session: the n-th EKS_SYNC sent on it runs round n. */
  private nextRound = 0;
  private measured: MeasuredRound | undefined;

  /** `pulsesPerRound`: pulses Alice sends per round (the link's default unless configured). */
  constructor(
    private readonly runRound: QkdRound,
    private readonly pulsesPerRound: number = DEFAULT_EKS_LINK.pulsesPerRound,
  ) {}

  get status(): EksStatus {
    return this.current;
  }

  /** What the last round run measured (none before the first). */
  get lastRound(): MeasuredRound | undefined {
    return this.measured;
  }

  /** key_IDs currently pooled, sorted. */
  keyIds(): KeyId[] {
    return this.pool.map((k) => k.id).sort();
  }

  /**
   * Runs the next round on the session bound by `sessionBinding` (the session's secret EKS
   * binding, PeerIdentity.eksBinding; never its public handshake hash); returns the EKS_SYNC body,
   * which names the round and the link it ran over so the other end can run the same one.
   */
  sync(sessionBinding: Uint8Array, channel: QkdChannel, now: number): EksSyncBody {
    const round = this.nextRound++;
    const seed = eksRoundSeed(sessionBinding, round);
    // The round runs over the link exactly as EKS_SYNC carries it (fixed point), so the mirror
    // reconstructs the same link bit for bit.
    const link = eksWireLinkOf({
      ...DEFAULT_EKS_LINK,
      distanceKm: channel.distanceKm,
      eavesdropper: channel.eavesdropper,
      pulsesPerRound: this.pulsesPerRound,
    });
    const outcome = this.runRound(seed, eksLinkOfWire(link));
    this.measured = { qber: outcome.qber, secretKeyBytes: 0 };
    if (!outcome.ok) {
      this.pool.length = 0;
      this.current = { state: 'lost', lastSyncMs: this.current.lastSyncMs, reason: outcome.reason };
      return { status: this.current, keyIds: [], round, link };
    }
    const keys = eksRoundKeys(seed, outcome.key);
    for (const { id, key } of keys) this.pool.push({ id: id as KeyId, key });
    this.measured = { qber: outcome.qber, secretKeyBytes: keys.length * EKS_KEY_BYTES };
    this.pool.splice(0, Math.max(0, this.pool.length - MAX_POOLED_KEYS));
    if (this.pool.length === 0) {
      this.current = {
        state: 'lost',
        lastSyncMs: this.current.lastSyncMs,
        reason: 'KEY_EXHAUSTED',
      };
      return { status: this.current, keyIds: [], round, link };
    }
    this.current = {
      state: 'stable',
      lastSyncMs: now,
      keyBitsAvailable: this.pool.length * EKS_KEY_BYTES * 8,
    };
    return { status: this.current, keyIds: this.keyIds(), round, link };
  }

  /** The session to the QAN dropped: no QKD, no EKS. Round numbers restart with the next session. */
  linkDown(): void {
    this.pool.length = 0;
    this.nextRound = 0;
    this.current = { state: 'lost', lastSyncMs: this.current.lastSyncMs, reason: 'LINK_DOWN' };
  }
}
