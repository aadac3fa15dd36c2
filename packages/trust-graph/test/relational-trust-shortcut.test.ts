import type { Quid } from '@qcos/identity';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { computeRelationalTrust, TrustGraph } from '../src/index.js';
import { q } from './fixtures.js';

// computeRelationalTrust answers three cases without searching: observer = target, and an
// observer or target that no edge mentions. The answers equal a full search's (pinned in
// relational-trust.test.ts); what these tests pin is that no search runs, counted as the
// builds of the traversal index that every real search starts with.

const [A, B, C, X, Y] = ['a', 'b', 'c', '8', '9'].map(q) as [Quid, Quid, Quid, Quid, Quid];
const now = 1_000;

/** A→B→C, all verified: B is node index 1, C index 2. */
function chain(): TrustGraph {
  const g = new TrustGraph();
  g.setEdge({ truster: A, trustee: B, level: 0.5, domain: 'd' });
  g.setEdge({ truster: B, trustee: C, level: 0.5, domain: 'd' });
  return g;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('relational trust without a search', () => {
  it.each([
    ['observer = target, both in the graph', A, A, 1, [A]],
    ['observer = target, in no edge', X, X, 1, [X]],
    ['target in no edge', A, Y, 0, []],
    ['observer in no edge, target at index 1', X, B, 0, []],
    ['observer in no edge, target at index 2', X, C, 0, []],
  ])('%s', (_name, observer, target, level, path) => {
    for (const includeUnverified of [false, true]) {
      const g = chain();
      const builds = vi.spyOn(g, 'traversalIndex');
      const r = computeRelationalTrust(g, observer, target, { now, includeUnverified });
      expect(r).toStrictEqual({
        trustLevel: level,
        path,
        depth: 0,
        confidence: level === 1 ? 'high' : 'low',
        unverifiedHops: 0,
        gaps: [],
      });
      expect(builds).toHaveBeenCalledTimes(0);
    }
  });

  it('a target with edges is searched for (the count above can see a search)', () => {
    const g = chain();
    const builds = vi.spyOn(g, 'traversalIndex');
    expect(computeRelationalTrust(g, A, C, { now }).trustLevel).toBe(0.25);
    expect(builds.mock.calls.length).toBeGreaterThan(0);
  });
});
