import type { Quid } from '@qcos/identity';
import { computeRelationalTrust, TrustGraph } from '@qcos/trust-graph';
import { describe, expect, it } from 'vitest';
import { type RegistryState, relationalTrustPpm } from '../src/index.js';
import { genesis, qan } from './helpers.js';

/** A genesis state whose trust edges are `edges` between QANs named by number. */
function withEdges(edges: readonly [number, number, number][]): RegistryState {
  const trustEdges = new Map<Quid, Map<Quid, number>>();
  for (const [from, to, levelPpm] of edges) {
    const out = trustEdges.get(qan(from).quid) ?? new Map<Quid, number>();
    out.set(qan(to).quid, levelPpm);
    trustEdges.set(qan(from).quid, out);
  }
  return { ...genesis(), trustEdges };
}

describe('relationalTrustPpm', () => {
  // Two three-edge paths from the anchor (1) to QAN 9: via 2 and 3 the exact product is larger
  // (111 110.78 ppm) but rounds down to 111 109 at the hops; via 4 and 5 it is 111 110 exactly.
  const edges: [number, number, number][] = [
    [1, 2, 333_333],
    [2, 3, 333_333],
    [3, 9, 999_999],
    [1, 4, 1_000_000],
    [4, 5, 111_110],
    [5, 9, 1_000_000],
  ];

  it('is the best product rounded down at each hop, over every path', () => {
    expect(relationalTrustPpm(withEdges(edges), qan(1).quid, qan(9).quid)).toBe(111_110);
  });

  it('is not what the best path by exact product gives (so it is not trust-graph search)', () => {
    const g = new TrustGraph();
    for (const [from, to, levelPpm] of edges)
      g.setEdge({ truster: qan(from).quid, trustee: qan(to).quid, level: levelPpm / 1e6 });
    const best = computeRelationalTrust(g, qan(1).quid, qan(9).quid, { now: 0 });
    expect(best.path).toStrictEqual([qan(1).quid, qan(2).quid, qan(3).quid, qan(9).quid]);
  });
});
