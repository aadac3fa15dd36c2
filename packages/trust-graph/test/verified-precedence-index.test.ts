import type { Quid } from '@qcos/identity';
import { describe, expect, it } from 'vitest';
import { computeRelationalTrust, computeSingleSourceTrust, TrustGraph } from '../src/index.js';
import { q } from './fixtures.js';

// Verified precedence (spec: a live verified edge hides its unverified twin) must hold whatever
// the order the twins arrive in relative to the traversal index: an unverified edge already in
// the index must be hidden by a verified twin that arrives after the index was built.

const [A, B, V] = ['a', 'b', 'f'].map(q) as [Quid, Quid, Quid];
const now = 1_000;
const opts = { now, includeUnverified: true };

/** A→V verified 1 (so V's discount is 1); the unverified A→B at 0.9 is vouched for by V. */
function withUnverified(): TrustGraph {
  const g = new TrustGraph();
  g.setEdge({ truster: A, trustee: V, level: 1 });
  g.setEdge({ truster: A, trustee: B, level: 0.9, verified: false, validator: V });
  return g;
}

describe('a verified twin hides an unverified edge', () => {
  it.each([
    ['both before the index is built', false],
    ['the verified twin after the index holds the unverified edge', true],
  ])('%s', (_name, indexFirst) => {
    const g = withUnverified();
    if (indexFirst) {
      // A query builds the index; the unverified edge counts while it has no twin.
      expect(computeRelationalTrust(g, A, B, opts).trustLevel).toBe(0.9);
      expect(computeRelationalTrust(g, A, B, opts).unverifiedHops).toBe(1);
    }
    g.setEdge({ truster: A, trustee: B, level: 0.25 });
    expect(computeRelationalTrust(g, A, B, opts)).toStrictEqual({
      trustLevel: 0.25,
      path: [A, B],
      depth: 1,
      confidence: 'high',
      unverifiedHops: 0,
      gaps: [],
    });
    expect(computeSingleSourceTrust(g, A, opts).trustIn(B)).toBe(0.25);
  });

  it.each([false, true])(
    'an unverified edge arriving after its verified twin is hidden too (index built first: %s)',
    (indexFirst) => {
      const g = new TrustGraph();
      g.setEdge({ truster: A, trustee: V, level: 1 });
      g.setEdge({ truster: A, trustee: B, level: 0.25 });
      if (indexFirst) expect(computeRelationalTrust(g, A, B, opts).trustLevel).toBe(0.25);
      g.setEdge({ truster: A, trustee: B, level: 0.9, verified: false, validator: V });
      expect(computeRelationalTrust(g, A, B, opts).trustLevel).toBe(0.25);
      expect(computeSingleSourceTrust(g, A, opts).trustIn(B)).toBe(0.25);
    },
  );

  it('an expired verified twin no longer hides it, in the index or not', () => {
    for (const indexFirst of [false, true]) {
      const g = withUnverified();
      if (indexFirst) computeRelationalTrust(g, A, B, opts);
      g.setEdge({ truster: A, trustee: B, level: 0.25, validUntil: now });
      expect(computeRelationalTrust(g, A, B, opts).trustLevel).toBe(0.9);
      expect(computeRelationalTrust(g, A, B, { ...opts, now: now - 1 }).trustLevel).toBe(0.25);
    }
  });
});
