import type { Quid } from '@qcos/identity';
import { describe, expect, it } from 'vitest';
import { computeSingleSourceTrust, TrustGraph } from '../src/index.js';
import { q } from './fixtures.js';

// dependsOnSource must use the hop at which a quid was FIRST reached, not the hop of its best
// walk: a cheap early walk through it is still extended by the search.

const [A, B, C, X, Y] = ['a', 'b', 'c', '8', '9'].map(q) as [Quid, Quid, Quid, Quid, Quid];
const now = 1_000;

/** A→X at 0.125 (one hop), and A→B→C→X at 1 (three hops, X's best walk). */
function twoWalks(): TrustGraph {
  const g = new TrustGraph();
  g.setEdge({ truster: A, trustee: X, level: 0.125 });
  g.setEdge({ truster: A, trustee: B, level: 1 });
  g.setEdge({ truster: B, trustee: C, level: 1 });
  g.setEdge({ truster: C, trustee: X, level: 1 });
  return g;
}

describe('a quid first reached early and improved at the depth bound', () => {
  it('still counts as expanded, and its out-edges do change the result', () => {
    const g = twoWalks();
    const s = computeSingleSourceTrust(g, A, { now, maxDepth: 3 });
    expect(s.trustIn(X)).toBe(1);
    expect(s.dependsOnSource(g.nodeIndex.get(X) as number)).toBe(true);
    // Why it must: X's one-hop walk is extended to Y within the bound.
    g.setEdge({ truster: X, trustee: Y, level: 0.5 });
    expect(computeSingleSourceTrust(g, A, { now, maxDepth: 3 }).trustIn(Y)).toBe(0.0625);
  });
});
