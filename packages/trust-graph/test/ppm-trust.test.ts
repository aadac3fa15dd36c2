import type { Quid } from '@qcos/identity';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { relationalTrustPpm } from '../src/index.js';

const q = (i: number) => i.toString(16).padStart(16, '0') as Quid;

function edgesOf(list: readonly (readonly [number, number, number])[]) {
  const edges = new Map<Quid, Map<Quid, number>>();
  for (const [from, to, level] of list) {
    if (from === to) continue;
    const out = edges.get(q(from)) ?? new Map<Quid, number>();
    out.set(q(to), level);
    edges.set(q(from), out);
  }
  return edges;
}

/** The rule as written: every simple path of ≤ maxDepth edges, rounded down hop by hop, best kept. */
function bruteForce(edges: Map<Quid, Map<Quid, number>>, from: Quid, to: Quid, maxDepth: number) {
  if (from === to) return 1_000_000;
  let best = 0;
  const walk = (at: Quid, t: number, depth: number, seen: Set<Quid>) => {
    if (depth === maxDepth) return;
    for (const [next, level] of edges.get(at) ?? []) {
      if (seen.has(next)) continue;
      const v = Math.floor((t * level) / 1_000_000);
      if (next === to) best = Math.max(best, v);
      else walk(next, v, depth + 1, new Set([...seen, next]));
    }
  };
  walk(from, 1_000_000, 0, new Set([from]));
  return best;
}

describe('relationalTrustPpm (integer, rounded down at every hop)', () => {
  it('is 10^6 to oneself and 0 without a path', () => {
    const edges = edgesOf([[1, 2, 500_000]]);
    expect(relationalTrustPpm(edges, q(1), q(1), 5)).toBe(1_000_000);
    expect(relationalTrustPpm(edges, q(2), q(1), 5)).toBe(0);
  });

  it('rounds hop by hop, which can rank paths unlike the exact product', () => {
    const edges = edgesOf([
      [1, 2, 333_333],
      [2, 3, 333_333],
      [3, 9, 999_999],
      [1, 4, 1_000_000],
      [4, 5, 111_110],
      [5, 9, 1_000_000],
    ]);
    expect(relationalTrustPpm(edges, q(1), q(9), 5)).toBe(111_110);
    expect(relationalTrustPpm(edges, q(1), q(9), 2)).toBe(0);
  });

  it('equals the best simple path on random graphs (brute force)', () => {
    const level = fc.oneof(
      fc.constantFrom(0, 1, 333_333, 500_000, 999_999, 1_000_000),
      fc.integer({ min: 0, max: 1_000_000 }),
    );
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(6), fc.nat(6), level), { maxLength: 24 }),
        fc.nat(6),
        fc.integer({ min: 1, max: 5 }),
        (list, target, maxDepth) => {
          const edges = edgesOf(list);
          expect(relationalTrustPpm(edges, q(0), q(target), maxDepth)).toBe(
            bruteForce(edges, q(0), q(target), maxDepth),
          );
        },
      ),
      { seed: 20261203, numRuns: 400 },
    );
  });
});
