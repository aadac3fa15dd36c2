import type { EksRelayAnnouncement, EksSyncBody } from '@qcos/chips-codec';
import { openRelayedKey } from '@qcos/eks-qkd-sim';
import { type KeyPoolStore, type PooledKey, StoreError } from '@qcos/interface';
import type { HopRoundOutcome, RelayHopKeys } from './relay-hop-keys.js';

/** Why an EKS_RELAY packet was refused: the stable prefix of its NACK detail (docs/spec/chips.md §5). */
export type RelayRefusalCode =
  | 'RELAY_NODE_NOT_SERVED'
  | 'RELAY_HOP_KEY_UNKNOWN'
  | 'RELAY_NODE_KEY_KNOWN';

export type RelayIntakeOutcome =
  | { readonly ok: true; readonly stored: number }
  | { readonly ok: false; readonly code: RelayRefusalCode; readonly detail: string };

/** One relay session: whose announcements, and the session's secret EKS binding. */
export interface RelaySession {
  readonly relay: string;
  readonly sessionBinding: Uint8Array;
}

const refuse = (code: RelayRefusalCode, detail: string): RelayIntakeOutcome => ({
  ok: false,
  code,
  detail: `${code} ${detail}`,
});

/**
 * Turns a trusted-node relay's announcements into keys of the nodes behind it
 * (docs/spec/eks-qkd-sim.md §9.2). For each announcement M = K_node ⊕ K_hop, where K_hop is a key
 * of the relay's own hop to this QAN (RelayHopKeys), the QAN recovers K_node = K_hop ⊕ M
 * (eks-qkd-sim's openRelayedKey) and stores it in the node's ETSI GS QKD 014 pool under the node
 * key id, so the node and the QAN share it without a QKD link of their own.
 *
 * Work is serialised per relay: a hop round (a QKD simulation) and the announcements that use its
 * keys are handled in the order they arrived on the session, and each waits for the event loop
 * to turn first, so a packet handler never runs a round inline.
 */
export class RelayKeyIntake {
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(
    private readonly hopKeys: RelayHopKeys,
    private readonly pools: KeyPoolStore,
    private readonly now: () => number,
  ) {}

  /**
   * A stable round of the relay's own hop: mirrored; resolves with the keys kept, or why it was
   * ignored ('not-forward', 'too-fast': RelayHopKeys.stableRound).
   */
  hopRound(session: RelaySession, body: EksSyncBody): Promise<HopRoundOutcome> {
    return this.enqueue(session.relay, () =>
      this.hopKeys.stableRound(
        session.relay,
        session.sessionBinding,
        body.round,
        body.link,
        body.keyIds,
      ),
    );
  }

  /**
   * One EKS_RELAY packet. Every announcement must name a node `serves` admits and an unused hop
   * key of this session, else the packet is refused and nothing is used or stored. Then the hop
   * keys are spent (one-time pads) and each node's keys are added to its pool in one batch; a
   * node key id already stored (a replay) refuses that batch and the ones after it.
   */
  announce(
    session: RelaySession,
    announcements: readonly EksRelayAnnouncement[],
    serves: (node: string) => boolean,
  ): Promise<RelayIntakeOutcome> {
    return this.enqueue(session.relay, async () => {
      const { relay, sessionBinding } = session;
      const pads = new Set<string>();
      for (const a of announcements) {
        if (!serves(a.node)) return refuse('RELAY_NODE_NOT_SERVED', a.node);
        // A hop key named twice would pad two node keys (the decoder refuses that already).
        if (pads.has(a.hopKeyId) || !this.hopKeys.holds(relay, sessionBinding, a.hopKeyId))
          return refuse('RELAY_HOP_KEY_UNKNOWN', a.hopKeyId);
        pads.add(a.hopKeyId);
      }
      const byNode = new Map<string, PooledKey[]>();
      for (const a of announcements) {
        const hopKey = this.hopKeys.take(relay, sessionBinding, a.hopKeyId)!;
        const key = openRelayedKey(hopKey, [a.announcement]);
        byNode.set(a.node, [...(byNode.get(a.node) ?? []), { keyId: a.nodeKeyId, key }]);
      }
      return this.store(byNode);
    });
  }

  private async store(byNode: Map<string, PooledKey[]>): Promise<RelayIntakeOutcome> {
    let stored = 0;
    for (const [node, keys] of byNode) {
      try {
        await this.pools.add(node, keys, this.now());
      } catch (error) {
        if (error instanceof StoreError && error.code === 'STORE_CONFLICT')
          return refuse('RELAY_NODE_KEY_KNOWN', String(error.details.keyId ?? node));
        throw error;
      }
      stored += keys.length;
    }
    return { ok: true, stored };
  }

  private enqueue<T>(relay: string, job: () => T | Promise<T>): Promise<T> {
    const previous = this.queues.get(relay) ?? Promise.resolve();
    const next = previous
      .catch(() => {})
      .then(() => new Promise<void>((resolve) => setImmediate(resolve)))
      .then(job);
    this.queues.set(relay, next);
    // The queue of an idle relay is dropped once its last job settles.
    const clear = () => {
      if (this.queues.get(relay) === next) this.queues.delete(relay);
    };
    next.then(clear, clear);
    return next;
  }
}
