import type { Quid } from '@qcos/identity';
import { describe, expect, it, vi } from 'vitest';
import { TrustGraph } from '../src/index.js';
import { rejection } from './failure.js';
import { q } from './fixtures.js';

// The real bounds (2^24 quids, 2^26 edges) are too large to reach in a test; here they are
// 5 and 4, so the GRAPH_FULL rejections and what they leave behind can be checked.
vi.mock('../src/limits.js', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../src/limits.js')>()),
  MAX_NODES: 5,
  MAX_EDGES: 4,
}));

const [A, B, C, D, V, X] = ['a', 'b', 'c', 'd', 'e', 'f'].map(q) as Quid[] as [
  Quid,
  Quid,
  Quid,
  Quid,
  Quid,
  Quid,
];

const full = (field: string, what: string) => ({
  code: 'GRAPH_FULL',
  field,
  message: `GRAPH_FULL at ${field}: more than ${what}`,
});

/** Four quids, two edges; one more quid fits. */
function fourQuids(): TrustGraph {
  const g = new TrustGraph();
  g.setEdge({ truster: A, trustee: B, level: 0.5 });
  g.setEdge({ truster: C, trustee: D, level: 0.5 });
  return g;
}

const state = (g: TrustGraph) => [g.nodeCount, g.edgeCount, g.version];

describe('GRAPH_FULL', () => {
  it('takes the fifth quid and rejects a sixth, naming the field that brought it', () => {
    const g = fourQuids();
    g.setEdge({ truster: A, trustee: B, level: 0.5, verified: false, validator: V });
    expect(state(g)).toStrictEqual([5, 3, 3]);
    expect(rejection(() => g.setEdge({ truster: X, trustee: A, level: 1 }))).toStrictEqual(
      full('truster', '5 quids'),
    );
    expect(rejection(() => g.setEdge({ truster: A, trustee: X, level: 1 }))).toStrictEqual(
      full('trustee', '5 quids'),
    );
    expect(state(g)).toStrictEqual([5, 3, 3]);
  });

  it('rejects a new validator before the edge is added', () => {
    const g = fourQuids();
    g.setEdge({ truster: A, trustee: V, level: 0.5 });
    expect(state(g)).toStrictEqual([5, 3, 3]);
    const unverified = { truster: B, trustee: A, level: 0.5, verified: false, validator: X };
    expect(rejection(() => g.setEdge(unverified))).toStrictEqual(full('validator', '5 quids'));
    // Nothing was added: no edge without its validator, no change to report.
    expect(state(g)).toStrictEqual([5, 3, 3]);
    expect(g.getEdge(B, A, { verified: false })).toBe(undefined);
    expect([...g.edges()].map((e) => e.validator)).toStrictEqual([undefined, undefined, undefined]);
  });

  it('takes the fourth edge, rejects a fifth and still upserts the existing ones', () => {
    const g = fourQuids();
    g.setEdge({ truster: A, trustee: C, level: 0.5 });
    g.setEdge({ truster: B, trustee: D, level: 0.5 });
    expect(state(g)).toStrictEqual([4, 4, 4]);
    expect(rejection(() => g.setEdge({ truster: D, trustee: A, level: 1 }))).toStrictEqual(
      full('trustee', '4 edges'),
    );
    expect(state(g)).toStrictEqual([4, 4, 4]);
    expect(g.setEdge({ truster: A, trustee: B, level: 1 }).level).toBe(1);
    expect(state(g)).toStrictEqual([4, 4, 5]);
  });
});
