import type { EksSyncBody, KeyId } from '@qcos/chips-codec';
import {
  DEFAULT_EKS_LINK,
  eksKeyId,
  eksLinkOfWire,
  eksRoundKeys,
  eksRoundSeed,
  eksWireLinkOf,
  runEksRound,
} from '@qcos/eks-qkd-sim';
import { EksRoundPool, inThreadEksRounds, startEksRoundWorker } from '@qcos/runtime';
import { describe, expect, it } from 'vitest';
import { EksHopRelay, HOP_KEY_RESERVE, MAX_ANNOUNCEMENTS } from '../src/eks-hop-relay.js';
import { type HopRound, honestRound, hopLink } from '../src/qkd-round.js';

const NODE_HASH = new Uint8Array(32).fill(1);
const QAN_HASH = new Uint8Array(32).fill(2);

/** A stand-in round: two keys per seed, bytes derived from the seed, so both sides agree. */
const fakeKeys = (seed: Uint8Array) =>
  [0, 1].map((i) => ({ id: eksKeyId(seed, i), key: seed.map((b) => b ^ (i + 1)) }));
const fakeRound: HopRound = async (seed) => fakeKeys(seed);

const xor = (a: Uint8Array, b: Uint8Array) => a.map((x, i) => x ^ b[i]!);
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

const LINK = {
  distanceM: 10_000,
  fibreLossMilliDbPerKm: 200,
  pulsesPerRound: 2 ** 20,
  eavesdropperPpm: 0,
};

function syncOf(round: number, state: 'stable' | 'lost' = 'stable'): EksSyncBody {
  const seed = eksRoundSeed(NODE_HASH, round);
  return state === 'stable'
    ? {
        status: { state, lastSyncMs: 1, keyBitsAvailable: 512 },
        keyIds: [eksKeyId(seed, 0), eksKeyId(seed, 1)].sort() as KeyId[],
        round,
        link: LINK,
      }
    : {
        status: { state, lastSyncMs: 1, reason: 'EAVESDROPPER_DETECTED' },
        keyIds: [],
        round,
        link: LINK,
      };
}

/** A node's EKS_SYNC of a real round `round` (10 km, 2^18 pulses), naming every key it kept. */
function realSync(round: number): EksSyncBody {
  const link = eksWireLinkOf({ ...DEFAULT_EKS_LINK, pulsesPerRound: 2 ** 18 });
  const seed = eksRoundSeed(NODE_HASH, round);
  const alice = runEksRound(seed, eksLinkOfWire(link), 'alice');
  if (!alice.ok) throw new Error('round aborted');
  const keyIds = eksRoundKeys(seed, alice.key).map((k) => k.id as KeyId);
  return {
    status: { state: 'stable', lastSyncMs: 1, keyBitsAvailable: keyIds.length * 256 },
    keyIds: keyIds.slice(0, 64).sort(),
    round,
    link,
  };
}

describe('trusted-node EKS relay', () => {
  it('publishes M = K_node ⊕ K_hop, from which the QAN recovers the node key', async () => {
    const relay = new EksHopRelay(fakeRound, 10);
    relay.openNodeSession('vega', NODE_HASH);
    relay.openUpstream(QAN_HASH);
    await relay.nodeSynced('vega', syncOf(0));
    expect(relay.announcements()).toHaveLength(0);
    await relay.upstreamRound();
    const published = relay.announcements();
    expect(published).toHaveLength(2);

    // What the node holds (its round 0) and what the QAN holds (the relay hop's round 0).
    const nodeKeys = fakeKeys(eksRoundSeed(NODE_HASH, 0));
    const qanKeys = fakeKeys(eksRoundSeed(QAN_HASH, 0));
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

  it('counts lost rounds, keeps only announced keys, and forgets a closed session', async () => {
    const relay = new EksHopRelay(fakeRound, 10);
    relay.openNodeSession('vega', NODE_HASH);
    expect(await relay.nodeSynced('vega', syncOf(0, 'lost'))).toBe('lost');
    expect(await relay.nodeSynced('vega', { ...syncOf(1), keyIds: [syncOf(1).keyIds[0]!] })).toBe(
      'mirrored',
    );
    expect(relay.stock).toEqual({ nodeKeys: 1, hopKeys: 0 });
    relay.closeNodeSession('vega');
    expect(await relay.nodeSynced('vega', syncOf(2))).toBe('ignored');
    expect(relay.stock.nodeKeys).toBe(1);
    relay.openUpstream(QAN_HASH);
    await relay.upstreamRound();
    expect(relay.announcements()[0]?.nodeKeyId).toBe(eksKeyId(eksRoundSeed(NODE_HASH, 1), 0));
  });

  it('tells its listener of each hop round before the announcements that use its keys', async () => {
    const relay = new EksHopRelay(fakeRound, 10);
    const heard: string[] = [];
    relay.listen({
      hopRound: (r) => heard.push(`round ${r.round} ${r.keyIds.length} ${r.link.distanceM}`),
      announced: (list) => heard.push(`announced ${list.map((a) => a.hopKeyId).join(',')}`),
    });
    relay.openNodeSession('vega', NODE_HASH);
    await relay.nodeSynced('vega', syncOf(0));
    expect(heard).toEqual([]);
    relay.openUpstream(QAN_HASH);
    await relay.upstreamRound();
    const hopIds = fakeKeys(eksRoundSeed(QAN_HASH, 0)).map((k) => k.id);
    expect(heard).toEqual([`round 0 2 10000`, `announced ${hopIds.join(',')}`]);
    // The round's EKS_SYNC names its keys sorted, as every EKS_SYNC does.
    let ids: readonly string[] = [];
    relay.listen({ hopRound: (r) => void (ids = r.keyIds), announced: () => {} });
    await relay.upstreamRound();
    expect(ids).toEqual(
      fakeKeys(eksRoundSeed(QAN_HASH, 1))
        .map((k) => k.id)
        .sort(),
    );
  });

  it('stops running hop rounds while a reserve of hop keys waits', async () => {
    let rounds = 0;
    const counting: HopRound = (seed, d) => {
      rounds++;
      return fakeRound(seed, d);
    };
    const relay = new EksHopRelay(counting, 10);
    relay.openUpstream(QAN_HASH);
    for (let i = 0; i < 100; i++) await relay.upstreamRound();
    expect(rounds).toBe(HOP_KEY_RESERVE / 2);
    expect(relay.stock.hopKeys).toBe(HOP_KEY_RESERVE);
  });

  it('keeps a bounded list of announcements', async () => {
    let now = 0;
    const relay = new EksHopRelay(fakeRound, 10, undefined, () => now);
    relay.openNodeSession('vega', NODE_HASH);
    relay.openUpstream(QAN_HASH);
    for (let r = 0; r < MAX_ANNOUNCEMENTS; r++) {
      now += 1100; // one round of 2^20 pulses (1.05 s of link time) per period
      await relay.nodeSynced('vega', syncOf(r));
      await relay.upstreamRound();
    }
    expect(relay.announcements()).toHaveLength(MAX_ANNOUNCEMENTS);
  });

  it('mirrors a real decoy-BB84 round to the same keys as the node', async () => {
    const keys = (await honestRound()(eksRoundSeed(NODE_HASH, 0), hopLink(10, 2 ** 18)))!;
    expect(keys.length).toBeGreaterThan(0);
    expect(await honestRound()(eksRoundSeed(NODE_HASH, 0), hopLink(10, 2 ** 18))).toEqual(keys);
  });

  it('ignores a sync whose round repeats or goes backwards: no key is derived again', async () => {
    let rounds = 0;
    const counting: HopRound = (seed, l) => {
      rounds++;
      return fakeRound(seed, l);
    };
    const relay = new EksHopRelay(counting, 10);
    relay.openNodeSession('vega', NODE_HASH);
    expect(await relay.nodeSynced('vega', syncOf(3))).toBe('mirrored');
    expect(await relay.nodeSynced('vega', syncOf(3))).toBe('ignored');
    expect(await relay.nodeSynced('vega', syncOf(1))).toBe('ignored');
    expect(rounds).toBe(1);
    expect(relay.stock.nodeKeys).toBe(2);
    // A lost sync after a gap (round 4 lost in transit) still moves the session forward.
    expect(await relay.nodeSynced('vega', syncOf(5))).toBe('mirrored');
    expect(rounds).toBe(2);
  });

  it('mirrors a node round over the non-default link its EKS_SYNC names, to the node key bytes', async () => {
    // The node's end, as its EksKeeper runs it: 25 km, a weak eavesdropper below the abort threshold.
    const link = eksWireLinkOf({
      ...DEFAULT_EKS_LINK,
      distanceKm: 25,
      eavesdropper: 0.02,
      pulsesPerRound: 2 ** 19,
    });
    const seed = eksRoundSeed(NODE_HASH, 2);
    const alice = runEksRound(seed, eksLinkOfWire(link), 'alice');
    if (!alice.ok) throw new Error('round aborted');
    const nodeKeys = eksRoundKeys(seed, alice.key).slice(0, 2);
    const body: EksSyncBody = {
      status: { state: 'stable', lastSyncMs: 1, keyBitsAvailable: 512 },
      keyIds: nodeKeys.map((k) => k.id as KeyId).sort(),
      round: 2,
      link,
    };
    // Real rounds for node links, the stand-in for the relay's own hop (10 km).
    const mixed: HopRound = (s, l) => (l.distanceKm === 25 ? honestRound()(s, l) : fakeRound(s, l));
    const relay = new EksHopRelay(mixed, 10);
    relay.openNodeSession('vega', NODE_HASH);
    relay.openUpstream(QAN_HASH);
    expect(await relay.nodeSynced('vega', body)).toBe('mirrored');
    await relay.upstreamRound();
    const hopKeys = fakeKeys(eksRoundSeed(QAN_HASH, 0));
    const published = relay.announcements();
    expect(published).toHaveLength(2);
    const byId = new Map(nodeKeys.map((k) => [k.id, hex(k.key)]));
    for (const [i, a] of published.entries()) {
      expect(a.hopKeyId).toBe(hopKeys[i]!.id);
      const recovered = xor(hopKeys[i]!.key, Buffer.from(a.announcement, 'hex'));
      expect(hex(recovered)).toBe(byId.get(a.nodeKeyId));
    }
  });

  it('runs its nodes’ and its own hop rounds in the pool’s worker thread, announcing what in-thread rounds announce', async () => {
    let workers = 0;
    const pool = new EksRoundPool({
      startWorker: () => {
        workers++;
        return startEksRoundWorker();
      },
    });
    let inThreadRounds = 0;
    const reference = inThreadEksRounds(1, () => inThreadRounds++);
    const announce = async (round: HopRound) => {
      const relay = new EksHopRelay(round, 10, 2 ** 18);
      relay.openNodeSession('vega', NODE_HASH);
      relay.openUpstream(QAN_HASH);
      await relay.nodeSynced('vega', realSync(0));
      await relay.upstreamRound();
      return relay.announcements();
    };
    try {
      const pooled = await announce(honestRound(pool));
      expect(workers).toBe(1);
      expect(pooled.length).toBeGreaterThan(0);
      expect(await announce(honestRound(reference))).toEqual(pooled);
      expect(inThreadRounds).toBe(2);
    } finally {
      await pool.close();
    }
  });

  it('skips rounds the pool refuses (counted), announcing nothing for them', async () => {
    const relay = new EksHopRelay(honestRound(inThreadEksRounds(0)), 10);
    const heard: number[] = [];
    relay.listen({ hopRound: (r) => heard.push(r.round), announced: () => {} });
    relay.openNodeSession('vega', NODE_HASH);
    relay.openUpstream(QAN_HASH);
    expect(await relay.nodeSynced('vega', syncOf(0))).toBe('pool-refused');
    await relay.upstreamRound();
    expect(relay.refusedRounds).toBe(2);
    expect(heard).toEqual([]);
    expect(relay.stock).toEqual({ nodeKeys: 0, hopKeys: 0 });
  });

  it('keeps no key of a round whose session closed while it ran', async () => {
    let release: () => void = () => {};
    const slow: HopRound = async (seed) => {
      await new Promise<void>((r) => {
        release = r;
      });
      return fakeKeys(seed);
    };
    const relay = new EksHopRelay(slow, 10);
    relay.openNodeSession('vega', NODE_HASH);
    const outcome = relay.nodeSynced('vega', syncOf(0));
    relay.closeNodeSession('vega');
    release();
    expect(await outcome).toBe('session-closed');
    expect(relay.stock.nodeKeys).toBe(0);
  });

  it('runs one hop round at a time: a tick while a round runs starts none', async () => {
    let release: () => void = () => {};
    let rounds = 0;
    const gated: HopRound = (seed) => {
      rounds++;
      return new Promise((resolve) => {
        release = () => resolve(fakeKeys(seed));
      });
    };
    const heard: number[] = [];
    const relay = new EksHopRelay(gated, 10);
    relay.listen({ hopRound: (r) => heard.push(r.round), announced: () => {} });
    relay.openUpstream(QAN_HASH);
    const first = relay.upstreamRound();
    await relay.upstreamRound();
    await relay.upstreamRound();
    expect(rounds).toBe(1);
    release();
    await first;
    const second = relay.upstreamRound();
    expect(rounds).toBe(2);
    release();
    await second;
    expect(heard).toEqual([0, 1]);
  });

  it("mirrors a node's rounds no faster than its link time passes: a flood runs eight, counts the rest", async () => {
    let now = 0;
    let runs = 0;
    const counting: HopRound = async (seed) => {
      runs++;
      return fakeKeys(seed);
    };
    const relay = new EksHopRelay(counting, 10, undefined, () => now);
    relay.openNodeSession('vega', NODE_HASH);
    // Twenty rounds of 2^20 pulses (1.05 s each) at one instant: 8.39 s of slack holds eight.
    const outcomes = [];
    for (let r = 0; r < 20; r++) outcomes.push(await relay.nodeSynced('vega', syncOf(r)));
    expect(outcomes).toEqual([...Array(8).fill('mirrored'), ...Array(12).fill('too-fast')]);
    expect(runs).toBe(8);
    expect(relay.tooFastRounds).toBe(12);
    now += 1_100;
    await relay.nodeSynced('vega', syncOf(20));
    expect(runs).toBe(9);
  });
});
