import type { Quid } from '@qcos/identity';
import { describe, expect, it } from 'vitest';
import { relationalTrustPpm } from '../src/index.js';
import { q } from './fixtures.js';

const [A, B, C, D, T] = ['a', 'b', 'c', 'd', 'e'].map(q) as [Quid, Quid, Quid, Quid, Quid];

function edgesOf(list: [Quid, Quid, number][]): Map<Quid, Map<Quid, number>> {
  const m = new Map<Quid, Map<Quid, number>>();
  for (const [from, to, level] of list) m.set(from, (m.get(from) ?? new Map()).set(to, level));
  return m;
}

describe('relationalTrustPpm', () => {
  it.each([
    ['better route seen first', B, C],
    ['better route seen last', C, B],
  ])('keeps the best value per intermediate quid (%s)', (_name, first, second) => {
    // A reaches D in two hops through B (0.9) and through C (0.45); the order of A's
    // out-edges decides which one the search sees first.
    const edges = edgesOf([
      [A, first, first === B ? 1_000_000 : 500_000],
      [A, second, second === B ? 1_000_000 : 500_000],
      [B, D, 900_000],
      [C, D, 900_000],
      [D, T, 1_000_000],
    ]);
    expect(relationalTrustPpm(edges, A, T, 3)).toBe(900_000);
    expect(relationalTrustPpm(edges, A, T, 2)).toBe(0);
  });
});
