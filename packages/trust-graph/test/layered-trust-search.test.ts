import type { Quid } from '@qcos/identity';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeRelationalTrust, computeSingleSourceTrust, TrustGraph } from '../src/index.js';
import { type BruteEdge, bruteForceAll } from './brute-force.js';

const quids = Array.from({ length: 6 }, (_, i) => `${i}`.repeat(16) as Quid);

const edgeArb = fc.record({
  from: fc.nat(5),
  to: fc.nat(5),
  level: fc.constantFrom(0, 0.25, 0.3, 0.5, 0.75, 1),
  verified: fc.constantFrom(true, true, false),
  validator: fc.nat(5),
  validUntil: fc.constantFrom(undefined, undefined, 60, 100, 150),
});

const caseArb = fc.record({
  n: fc.integer({ min: 2, max: 6 }),
  indexed: fc.array(edgeArb, { maxLength: 14 }),
  overlay: fc.array(edgeArb, { maxLength: 10 }),
  observer: fc.nat(5),
  maxDepth: fc.integer({ min: 1, max: 5 }),
  includeUnverified: fc.boolean(),
  now: fc.constantFrom(50, 100),
});

type EdgeCase = typeof edgeArb extends fc.Arbitrary<infer T> ? T : never;

/** Applies an edge to the graph and to the brute-force model (upserts replace by key). */
function apply(g: TrustGraph, model: Map<string, BruteEdge>, n: number, e: EdgeCase): void {
  const from = quids[e.from % n] as Quid;
  const to = quids[e.to % n] as Quid;
  if (from === to) return;
  const validator = quids[e.validator % n] as Quid;
  const validUntil = e.validUntil === undefined ? {} : { validUntil: e.validUntil };
  g.setEdge({
    truster: from,
    trustee: to,
    level: e.level,
    verified: e.verified,
    validator,
    ...validUntil,
  });
  model.set(`${from}${to}${e.verified}`, {
    from,
    to,
    level: e.level,
    verified: e.verified,
    validator,
    ...validUntil,
  });
}

describe('layered search over an index with later additions and upserts', () => {
  it('matches the brute-force enumeration for single-source and point queries', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const g = new TrustGraph();
        const model = new Map<string, BruteEdge>();
        for (const e of c.indexed) apply(g, model, c.n, e);
        const observer = quids[c.observer % c.n] as Quid;
        const options = {
          now: c.now,
          maxDepth: c.maxDepth,
          includeUnverified: c.includeUnverified,
        };
        // Snapshot the traversal index (possibly empty); later edges go to its overlay and
        // upserts of indexed edges patch it in place.
        g.traversalIndex();
        for (const e of c.overlay) apply(g, model, c.n, e);
        const nodes = quids.slice(0, c.n);
        const expected = bruteForceAll(
          nodes,
          [...model.values()],
          observer,
          c.maxDepth,
          c.now,
          c.includeUnverified,
        );
        const all = computeSingleSourceTrust(g, observer, options);
        for (const target of nodes) {
          const want = expected.get(target);
          const got = computeRelationalTrust(g, observer, target, options);
          expect(got.path).toStrictEqual(want?.path);
          expect(got.trustLevel).toBe(want?.trustLevel);
          expect(got.gaps).toStrictEqual(want?.unverified);
          expect(all.resultFor(target)).toStrictEqual(got);
        }
      }),
      { numRuns: 400, seed: 20261204 },
    );
  });
});

describe('ties between parallel edges of different domains', () => {
  const [A, B, V1, V2] = [quids[0], quids[1], quids[3], quids[2]] as [Quid, Quid, Quid, Quid];
  const now = 10;
  type Parallel = { domain: string; verified: boolean; validator?: Quid; level: number };

  function tiedGraph(parallel: Parallel[]): TrustGraph {
    const g = new TrustGraph();
    g.setEdge({ truster: A, trustee: V1, level: 0.5 });
    g.setEdge({ truster: A, trustee: V2, level: 0.5 });
    for (const p of parallel) g.setEdge({ truster: A, trustee: B, ...p });
    return g;
  }

  const verifiedX: Parallel = { domain: 'x', verified: true, level: 0.25 };
  const unverifiedY: Parallel = { domain: 'y', verified: false, validator: V1, level: 0.5 };
  it.each([
    ['verified edge first', [verifiedX, unverifiedY]],
    ['unverified edge first', [unverifiedY, verifiedX]],
  ])('prefers the verified edge at equal trust (%s)', (_, parallel) => {
    const r = computeRelationalTrust(tiedGraph(parallel), A, B, { now, includeUnverified: true });
    expect(r).toStrictEqual({
      trustLevel: 0.25,
      path: [A, B],
      depth: 1,
      confidence: 'high',
      unverifiedHops: 0,
      gaps: [],
    });
  });

  // Domain x sorts first; its validator (V1 = "33…") sorts after V2 = "22…".
  const unverifiedX: Parallel = { domain: 'x', verified: false, validator: V1, level: 0.5 };
  const unverifiedZ: Parallel = { domain: 'z', verified: false, validator: V2, level: 0.5 };
  it.each([
    ['domain x first', [unverifiedX, unverifiedZ]],
    ['domain z first', [unverifiedZ, unverifiedX]],
  ])('between unverified edges prefers the smaller domain (%s)', (_, parallel) => {
    const r = computeRelationalTrust(tiedGraph(parallel), A, B, { now, includeUnverified: true });
    expect(r.gaps).toStrictEqual([{ from: A, to: B, validator: V1, validatorTrust: 0.5 }]);
    expect(r.confidence).toBe('medium');
  });
});

describe('wide frontiers', () => {
  it('reaches every leaf when more than 1 024 quids improve in one round', () => {
    const hex = (i: number) => i.toString(16).padStart(16, '0') as Quid;
    const hub = hex(0);
    const g = new TrustGraph();
    for (let i = 1; i <= 1100; i++) g.setEdge({ truster: hub, trustee: hex(i), level: 0.5 });
    for (let i = 1; i <= 1100; i++)
      g.setEdge({ truster: hex(i), trustee: hex(5000 + i), level: 0.5 });
    const all = computeSingleSourceTrust(g, hub, { now: 0, maxDepth: 2 });
    expect([hex(1100), hex(6100), hex(5001)].map((t) => all.trustIn(t))).toStrictEqual([
      0.5, 0.25, 0.25,
    ]);
  });
});

describe('edge filters of the search', () => {
  const [A, B, C, D, E] = quids as [Quid, Quid, Quid, Quid, Quid];

  it('finds nothing in a domain the graph does not know', () => {
    const g = new TrustGraph();
    g.setEdge({ truster: A, trustee: B, level: 0.5 });
    expect(computeRelationalTrust(g, A, B, { now: 1, domain: 'nope' }).path).toStrictEqual([]);
    expect(computeSingleSourceTrust(g, A, { now: 1, domain: 'nope' }).trustIn(B)).toBe(0);
  });

  it('filters by the first domain the graph interned', () => {
    const g = new TrustGraph();
    g.setEdge({ truster: A, trustee: B, level: 0.5 });
    g.setEdge({ truster: B, trustee: C, level: 0.5, domain: 'x' });
    const all = computeSingleSourceTrust(g, A, { now: 1, domain: 'default' });
    expect([all.trustIn(B), all.trustIn(C)]).toStrictEqual([0.5, 0]);
  });

  it.each([
    ['ignores', 2 ** -17, 0, []],
    ['keeps', 2 ** -16, 2 ** -32, [A, C]],
  ])('%s an unverified edge discounted to %d', (_, validatorTrust, trust, path) => {
    const g = new TrustGraph();
    g.setEdge({ truster: A, trustee: B, level: validatorTrust });
    g.setEdge({ truster: A, trustee: C, level: 2 ** -16, verified: false, validator: B });
    const r = computeRelationalTrust(g, A, C, { now: 1, includeUnverified: true });
    expect([r.trustLevel, r.path]).toStrictEqual([trust, path]);
  });

  it.each([
    ['earlier first', [30, 20], [60, 80]],
    ['later first', [20, 30], [80, 60]],
  ])('bounds the validity window by the examined expiries (%s)', (_, expired, live) => {
    const g = new TrustGraph();
    const [e1, e2] = expired as [number, number];
    const [l1, l2] = live as [number, number];
    g.setEdge({ truster: A, trustee: B, level: 0.5, validUntil: e1 });
    g.setEdge({ truster: A, trustee: C, level: 0.5, validUntil: l1 });
    g.setEdge({ truster: A, trustee: D, level: 0.5, validUntil: e2 });
    g.setEdge({ truster: A, trustee: E, level: 0.5, validUntil: l2 });
    const all = computeSingleSourceTrust(g, A, { now: 40 });
    expect([all.validFrom, all.validUntil]).toStrictEqual([30, 60]);
  });

  it.each([
    ['C before D', [C, D]],
    ['D before C', [D, C]],
  ])('breaks a tie after a shared first hop by the next quid (%s)', (_, order) => {
    const g = new TrustGraph();
    g.setEdge({ truster: A, trustee: B, level: 1 });
    for (const x of order as Quid[]) g.setEdge({ truster: B, trustee: x, level: 0.5 });
    for (const x of order as Quid[]) g.setEdge({ truster: x, trustee: E, level: 0.5 });
    expect(computeRelationalTrust(g, A, E, { now: 1 }).path).toStrictEqual([A, B, C, E]);
    expect(computeSingleSourceTrust(g, A, { now: 1 }).resultFor(E).path).toStrictEqual([
      A,
      B,
      C,
      E,
    ]);
  });
});

describe('upserts of indexed edges', () => {
  it('sees a new level on an edge past the sixteenth of the index', () => {
    const hex = (i: number) => i.toString(16).padStart(16, '0') as Quid;
    const g = new TrustGraph();
    for (let i = 1; i <= 20; i++) g.setEdge({ truster: hex(0), trustee: hex(i), level: 0.5 });
    expect(computeRelationalTrust(g, hex(0), hex(20), { now: 1 }).trustLevel).toBe(0.5);
    g.setEdge({ truster: hex(0), trustee: hex(20), level: 1 });
    expect(computeRelationalTrust(g, hex(0), hex(20), { now: 1 }).trustLevel).toBe(1);
  });
});
