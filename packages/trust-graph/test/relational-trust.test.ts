import type { Quid } from '@qcos/identity';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { referenceRelationalTrust } from '../bench/reference-bfs.js';
import {
  computeRelationalTrust,
  computeSingleSourceTrust,
  TrustCache,
  TrustGraph,
} from '../src/index.js';
import { type BruteEdge, bruteForceAll } from './brute-force.js';
import { graphOf, q } from './fixtures.js';

const [A, B, C, D, E, F] = ['a', 'b', 'c', 'd', 'e', 'f'].map(q) as [
  Quid,
  Quid,
  Quid,
  Quid,
  Quid,
  Quid,
];
const now = 1_000;

describe('computeRelationalTrust', () => {
  it('takes the best product, not the shortest or first path (worked example)', () => {
    const g = graphOf([
      [A, B, 0.8],
      [A, C, 0.6],
      [B, D, 0.7],
      [C, D, 0.9],
    ]);
    const r = computeRelationalTrust(g, A, D, { now });
    expect(r.path).toEqual([A, B, D]);
    expect(r.trustLevel).toBe(0.8 * 0.7);
    expect(r.depth).toBe(2);
    expect(r.confidence).toBe('high');
  });

  it('gives 1 to the observer itself and 0 with an empty path when unreachable', () => {
    const g = graphOf([[A, B, 0.5]]);
    expect(computeRelationalTrust(g, A, A, { now }).path).toEqual([A]);
    expect(computeRelationalTrust(g, A, A, { now }).trustLevel).toBe(1);
    const none = computeRelationalTrust(g, B, A, { now });
    expect(none).toMatchObject({ trustLevel: 0, path: [], depth: 0 });
    expect(computeRelationalTrust(g, A, F, { now }).trustLevel).toBe(0);
  });

  it('respects the depth bound exactly', () => {
    const g = graphOf([
      [A, B, 1],
      [B, C, 1],
      [C, D, 1],
      [A, D, 0.1],
    ]);
    expect(computeRelationalTrust(g, A, D, { now, maxDepth: 3 }).trustLevel).toBe(1);
    expect(computeRelationalTrust(g, A, D, { now, maxDepth: 2 }).trustLevel).toBe(0.1);
    expect(computeRelationalTrust(g, A, C, { now, maxDepth: 1 }).trustLevel).toBe(0);
  });

  it('breaks ties by fewer hops, then lexicographic path', () => {
    const g = graphOf([
      [A, C, 0.5],
      [C, E, 1],
      [A, B, 0.5],
      [B, E, 1],
      [A, E, 0.5],
      [A, D, 1],
      [D, F, 0.5],
      [A, F, 0.5],
    ]);
    expect(computeRelationalTrust(g, A, E, { now }).path).toEqual([A, E]);
    const g2 = graphOf([
      [A, C, 0.5],
      [C, E, 1],
      [A, B, 0.5],
      [B, E, 1],
    ]);
    expect(computeRelationalTrust(g2, A, E, { now }).path).toEqual([A, B, E]);
  });

  it('ranks by exact products even when the rounded products tie', () => {
    // fl(0.01·0.09) = fl(0.03·0.03), but exactly 0.01·0.09 > 0.03·0.03 (in binary64 inputs).
    expect(0.01 * 0.09).toBe(0.03 * 0.03);
    const g = graphOf([
      [A, B, 0.03],
      [B, D, 0.03],
      [A, C, 0.01],
      [C, D, 0.09],
    ]);
    expect(computeRelationalTrust(g, A, D, { now }).path).toEqual([A, C, D]);
  });

  it('ignores revoked (level 0) and expired edges', () => {
    const g = new TrustGraph();
    g.setEdge({ truster: A, trustee: B, level: 0.9 });
    g.setEdge({ truster: A, trustee: B, level: 0 });
    g.setEdge({ truster: A, trustee: C, level: 0.9, validUntil: 500 });
    expect(computeRelationalTrust(g, A, B, { now }).trustLevel).toBe(0);
    expect(computeRelationalTrust(g, A, C, { now: 499 }).trustLevel).toBe(0.9);
    expect(computeRelationalTrust(g, A, C, { now: 500 }).trustLevel).toBe(0);
  });

  it('discounts unverified hops by trust in their validator and reports the gaps', () => {
    const g = new TrustGraph();
    g.setEdge({ truster: A, trustee: B, level: 0.8 });
    g.setEdge({ truster: A, trustee: E, level: 0.5 });
    g.setEdge({ truster: B, trustee: C, level: 0.9, verified: false, validator: E });
    const strict = computeRelationalTrust(g, A, C, { now });
    expect(strict.trustLevel).toBe(0);
    const loose = computeRelationalTrust(g, A, C, { now, includeUnverified: true });
    expect(loose.trustLevel).toBe(0.8 * (0.9 * 0.5));
    expect(loose.confidence).toBe('medium');
    expect(loose.gaps).toEqual([{ from: B, to: C, validator: E, validatorTrust: 0.5 }]);
  });

  it('gets right a case where the reference BFS returns a worse path', () => {
    // A→B→C→D is best (0.9³), but A→C (0.1) enqueues C first and marks it visited, so
    // the BFS never extends the better path through B to C.
    const g = graphOf([
      [A, B, 0.9],
      [A, C, 0.1],
      [B, C, 0.9],
      [C, D, 0.9],
    ]);
    const ours = computeRelationalTrust(g, A, D, { now });
    expect(ours.path).toEqual([A, B, C, D]);
    expect(ours.trustLevel).toBeCloseTo(0.729, 12);
    const adj = new Map([
      [
        A as string,
        new Map([
          [B as string, 0.9],
          [C as string, 0.1],
        ]),
      ],
      [B as string, new Map([[C as string, 0.9]])],
      [C as string, new Map([[D as string, 0.9]])],
    ]);
    const ref = referenceRelationalTrust(adj, A, D, 5);
    expect(ref.path).toEqual([A, C, D]);
    expect(ref.trust).toBeCloseTo(0.09, 12);
    // And its answer depends on map order: visiting B's edge list first does not help,
    // because C is enqueued from A before B is dequeued.
    const reversed = referenceRelationalTrust(adj, A, D, 5, (t) => [...t].reverse());
    expect(reversed.trust).toBeLessThan(ours.trustLevel);
  });

  it('rejects bad input with typed errors', () => {
    const g = graphOf([[A, B, 0.5]]);
    expect(() => computeRelationalTrust(g, 'nope', B, { now })).toThrow(
      expect.objectContaining({ code: 'INVALID_QUID' }),
    );
    expect(() => computeRelationalTrust(g, A, B, { now, maxDepth: 17 })).toThrow(
      expect.objectContaining({ code: 'INVALID_DEPTH' }),
    );
    expect(() => g.setEdge({ truster: A, trustee: B, level: 1.5 })).toThrow(
      expect.objectContaining({ code: 'INVALID_LEVEL' }),
    );
    expect(() => g.setEdge({ truster: A, trustee: B, level: 0.5, verified: false })).toThrow(
      expect.objectContaining({ code: 'MISSING_VALIDATOR' }),
    );
  });
});

describe('TrustCache', () => {
  it('keeps entries an edge change cannot affect and drops those it can', () => {
    const g = graphOf([
      [A, B, 0.5],
      [C, D, 0.5],
    ]);
    const cache = new TrustCache(g);
    cache.computeRelationalTrust(A, B, { now, maxDepth: 1 });
    cache.computeRelationalTrust(C, D, { now, maxDepth: 1 });
    // B is reached at depth 1 = maxDepth, so it was never expanded: A's entry survives.
    g.setEdge({ truster: B, trustee: D, level: 0.5 });
    cache.computeRelationalTrust(A, B, { now, maxDepth: 1 });
    expect(cache.stats).toMatchObject({ hits: 1, invalidations: 0 });
    g.setEdge({ truster: C, trustee: D, level: 0.25 });
    expect(cache.computeRelationalTrust(C, D, { now, maxDepth: 1 }).trustLevel).toBe(0.25);
    expect(cache.stats).toMatchObject({ hits: 1, invalidations: 1 });
  });

  it('recomputes when `now` leaves the window in which no examined edge expires', () => {
    const g = new TrustGraph();
    g.setEdge({ truster: A, trustee: B, level: 0.5, validUntil: 2_000 });
    const cache = new TrustCache(g);
    expect(cache.computeRelationalTrust(A, B, { now }).trustLevel).toBe(0.5);
    expect(cache.computeRelationalTrust(A, B, { now: 1_999 }).trustLevel).toBe(0.5);
    expect(cache.computeRelationalTrust(A, B, { now: 2_000 }).trustLevel).toBe(0);
    expect(cache.stats).toMatchObject({ hits: 1, misses: 2 });
  });
});

// ---- brute-force property ----

const LEVELS = [1, 1, 0.5, 0.25, 0.8, 0.9, 0.7, 0.1, 0.3, 0.6, 0.2, 0];
// Weighted towards levels whose products tie exactly, so tie-breaking is exercised often.
const levelArb = fc.oneof(
  { arbitrary: fc.constantFrom(1, 0.5, 0.25, 0), weight: 4 },
  { arbitrary: fc.constantFrom(...LEVELS), weight: 2 },
  { arbitrary: fc.double({ min: 2 ** -20, max: 1, noNaN: true }), weight: 1 },
);
const edgeSpecArb = fc.record({
  level: levelArb,
  verified: fc.constantFrom(true, true, true, false),
  validator: fc.nat(6),
  expiry: fc.constantFrom(undefined, undefined, undefined, undefined, undefined, 50, 150),
});
// Dense graphs: every ordered pair has an edge (and maybe an unverified twin) about half the time.
const caseArb = fc.integer({ min: 2, max: 6 }).chain((n) =>
  fc.record({
    quids: fc.uniqueArray(fc.stringMatching(/^[0-9a-f]{16}$/), { minLength: n, maxLength: n }),
    matrix: fc.array(
      fc.array(fc.option(edgeSpecArb, { freq: 2 }), { minLength: 2, maxLength: 2 }),
      {
        minLength: n * n,
        maxLength: n * n,
      },
    ),
    maxDepth: fc.integer({ min: 0, max: 6 }),
    includeUnverified: fc.boolean(),
    observer: fc.nat(n - 1),
  }),
);

describe('exactness against brute force', () => {
  it('matches the enumeration of all simple paths on 1 200 random small graphs', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const g = new TrustGraph();
        const byKey = new Map<string, BruteEdge>();
        const n = c.quids.length;
        for (let k = 0; k < n * n; k++) {
          const from = c.quids[Math.floor(k / n)] as string;
          const to = c.quids[k % n] as string;
          for (const e of c.matrix[k] ?? []) {
            if (from === to || e === null) continue;
            if (byKey.has(`${from}${to}${e.verified}`)) continue;
            const edge: BruteEdge = {
              from,
              to,
              level: e.level,
              verified: e.verified,
              validator: c.quids[e.validator % n] as string,
              ...(e.expiry === undefined ? {} : { validUntil: e.expiry }),
            };
            g.setEdge({
              truster: from,
              trustee: to,
              level: e.level,
              verified: e.verified,
              validator: edge.validator,
              ...(e.expiry === undefined ? {} : { validUntil: e.expiry }),
            });
            byKey.set(`${from}${to}${e.verified}`, edge);
          }
        }
        const observer = c.quids[c.observer] as Quid;
        const expected = bruteForceAll(
          c.quids,
          [...byKey.values()],
          observer,
          c.maxDepth,
          100,
          c.includeUnverified,
        );
        const ss = computeSingleSourceTrust(g, observer, {
          now: 100,
          maxDepth: c.maxDepth,
          includeUnverified: c.includeUnverified,
        });
        for (const target of c.quids) {
          const want = expected.get(target);
          const got = ss.resultFor(target);
          expect(got.path).toEqual(want?.path);
          expect(got.trustLevel).toBe(want?.trustLevel);
          expect(got.gaps).toEqual(want?.unverified);
          // The point query prunes by branch and bound; it must agree exactly.
          const point = computeRelationalTrust(g, observer, target, {
            now: 100,
            maxDepth: c.maxDepth,
            includeUnverified: c.includeUnverified,
          });
          expect(point).toEqual(got);
        }
      }),
      { numRuns: 1200, seed: 20261121 },
    );
  });
});
