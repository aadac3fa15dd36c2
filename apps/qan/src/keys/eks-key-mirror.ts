import {
  DEFAULT_EKS_LINK,
  type EksLink,
  eksRoundKeys,
  eksRoundSeed,
  runEksRound,
} from '@qcos/eks-qkd-sim';
import type { KeyPoolStore, PooledKey } from '@qcos/interface';

interface PendingRound {
  readonly sessionBinding: Uint8Array;
  readonly round: number;
  readonly keyIds: readonly string[];
}

/**
 * The QAN's end of each direct node's QKD link. The agent runs decoy-state BB84 rounds seeded
 * from the session (eks-qkd-sim's round contract) and announces the key_IDs it distilled; the
 * QAN runs the same round (as Bob) when keys are needed, keeps the keys whose IDs the agent
 * announced, and stores them in the node's ETSI GS QKD 014 pool. Rounds are run lazily (on a key
 * request) because one costs as much CPU as on the agent. Nodes behind a relay share their keys
 * with the relay, not with this QAN, and get no pool here.
 */
export class EksKeyMirror {
  private readonly latest = new Map<string, PendingRound>();

  /** `link`: the QKD link assumed for direct DQNs (the agents' default link). */
  constructor(
    private readonly pools: KeyPoolStore,
    private readonly link: EksLink = DEFAULT_EKS_LINK,
  ) {}

  /**
   * A stable EKS_SYNC of round `round` on the session bound by `sessionBinding` (the session's
   * secret EKS binding, PeerIdentity.eksBinding; never its public handshake hash).
   */
  stableRound(
    alias: string,
    sessionBinding: Uint8Array,
    round: number,
    keyIds: readonly string[],
  ): void {
    this.latest.set(alias, { sessionBinding, round, keyIds });
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
    const seed = eksRoundSeed(pending.sessionBinding, pending.round);
    const outcome = runEksRound(seed, this.link, 'bob');
    if (!outcome.ok) return 0;
    const announced = new Set(pending.keyIds);
    const keys: PooledKey[] = eksRoundKeys(seed, outcome.key)
      .filter((k) => announced.has(k.id))
      .map((k) => ({ keyId: k.id, key: k.key }));
    await this.pools.add(alias, keys, nowMs);
    return keys.length;
  }
}
