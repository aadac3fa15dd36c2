import type { Quid } from '@qcos/identity';
import { describe, expect, it } from 'vitest';
import { computeSingleSourceTrust, TrustGraph } from '../src/index.js';
import { q } from './fixtures.js';

const [A, B, C, D, E, F, X] = ['a', 'b', 'c', 'd', 'e', 'f', '9'].map(q) as Quid[] as [
  Quid,
  Quid,
  Quid,
  Quid,
  Quid,
  Quid,
  Quid,
];
const now = 1_000;

/** A→B→C→D, and D'→A from an unreached D. */
function chain(): TrustGraph {
  const g = new TrustGraph();
  g.setEdge({ truster: A, trustee: B, level: 0.5 });
  g.setEdge({ truster: B, trustee: C, level: 0.5 });
  g.setEdge({ truster: C, trustee: D, level: 0.5 });
  g.setEdge({ truster: E, trustee: A, level: 0.5 });
  return g;
}

describe('SingleSourceTrust.dependsOnSource', () => {
  it.each([[false], [true]])(
    'is true for quids the search expanded (below maxDepth), false otherwise (includeUnverified %s)',
    (includeUnverified) => {
      const g = chain();
      const s = computeSingleSourceTrust(g, A, { now, maxDepth: 2, includeUnverified });
      const depends = (x: Quid) => s.dependsOnSource(g.nodeIndex.get(x) as number);
      // A at 0 and B at 1 were expanded; C was reached at the bound, D and E never.
      expect([A, B, C, D, E].map(depends)).toStrictEqual([true, true, false, false, false]);
    },
  );

  it('for quids new to the graph, is true only for the observer itself', () => {
    const g = chain();
    const fromA = computeSingleSourceTrust(g, A, { now });
    const fromX = computeSingleSourceTrust(g, X, { now });
    g.setEdge({ truster: F, trustee: A, level: 0.5 });
    g.setEdge({ truster: X, trustee: A, level: 0.5 });
    const idx = (x: Quid) => g.nodeIndex.get(x) as number;
    expect([fromA.dependsOnSource(idx(F)), fromA.dependsOnSource(idx(X))]).toStrictEqual([
      false,
      false,
    ]);
    expect([fromX.dependsOnSource(idx(X)), fromX.dependsOnSource(idx(F))]).toStrictEqual([
      true,
      false,
    ]);
  });
});

describe('SingleSourceTrust.reachedCount and resultFor', () => {
  it('counts the observer and reached quids, and rebuilds full paths', () => {
    const g = chain();
    const s = computeSingleSourceTrust(g, A, { now });
    expect(s.reachedCount).toBe(4);
    expect(s.resultFor(D).path).toStrictEqual([A, B, C, D]);
  });
});
