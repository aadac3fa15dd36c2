import { type EksSyncBody, type EksSyncLink, type KeyId, MAX_KEY_IDS } from '@qcos/chips-codec';
import {
  type EksLink,
  EksLinkClock,
  eksLinkOfWire,
  eksRoundSeed,
  eksWireLinkOf,
  relayKey,
} from '@qcos/eks-qkd-sim';
import { toHex } from '@qcos/identity';
import { type HopRound, hopLink, type RoundKey } from './qkd-round.js';

/** Keys held per hop, and announcements kept for readers: bounded, oldest dropped first. */
export const MAX_HOP_KEYS = 256;
export const MAX_ANNOUNCEMENTS = 256;
/** The relay–QAN hop runs a round only while it holds fewer unpaired keys than this. */
export const HOP_KEY_RESERVE = 64;

/**
 * One trusted-node relay announcement: M = K_node ⊕ K_hop, where K_node is a
 * key of the DQN–relay link and K_hop a key of the relay–QAN link. It is a
 * one-time-pad ciphertext, safe to publish; the QAN, holding K_hop, recovers
 * K_node = K_hop ⊕ M, so node and QAN share a key without a direct QKD link.
 */
export interface KeyAnnouncement {
  /** The node's id (quid), as its session authenticated it. */
  readonly node: string;
  readonly nodeKeyId: string;
  readonly hopKeyId: string;
  /** Lower-case hex of M. */
  readonly announcement: string;
}

/** One round of the relay's own hop to the QAN that yielded keys: what its EKS_SYNC announces. */
export interface HopRoundReport {
  readonly round: number;
  /** The hop link, in the wire's fixed point (the round ran over exactly eksLinkOfWire of it). */
  readonly link: EksSyncLink;
  /** key_IDs of the keys the relay kept, sorted (at most MAX_KEY_IDS). */
  readonly keyIds: readonly KeyId[];
}

/**
 * Who hears of the relay's hop rounds and new announcements (the relay, which sends them up its
 * QAN session: the round's EKS_SYNC first, so the QAN holds the hop keys before it reads M).
 */
export interface HopRelayListener {
  hopRound(report: HopRoundReport): void;
  announced(announcements: readonly KeyAnnouncement[]): void;
}

/**
 * What became of a node's EKS_SYNC at the relay: its round mirrored, ignored (no session, or the
 * round did not move forward), lost (the node's EKS was lost: nothing to mirror), too fast for its
 * link time, refused by the worker pool, or run for a session that closed meanwhile.
 */
export type NodeRoundOutcome =
  | 'mirrored'
  | 'ignored'
  | 'lost'
  | 'too-fast'
  | 'pool-refused'
  | 'session-closed';

interface Session {
  /** The session's secret EKS binding (PeerIdentity.eksBinding), which seeds its rounds. */
  readonly sessionBinding: Uint8Array;
  /**
   * Node sessions: the lowest round number still to come (a sync below it is ignored). The hop
   * session: the number of its next round.
   */
  nextRound: number;
}

/** A DQN session, whose rounds are mirrored no faster than its link time passes. */
interface NodeSession extends Session {
  readonly clock: EksLinkClock;
}

/**
 * Relays EKS keys hop by hop. For every DQN session the relay runs the same
 * QKD round as the node (the round number and link its EKS_SYNC names; a round
 * that does not move forward is ignored) and keeps the keys whose ids the node
 * announced. On its own session
 * to the QAN it runs rounds of its own, each announced to the QAN in an EKS_SYNC of the relay's
 * own so the QAN mirrors it. Each node key is then paired with one hop key and published as an
 * announcement (eks-qkd-sim's relayKey), which the relay sends to the QAN in EKS_RELAY.
 */
export class EksHopRelay {
  private readonly sessions = new Map<string, NodeSession>();
  private readonly nodeKeys: { node: string; key: RoundKey }[] = [];
  private readonly hopKeys: RoundKey[] = [];
  private readonly published: KeyAnnouncement[] = [];
  private upstream: Session | undefined;
  private readonly hop: EksLink;
  private readonly hopWire: EksSyncLink;
  private listener: HopRelayListener | undefined;
  /** Whether a round of the relay's own hop is running (one at a time, in round order). */
  private hopRoundRunning = false;
  /** Rounds the worker pool refused (full or stopping): skipped, their keys never held. */
  refusedRounds = 0;
  /** Node rounds announced faster than their link time passes (EksLinkClock): not mirrored. */
  tooFastRounds = 0;

  /**
   * `distanceKm` (and `pulses`): the relay's own hop link to the QAN; `now`: the wall clock in ms
   * the node sessions' link-time budgets run on.
   */
  constructor(
    private readonly round: HopRound,
    distanceKm: number,
    pulses?: number,
    private readonly now: () => number = Date.now,
  ) {
    // The round runs over the link exactly as the wire states it, as the QAN will run it.
    this.hopWire = eksWireLinkOf(hopLink(distanceKm, pulses));
    this.hop = eksLinkOfWire(this.hopWire);
  }

  /** Hears of every hop round that yields keys and every batch of new announcements. */
  listen(listener: HopRelayListener): void {
    this.listener = listener;
  }

  /**
   * A DQN session began (its round counter starts at 0, as the node's does). `sessionBinding` is
   * the session's secret EKS binding, never its handshake hash (that one is public).
   */
  openNodeSession(node: string, sessionBinding: Uint8Array): void {
    this.sessions.set(node, { sessionBinding, nextRound: 0, clock: new EksLinkClock(this.now()) });
  }

  closeNodeSession(node: string): void {
    this.sessions.delete(node);
  }

  /**
   * The node announced round results; mirror the round over the link it names and keep the keys
   * it holds too. Returns what became of the sync (NodeRoundOutcome): 'ignored' when the session
   * is unknown or the round number did not move forward (a repeated, replayed or reordered sync),
   * and nothing is re-derived; 'too-fast' for a stable round that comes faster than its link time
   * passes (eks-qkd-sim's EksLinkClock), not run (also counted in tooFastRounds). The round runs
   * on the worker pool; one it refuses is skipped ('pool-refused', counted in refusedRounds), as
   * is one whose session closed while it ran ('session-closed').
   */
  async nodeSynced(node: string, body: EksSyncBody): Promise<NodeRoundOutcome> {
    const session = this.sessions.get(node);
    if (session === undefined || body.round < session.nextRound) return 'ignored';
    session.nextRound = body.round + 1;
    if (body.status.state !== 'stable') return 'lost';
    if (!session.clock.admit(body.link.pulsesPerRound, this.now())) {
      this.tooFastRounds++;
      return 'too-fast';
    }
    const seed = eksRoundSeed(session.sessionBinding, body.round);
    const announced = new Set<string>(body.keyIds);
    const keys = await this.round(seed, eksLinkOfWire(body.link));
    if (keys === undefined) {
      this.refusedRounds++;
      return 'pool-refused';
    }
    if (this.sessions.get(node) !== session) return 'session-closed';
    for (const key of keys) {
      if (announced.has(key.id)) this.nodeKeys.push({ node, key });
    }
    this.nodeKeys.splice(0, Math.max(0, this.nodeKeys.length - MAX_HOP_KEYS));
    this.pair();
    return 'mirrored';
  }

  /** The relay's own session to the QAN (re)started; `sessionBinding` as for openNodeSession. */
  openUpstream(sessionBinding: Uint8Array): void {
    this.upstream = { sessionBinding, nextRound: 0 };
    this.hopKeys.length = 0;
  }

  closeUpstream(): void {
    this.upstream = undefined;
    this.hopKeys.length = 0;
  }

  /**
   * Runs the next round on the relay–QAN hop, unless HOP_KEY_RESERVE keys are
   * already waiting for node keys (a round costs a QKD simulation) or the previous round is still
   * running. The round runs on the worker pool; one it refuses is skipped (its number is not
   * announced, counted in refusedRounds), as is one whose session closed while it ran.
   */
  async upstreamRound(): Promise<void> {
    const upstream = this.upstream;
    if (upstream === undefined || this.hopRoundRunning || this.hopKeys.length >= HOP_KEY_RESERVE)
      return;
    const round = upstream.nextRound++;
    const seed = eksRoundSeed(upstream.sessionBinding, round);
    this.hopRoundRunning = true;
    const ran = await this.round(seed, this.hop).finally(() => {
      this.hopRoundRunning = false;
    });
    if (ran === undefined) this.refusedRounds++;
    if (ran === undefined || this.upstream !== upstream) return;
    // An EKS_SYNC names at most MAX_KEY_IDS keys; the QAN keeps only those, so the relay does too.
    const keys = ran.slice(0, MAX_KEY_IDS);
    if (keys.length > 0) {
      const keyIds = keys.map((k) => k.id as KeyId).sort();
      this.listener?.hopRound({ round, link: this.hopWire, keyIds });
    }
    this.hopKeys.push(...keys);
    this.hopKeys.splice(0, Math.max(0, this.hopKeys.length - MAX_HOP_KEYS));
    this.pair();
  }

  announcements(): readonly KeyAnnouncement[] {
    return this.published;
  }

  get stock(): { nodeKeys: number; hopKeys: number } {
    return { nodeKeys: this.nodeKeys.length, hopKeys: this.hopKeys.length };
  }

  private pair(): void {
    const fresh: KeyAnnouncement[] = [];
    while (this.nodeKeys.length > 0 && this.hopKeys.length > 0) {
      const { node, key } = this.nodeKeys.shift()!;
      const hop = this.hopKeys.shift()!;
      const [m] = relayKey([key.key, hop.key]).announcements;
      fresh.push({ node, nodeKeyId: key.id, hopKeyId: hop.id, announcement: toHex(m!) });
    }
    this.published.push(...fresh);
    this.published.splice(0, Math.max(0, this.published.length - MAX_ANNOUNCEMENTS));
    if (fresh.length > 0) this.listener?.announced(fresh);
  }
}
