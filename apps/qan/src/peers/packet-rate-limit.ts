import type { Packet } from '@qcos/chips-codec';

/** Thousandths of a token: whole-number arithmetic for whole-millisecond clocks. */
const MILLI = 1000;

/**
 * A token bucket: holds at most `burst` tokens, starts full, and gains `perSecond` tokens a
 * second. Pure: the caller passes the time (ms) of every call; a clock going back adds nothing.
 */
export class TokenBucket {
  private milliTokens: number;
  private lastMs: number;

  constructor(
    private readonly burst: number,
    private readonly perSecond: number,
    nowMs: number,
  ) {
    if (!(burst >= 1) || !(perSecond > 0)) throw new RangeError('burst ≥ 1 and rate > 0');
    this.milliTokens = burst * MILLI;
    this.lastMs = nowMs;
  }

  /** Whole tokens available at `nowMs`. */
  available(nowMs: number): number {
    this.refill(nowMs);
    return Math.floor(this.milliTokens / MILLI);
  }

  /** Takes one token if there is one. */
  take(nowMs: number): boolean {
    this.refill(nowMs);
    if (this.milliTokens < MILLI) return false;
    this.milliTokens -= MILLI;
    return true;
  }

  private refill(nowMs: number): void {
    if (nowMs <= this.lastMs) return;
    const gained = (nowMs - this.lastMs) * this.perSecond;
    this.milliTokens = Math.min(this.burst * MILLI, this.milliTokens + gained);
    this.lastMs = nowMs;
  }
}

/** The per-peer packet limits (QAN config `peerPacket*`, `peerRegistry*`). */
export interface PacketRateLimits {
  /** Packets a peer may send at once, of any type. */
  readonly packetBurst: number;
  /** Packets a second the peer's allowance refills at. */
  readonly packetsPerSecond: number;
  /** Registry- or key-store-writing packets (HEARTBEAT, EKS_SYNC, EKS_RELAY) a peer may send at once. */
  readonly registryBurst: number;
  /** Registry-writing packets a second that allowance refills at. */
  readonly registryPerSecond: number;
}

/** Which limit refused a packet. */
export type RateRefusal = 'packets' | 'registry';

/**
 * Packet types whose every packet may become a registry record, or key-store writes (an EKS_RELAY
 * carries up to 64 announcements, each a key stored), or a QKD round to mirror (an EKS_SYNC).
 */
export const REGISTRY_WRITING: ReadonlySet<Packet['type']> = new Set([
  'HEARTBEAT',
  'EKS_SYNC',
  'EKS_RELAY',
]);

interface PeerBuckets {
  readonly packets: TokenBucket;
  readonly registry: TokenBucket;
}

/**
 * The limits of one session, one pair of buckets per node it speaks for (a DQN: itself; a relay:
 * each DQN it relays). A refused packet takes no token, so a flood cannot starve the allowance
 * beyond the refill.
 */
export class SessionRateLimiter {
  private readonly buckets = new Map<string, PeerBuckets>();

  constructor(private readonly limits: PacketRateLimits) {}

  /** Takes the tokens for one packet of `type` from `key` at `nowMs`, or says which limit refused. */
  admit(key: string, type: Packet['type'], nowMs: number): RateRefusal | undefined {
    const buckets = this.bucketsOf(key, nowMs);
    const writes = REGISTRY_WRITING.has(type);
    if (writes && buckets.registry.available(nowMs) < 1) return 'registry';
    if (!buckets.packets.take(nowMs)) return 'packets';
    if (writes) buckets.registry.take(nowMs);
    return undefined;
  }

  private bucketsOf(key: string, nowMs: number): PeerBuckets {
    let buckets = this.buckets.get(key);
    if (buckets === undefined) {
      const l = this.limits;
      buckets = {
        packets: new TokenBucket(l.packetBurst, l.packetsPerSecond, nowMs),
        registry: new TokenBucket(l.registryBurst, l.registryPerSecond, nowMs),
      };
      this.buckets.set(key, buckets);
    }
    return buckets;
  }
}
