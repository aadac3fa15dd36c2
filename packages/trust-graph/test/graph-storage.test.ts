import type { Quid } from '@qcos/identity';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { computeRelationalTrust, computeSingleSourceTrust, TrustGraph } from '../src/index.js';
import { runTrustPass } from '../src/layered-trust-search.js';

// How the graph stores edges: column growth, the pair table, and the traversal index with its
// overlay. None of it changes an answer, so these tests count the work (index builds, table
// rehashes) or read the capacities, and check that patches of the index land where they belong.
// Index identity is compared with === so that a failure does not print a whole index.

const hex = (i: number) => i.toString(16).padStart(16, '0') as Quid;
const hub = hex(0);
const now = 1_000;

/** hub → hex(first) … hex(last), level 0.5 each. */
function fan(g: TrustGraph, first: number, last: number): void {
  for (let i = first; i <= last; i++) g.setEdge({ truster: hub, trustee: hex(i), level: 0.5 });
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('edge columns', () => {
  it('start with room for 16 edges and double when full', () => {
    const g = new TrustGraph();
    const room: number[][] = [];
    for (let i = 1; i <= 33; i++) {
      fan(g, i, i);
      if (i === 16 || i === 17 || i === 32 || i === 33)
        room.push([g.from.length, g.level.length, g.flags.length]);
    }
    expect(room).toStrictEqual([
      [16, 16, 16],
      [32, 32, 32],
      [32, 32, 32],
      [64, 64, 64],
    ]);
  });
});

describe('pair table', () => {
  const rehashes = (g: TrustGraph) =>
    vi.spyOn(g as unknown as { rehashPairs(): void }, 'rehashPairs');

  it('grows (64 slots, doubled) once more than half of it holds distinct pairs', () => {
    const g = new TrustGraph();
    const spy = rehashes(g);
    fan(g, 1, 32);
    expect(spy).toHaveBeenCalledTimes(0);
    fan(g, 33, 33);
    expect(spy).toHaveBeenCalledTimes(1);
    fan(g, 34, 65);
    expect(spy).toHaveBeenCalledTimes(2);
    expect(g.getEdge(hub, hex(1))?.level).toBe(0.5);
    expect(g.getEdge(hub, hex(65))?.level).toBe(0.5);
  });

  it('keeps apart two trusters of one trustee that hash to the same slot', () => {
    const g = new TrustGraph();
    // One pair (hub → hex(1)) in 65 domains, each vouched for by a new validator: nodes 2 … 66.
    for (let i = 2; i <= 66; i++)
      g.setEdge({
        truster: hub,
        trustee: hex(1),
        level: 0.5,
        domain: `d${i}`,
        verified: false,
        validator: hex(i),
      });
    // Nodes 2 and 66 differ by the table size (64) and the hash multiplies by an odd
    // constant, so (2, 1) and (66, 1) start probing at the same slot.
    g.setEdge({ truster: hex(2), trustee: hex(1), level: 0.25 });
    g.setEdge({ truster: hex(66), trustee: hex(1), level: 0.75 });
    expect(g.edgeCount).toBe(67);
    expect([g.getEdge(hex(2), hex(1))?.level, g.getEdge(hex(66), hex(1))?.level]).toStrictEqual([
      0.25, 0.75,
    ]);
  });

  it('counts a pair once however many edges it has', () => {
    const g = new TrustGraph();
    const spy = rehashes(g);
    // 32 pairs with four edges each (two domains, verified or not): 128 edges, 32 pairs.
    for (let i = 1; i <= 32; i++)
      for (const domain of ['x', 'y'])
        for (const verified of [true, false])
          g.setEdge({
            truster: hub,
            trustee: hex(i),
            level: 0.5,
            domain,
            verified,
            validator: hub,
          });
    expect([g.edgeCount, spy.mock.calls.length]).toStrictEqual([128, 0]);
    expect(g.getEdge(hub, hex(32), { domain: 'y', verified: false })?.validator).toBe(hub);
  });
});

describe('traversal index', () => {
  it('is built once and kept while at most 1 024 new edges wait in the overlay', () => {
    const g = new TrustGraph();
    fan(g, 1, 1);
    const first = g.traversalIndex();
    expect(g.traversalIndex() === first).toBe(true);
    fan(g, 2, 1025); // 1 024 new edges; 1 025 in all, an eighth of which is 128
    expect(g.traversalIndex() === first).toBe(true);
    fan(g, 1026, 1026); // the 1 025th new edge
    const second = g.traversalIndex();
    expect(second === first).toBe(false);
    expect([second.edge.length, first.edge.length]).toStrictEqual([1026, 1]);
    // The overlay is empty again.
    fan(g, 1027, 1027);
    expect(g.traversalIndex() === second).toBe(true);
  });

  it('on a large graph, is kept while the overlay holds at most an eighth of the edges', () => {
    const g = new TrustGraph();
    fan(g, 1, 16_384);
    const first = g.traversalIndex();
    // After k more edges the bound is (16 384 + k) >>> 3, which is k up to k = 2 340.
    fan(g, 16_385, 16_384 + 2_340);
    expect(g.traversalIndex() === first).toBe(true);
    fan(g, 16_384 + 2_341, 16_384 + 2_341);
    expect(g.traversalIndex() === first).toBe(false);
  });

  it('is patched in place by upserts of indexed edges, which never fill the overlay', () => {
    const g = new TrustGraph();
    fan(g, 1, 2_000);
    const first = g.traversalIndex();
    for (let i = 1; i <= 2_000; i++) g.setEdge({ truster: hub, trustee: hex(i), level: 1 });
    expect(g.traversalIndex() === first).toBe(true);
    // Position 0 is patched too.
    expect([first.level[0], first.level[1_999]]).toStrictEqual([1, 1]);
    expect(computeRelationalTrust(g, hub, hex(1), { now }).trustLevel).toBe(1);
  });

  it('is left alone when an edge added after it, with an id beyond its positions, changes', () => {
    const g = new TrustGraph();
    fan(g, 1, 16); // edges 0 … 15 at positions 0 … 15
    const index = g.traversalIndex();
    g.setEdge({ truster: hub, trustee: hex(17), level: 0.25 }); // edge 16, in the overlay
    g.setEdge({ truster: hub, trustee: hex(17), level: 0.125 });
    expect(g.traversalIndex() === index).toBe(true);
    expect([...index.to.slice(0, 3)]).toStrictEqual([1, 2, 3]);
    const all = computeSingleSourceTrust(g, hub, { now });
    expect([all.trustIn(hex(1)), all.trustIn(hex(2)), all.trustIn(hex(17))]).toStrictEqual([
      0.5, 0.5, 0.125,
    ]);
  });

  it('has no overlay entry for a quid first named as a validator by an upsert after it', () => {
    const V = hex(0xfff);
    const g = new TrustGraph();
    g.setEdge({ truster: hub, trustee: hex(1), level: 0.5 }); // edge 0
    g.setEdge({ truster: hex(1), trustee: hex(2), level: 0 }); // edge 1, a revocation
    g.traversalIndex(); // nodes 0 … 2
    g.setEdge({ truster: hub, trustee: hex(1), level: 0.5, validator: V }); // an upsert: V is node 3
    expect([g.nodeCount, g.edgeCount]).toStrictEqual([4, 2]);
    // V has no edge in or out: no revocation of it, and a search from or to it finds nothing.
    expect(g.revocationsOf(V, { now })).toStrictEqual([]);
    expect(computeSingleSourceTrust(g, V, { now }).pass.work.edgesScanned).toBe(0);
    expect(runTrustPass(g, 0, 2, -1, now, undefined, 3).work.targetDistances).toBe(0);
    expect(g.revocationsOf(hex(2), { now }).map((e) => e.truster)).toStrictEqual([hex(1)]);
  });

  it('does not build for the revocations of a quid the graph does not know', () => {
    const g = new TrustGraph();
    fan(g, 1, 2);
    const builds = vi.spyOn(g, 'traversalIndex');
    expect(g.revocationsOf(hex(99), { now })).toStrictEqual([]);
    expect(builds).toHaveBeenCalledTimes(0);
    expect(g.revocationsOf(hex(1), { now })).toStrictEqual([]);
    expect(builds).toHaveBeenCalledTimes(1);
  });
});

describe('verified twins and the traversal index', () => {
  const V = hex(0xfff);
  const opts = { now, includeUnverified: true };

  it('hides an unverified edge at position 0 when its verified twin arrives later', () => {
    const g = new TrustGraph();
    g.setEdge({ truster: hub, trustee: hex(1), level: 0.5, verified: false, validator: V });
    g.setEdge({ truster: hub, trustee: V, level: 1 });
    expect(computeRelationalTrust(g, hub, hex(1), opts).trustLevel).toBe(0.5);
    g.setEdge({ truster: hub, trustee: hex(1), level: 0.25 });
    expect(computeRelationalTrust(g, hub, hex(1), opts)).toMatchObject({
      trustLevel: 0.25,
      unverifiedHops: 0,
    });
  });

  it('hides an unverified edge whose verified twin is edge 0', () => {
    for (const indexFirst of [false, true]) {
      const g = new TrustGraph();
      g.setEdge({ truster: hub, trustee: hex(1), level: 0.25 });
      g.setEdge({ truster: hub, trustee: V, level: 1 });
      if (indexFirst) g.traversalIndex();
      g.setEdge({ truster: hub, trustee: hex(1), level: 0.5, verified: false, validator: V });
      expect(computeRelationalTrust(g, hub, hex(1), opts).trustLevel).toBe(0.25);
    }
  });

  it('patches no position for an unverified edge added after the index', () => {
    const g = new TrustGraph();
    g.setEdge({ truster: hub, trustee: V, level: 1 }); // position 0
    g.setEdge({ truster: hub, trustee: hex(1), level: 0.5, verified: false, validator: V }); // 1
    fan(g, 2, 15); // positions 2 … 15
    expect(computeRelationalTrust(g, hub, hex(1), opts).trustLevel).toBe(0.5);
    // Edge 16 (unverified) and its verified twin, edge 17, both in the overlay.
    g.setEdge({ truster: hub, trustee: hex(16), level: 0.5, verified: false, validator: V });
    g.setEdge({ truster: hub, trustee: hex(16), level: 0.25 });
    const all = computeSingleSourceTrust(g, hub, opts);
    expect([all.trustIn(hex(1)), all.trustIn(hex(16))]).toStrictEqual([0.5, 0.25]);
    expect(all.resultFor(hex(1)).unverifiedHops).toBe(1);
  });
});
