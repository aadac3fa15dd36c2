import type { EksSyncBody, KeyId } from '@qcos/chips-codec';
import { eksKeyId, eksRoundSeed } from '@qcos/eks-qkd-sim';
import { describe, expect, it } from 'vitest';
import { EksHopRelay, HOP_KEY_RESERVE, MAX_ANNOUNCEMENTS } from '../src/eks-hop-relay.js';
import { type HopRound, honestRound } from '../src/qkd-round.js';

const NODE_HASH = new Uint8Array(32).fill(1);
const QAN_HASH = new Uint8Array(32).fill(2);

/** A stand-in round: two keys per seed, bytes derived from the seed, so both sides agree. */
const fakeRound: HopRound = (seed) =>
  [0, 1].map((i) => ({ id: eksKeyId(seed, i), key: seed.map((b) => b ^ (i + 1)) }));

const xor = (a: Uint8Array, b: Uint8Array) => a.map((x, i) => x ^ b[i]!);
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

function syncOf(round: number, state: 'stable' | 'lost' = 'stable'): EksSyncBody {
  const seed = eksRoundSeed(NODE_HASH, round);
  return state === 'stable'
    ? {
        status: { state, lastSyncMs: 1, keyBitsAvailable: 512 },
        keyIds: [eksKeyId(seed, 0), eksKeyId(seed, 1)].sort() as KeyId[],
      }
    : { status: { state, lastSyncMs: 1, reason: 'EAVESDROPPER_DETECTED' }, keyIds: [] };
}

describe('trusted-node EKS relay', () => {
  it('publishes M = K_node ⊕ K_hop, from which the QAN recovers the node key', () => {
    const relay = new EksHopRelay(fakeRound, 10);
    relay.openNodeSession('vega', NODE_HASH);
    relay.openUpstream(QAN_HASH);
    relay.nodeSynced('vega', syncOf(0));
    expect(relay.announcements()).toHaveLength(0);
    relay.upstreamRound();
    const published = relay.announcements();
    expect(published).toHaveLength(2);

    // What the node holds (its round 0) and what the QAN holds (the relay hop's round 0).
    const nodeKeys = fakeRound(eksRoundSeed(NODE_HASH, 0), 10);
    const qanKeys = fakeRound(eksRoundSeed(QAN_HASH, 0), 10);
    for (const [i, a] of published.entries()) {
      expect(a).toMatchObject({
        node: 'vega',
        nodeKeyId: nodeKeys[i]!.id,
        hopKeyId: qanKeys[i]!.id,
      });
      const recovered = xor(qanKeys[i]!.key, Buffer.from(a.announcement, 'hex'));
      expect(hex(recovered)).toBe(hex(nodeKeys[i]!.key));
    }
  });

  it('counts lost rounds, keeps only announced keys, and forgets a closed session', () => {
    const relay = new EksHopRelay(fakeRound, 10);
    relay.openNodeSession('vega', NODE_HASH);
    relay.nodeSynced('vega', syncOf(0, 'lost'));
    relay.nodeSynced('vega', { ...syncOf(1), keyIds: [syncOf(1).keyIds[0]!] });
    expect(relay.stock).toEqual({ nodeKeys: 1, hopKeys: 0 });
    relay.closeNodeSession('vega');
    relay.nodeSynced('vega', syncOf(2));
    expect(relay.stock.nodeKeys).toBe(1);
    relay.openUpstream(QAN_HASH);
    relay.upstreamRound();
    expect(relay.announcements()[0]?.nodeKeyId).toBe(eksKeyId(eksRoundSeed(NODE_HASH, 1), 0));
  });

  it('stops running hop rounds while a reserve of hop keys waits', () => {
    let rounds = 0;
    const counting: HopRound = (seed, d) => {
      rounds++;
      return fakeRound(seed, d);
    };
    const relay = new EksHopRelay(counting, 10);
    relay.openUpstream(QAN_HASH);
    for (let i = 0; i < 100; i++) relay.upstreamRound();
    expect(rounds).toBe(HOP_KEY_RESERVE / 2);
    expect(relay.stock.hopKeys).toBe(HOP_KEY_RESERVE);
  });

  it('keeps a bounded list of announcements', () => {
    const relay = new EksHopRelay(fakeRound, 10);
    relay.openNodeSession('vega', NODE_HASH);
    relay.openUpstream(QAN_HASH);
    for (let r = 0; r < MAX_ANNOUNCEMENTS; r++) {
      relay.nodeSynced('vega', syncOf(r));
      relay.upstreamRound();
    }
    expect(relay.announcements()).toHaveLength(MAX_ANNOUNCEMENTS);
  });

  it('mirrors a real decoy-BB84 round to the same keys as the node', () => {
    const keys = honestRound(2 ** 18)(eksRoundSeed(NODE_HASH, 0), 10);
    expect(keys.length).toBeGreaterThan(0);
    expect(honestRound(2 ** 18)(eksRoundSeed(NODE_HASH, 0), 10)).toEqual(keys);
  });
});
