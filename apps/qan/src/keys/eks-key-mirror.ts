import type { EksSyncLink } from '@qcos/chips-codec';
import { EksLinkClock, eksLinkOfWire, eksRoundKeys, eksRoundSeed } from '@qcos/eks-qkd-sim';
import type { KeyPoolStore, PooledKey } from '@qcos/interface';
import { type EksRoundRunner, inThreadEksRounds } from '@qcos/runtime';

interface PendingRound {
  readonly round: number;
  readonly link: EksSyncLink;
  readonly keyIds: readonly string[];
}

interface MirroredSession {
  readonly sessionBinding: Uint8Array;
  /** The highest round number seen on the session; a sync at or below it is ignored. */
  lastRound: number;
  pending: PendingRound | undefined;
  /** Link time the session's rounds may use: no round is mirrored faster than its source runs. */
  readonly clock: EksLinkClock;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/**
 * The QAN's end of each direct node's QKD link. The agent runs decoy-state BB84 rounds seeded
 * from the session (eks-qkd-sim's round contract) and announces, in EKS_SYNC, the round number,
 * the link it ran over and the key_IDs it distilled; the QAN runs the same round over the same
 * link (as Bob) when keys are needed, keeps the keys whose IDs the agent announced, and stores
 * them in the node's ETSI GS QKD 014 pool. Rounds are run lazily (on a key request) because one
 * costs as much CPU as on the agent. A round number that does not move forward on its session
 * (a replayed, repeated or reordered EKS_SYNC) is ignored: nothing is re-derived. Nodes behind a
 * relay run their rounds with the relay, not with this QAN, so this mirror derives nothing for
 * them; their pools are filled from the relay's trusted-node announcements instead
 * (RelayKeyIntake, over the relay hop's keys of RelayHopKeys). Rounds run on `rounds`, the QAN's
 * EKS round worker pool, never on the event loop; a round the pool refuses (full or stopping)
 * stays pending for the next key request, which meanwhile finds the pool short (KEYS_EXHAUSTED).
 */
export class EksKeyMirror {
  private readonly sessions = new Map<string, MirroredSession>();

  /** Rounds the pool refused (full or stopping): left pending, counted here. */
  refusedRounds = 0;
  /** Rounds announced faster than their link time passes (EksLinkClock): ignored, counted here. */
  tooFastRounds = 0;

  /**
   * `rounds`: the EKS round worker pool (in-thread only in unit tests); `now`: the wall clock in
   * ms the link-time budget runs on.
   */
  constructor(
    private readonly pools: KeyPoolStore,
    private readonly rounds: EksRoundRunner = inThreadEksRounds(),
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Whether round `round` would move the session bound by `sessionBinding` forward (a new
   * session always does), without recording it: what stableRound and lost would accept.
   */
  movesForward(alias: string, sessionBinding: Uint8Array, round: number): boolean {
    const session = this.sessions.get(alias);
    return (
      session === undefined ||
      !sameBytes(session.sessionBinding, sessionBinding) ||
      round > session.lastRound
    );
  }

  /**
   * Whether round `round` moves the session bound by `sessionBinding` forward; records it if so.
   * A session with another binding (a new session) starts afresh.
   */
  private advance(alias: string, sessionBinding: Uint8Array, round: number): boolean {
    const session = this.sessions.get(alias);
    if (session === undefined || !sameBytes(session.sessionBinding, sessionBinding)) {
      const clock = new EksLinkClock(this.now());
      this.sessions.set(alias, { sessionBinding, lastRound: round, pending: undefined, clock });
      return true;
    }
    if (round <= session.lastRound) return false;
    session.lastRound = round;
    return true;
  }

  /**
   * A stable EKS_SYNC of round `round` over `link` on the session bound by `sessionBinding` (the
   * session's secret EKS binding, PeerIdentity.eksBinding; never its public handshake hash).
   * Returns 'not-forward' when the round did not move forward, 'too-fast' when its link time
   * does not fit the session's budget (the node's source would have to run faster than the EKS
   * link's 1 MHz): both ignored, the pending round kept.
   */
  stableRound(
    alias: string,
    sessionBinding: Uint8Array,
    round: number,
    link: EksSyncLink,
    keyIds: readonly string[],
  ): 'mirrored' | 'not-forward' | 'too-fast' {
    if (!this.advance(alias, sessionBinding, round)) return 'not-forward';
    const session = this.sessions.get(alias)!;
    if (!session.clock.admit(link.pulsesPerRound, this.now())) {
      this.tooFastRounds++;
      return 'too-fast';
    }
    session.pending = { round, link, keyIds };
    return 'mirrored';
  }

  /**
   * The EKS was lost in round `round`: its keys can no longer be trusted. Returns false when the
   * round did not move forward and was ignored.
   */
  async lost(alias: string, sessionBinding: Uint8Array, round: number): Promise<boolean> {
    if (!this.advance(alias, sessionBinding, round)) return false;
    this.sessions.get(alias)!.pending = undefined;
    await this.pools.clear(alias);
    return true;
  }

  /** Key_IDs announced for `alias` and not yet distilled here (ETSI 014 status counts them). */
  announcedKeyCount(alias: string): number {
    return this.sessions.get(alias)?.pending?.keyIds.length ?? 0;
  }

  /** Runs the last announced round and stores the keys both ends hold; returns how many. */
  async materialise(alias: string, nowMs: number): Promise<number> {
    const session = this.sessions.get(alias);
    const pending = session?.pending;
    if (session === undefined || pending === undefined) return 0;
    session.pending = undefined;
    const seed = eksRoundSeed(session.sessionBinding, pending.round);
    const result = await this.rounds.run(seed, eksLinkOfWire(pending.link), 'bob');
    if (!result.ok) {
      this.refusedRounds++;
      // Still pending unless a newer sync replaced it meanwhile.
      if (this.sessions.get(alias) === session && session.pending === undefined)
        session.pending = pending;
      return 0;
    }
    const outcome = result.outcome;
    if (!outcome.ok) return 0;
    const announced = new Set(pending.keyIds);
    const keys: PooledKey[] = eksRoundKeys(seed, outcome.key)
      .filter((k) => announced.has(k.id))
      .map((k) => ({ keyId: k.id, key: k.key }));
    await this.pools.add(alias, keys, nowMs);
    return keys.length;
  }
}
