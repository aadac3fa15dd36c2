import type { EksSyncLink } from '@qcos/chips-codec';
import {
  type EksLink,
  EksLinkClock,
  type EksRoundKey,
  eksLinkOfWire,
  eksRoundKeys,
  eksRoundSeed,
} from '@qcos/eks-qkd-sim';
import { equalBytes } from '@qcos/identity';
import { type EksRoundRunner, inThreadEksRounds } from '@qcos/runtime';

/**
 * Hop keys held per relay session. A round arriving while this many wait is not run (an honest
 * relay runs a round only while fewer than 64 of its hop keys wait), so a relay cannot make the
 * QAN simulate rounds faster than node keys flow; beyond it the oldest keys are dropped.
 */
export const MAX_HOP_KEYS_PER_RELAY = 1024;

/**
 * The QAN's end of one EKS round: Bob's keys of round `seed` over `link` (none if it aborts),
 * or undefined when the round was not run (the worker pool refused it).
 */
export type HopRoundRunner = (
  seed: Uint8Array,
  link: EksLink,
) => Promise<EksRoundKey[] | undefined>;

/** Bob's rounds on `rounds` (the QAN's EKS round worker pool; in-thread in unit tests). */
export function bobRound(rounds: EksRoundRunner = inThreadEksRounds()): HopRoundRunner {
  return async (seed, link) => {
    const result = await rounds.run(seed, link, 'bob');
    if (!result.ok) return undefined;
    return result.outcome.ok ? eksRoundKeys(seed, result.outcome.key) : [];
  };
}

/** Keys kept from a relay's hop round, or why it was ignored without running. */
export type HopRoundOutcome = number | 'not-forward' | 'too-fast';

interface HopSession {
  readonly sessionBinding: Uint8Array;
  /** The highest round accepted on the session; a round at or below it is ignored. */
  lastRound: number;
  /** Unused hop keys by key_ID, oldest first (Map keeps insertion order). */
  readonly keys: Map<string, Uint8Array>;
  /** Link time the session's rounds may use: no round is run faster than its source runs. */
  readonly clock: EksLinkClock;
}

/**
 * The QAN's end of each relay's own EKS link (the relay–QAN hop of a trusted-node relay). The
 * relay runs rounds on its QAN session exactly as a node does (eks-qkd-sim's round contract,
 * seeded from the session's secret EKS binding) and names each in an EKS_SYNC of its own; the QAN
 * runs the same round as Bob and holds the announced keys until an EKS_RELAY announcement uses
 * one. Each hop key pads one node key only: `take` hands it out once and forgets it. A new
 * session (another binding) starts afresh: the old session's keys are dropped with it.
 */
export class RelayHopKeys {
  private readonly relays = new Map<string, HopSession>();

  /** Rounds the worker pool refused (full or stopping): their keys are never held. */
  refusedRounds = 0;
  /** Rounds announced faster than their link time passes (EksLinkClock): ignored, counted here. */
  tooFastRounds = 0;

  /** `now`: the wall clock in ms the link-time budget runs on. */
  constructor(
    private readonly run: HopRoundRunner = bobRound(),
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * A stable round `round` of relay `relay`'s session bound by `sessionBinding` (its secret EKS
   * binding, never the handshake hash), over `link`: runs it and keeps the keys named `keyIds`.
   * Returns how many it kept (0 without running it while MAX_HOP_KEYS_PER_RELAY keys wait), or,
   * for a round ignored without running, 'not-forward' when its number did not move forward and
   * 'too-fast' when it came faster than its link time passes (EksLinkClock; also counted in
   * tooFastRounds). The round runs on the worker pool; a round it refuses keeps nothing (counted
   * in refusedRounds).
   */
  async stableRound(
    relay: string,
    sessionBinding: Uint8Array,
    round: number,
    link: EksSyncLink,
    keyIds: readonly string[],
  ): Promise<HopRoundOutcome> {
    const session = this.sessionOf(relay, sessionBinding);
    if (round <= session.lastRound) return 'not-forward';
    session.lastRound = round;
    if (!session.clock.admit(link.pulsesPerRound, this.now())) {
      this.tooFastRounds++;
      return 'too-fast';
    }
    if (session.keys.size >= MAX_HOP_KEYS_PER_RELAY) return 0;
    const announced = new Set(keyIds);
    const seed = eksRoundSeed(sessionBinding, round);
    const keys = await this.run(seed, eksLinkOfWire(link));
    if (keys === undefined) {
      this.refusedRounds++;
      return 0;
    }
    // A new session replaced this one while the round ran: its keys went with it.
    if (this.relays.get(relay) !== session) return 0;
    let kept = 0;
    for (const key of keys) {
      if (!announced.has(key.id) || session.keys.has(key.id)) continue;
      session.keys.set(key.id, key.key);
      kept++;
    }
    for (const id of session.keys.keys()) {
      if (session.keys.size <= MAX_HOP_KEYS_PER_RELAY) break;
      session.keys.delete(id);
    }
    return kept;
  }

  /** Whether the session holds the unused hop key `hopKeyId`. */
  holds(relay: string, sessionBinding: Uint8Array, hopKeyId: string): boolean {
    const session = this.relays.get(relay);
    return (
      session !== undefined &&
      equalBytes(session.sessionBinding, sessionBinding) &&
      session.keys.has(hopKeyId)
    );
  }

  /** Hands out the hop key `hopKeyId` once and forgets it; undefined if unknown or used. */
  take(relay: string, sessionBinding: Uint8Array, hopKeyId: string): Uint8Array | undefined {
    if (!this.holds(relay, sessionBinding, hopKeyId)) return undefined;
    const keys = this.relays.get(relay)!.keys;
    const key = keys.get(hopKeyId);
    keys.delete(hopKeyId);
    return key;
  }

  /** Unused hop keys of the relay's current session. */
  stock(relay: string): number {
    return this.relays.get(relay)?.keys.size ?? 0;
  }

  private sessionOf(relay: string, sessionBinding: Uint8Array): HopSession {
    const current = this.relays.get(relay);
    if (current !== undefined && equalBytes(current.sessionBinding, sessionBinding)) return current;
    const fresh: HopSession = {
      sessionBinding,
      lastRound: -1,
      keys: new Map(),
      clock: new EksLinkClock(this.now()),
    };
    this.relays.set(relay, fresh);
    return fresh;
  }
}
