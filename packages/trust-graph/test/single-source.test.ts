import { describe, expect, it } from 'vitest';
import { computeSingleSourceTrust, TrustGraph } from '../src/index.js';

const [A, B, C, D, E, X] = ['a', 'b', 'c', 'd', 'e', 'f'].map((c) => c.repeat(16)) as [
  string,
  string,
  string,
  string,
  string,
  string,
];

function graph(): TrustGraph {
  const g = new TrustGraph();
  g.setEdge({ truster: A, trustee: B, level: 0.8 });
  g.setEdge({ truster: B, trustee: C, level: 0.5, validUntil: 100 });
  g.setEdge({ truster: A, trustee: D, level: 0.5, verified: false, validator: B });
  g.setEdge({ truster: E, trustee: A, level: 0.9, validUntil: 10 });
  return g;
}

const none = { trustLevel: 0, path: [], depth: 0, confidence: 'low', unverifiedHops: 0, gaps: [] };

describe('SingleSourceTrust: trust from one observer to every quid (spec §2)', () => {
  it('lists every reached quid in node order with its trust, the observer at 1', () => {
    const v = computeSingleSourceTrust(graph(), A, { now: 50 });
    expect([...v.entries()]).toStrictEqual([
      [A, 1],
      [B, 0.8],
      [C, 0.4],
    ]);
    expect(v.reachedCount).toBe(3);
    expect(v.trustIn(A)).toBe(1);
    expect(v.trustIn(C)).toBe(0.4);
    expect(v.trustIn(D)).toBe(0);
    expect(v.trustIn(X)).toBe(0);
    expect(v.observer).toBe(A);
  });

  it('answers one target with level, path, depth and confidence', () => {
    const v = computeSingleSourceTrust(graph(), A, { now: 50 });
    expect(v.resultFor(C)).toStrictEqual({
      trustLevel: 0.4,
      path: [A, B, C],
      depth: 2,
      confidence: 'high',
      unverifiedHops: 0,
      gaps: [],
    });
    expect(v.resultFor(A)).toStrictEqual({
      trustLevel: 1,
      path: [A],
      depth: 0,
      confidence: 'high',
      unverifiedHops: 0,
      gaps: [],
    });
    expect(v.resultFor(D)).toStrictEqual(none);
    expect(v.resultFor(X)).toStrictEqual(none);
  });

  it('with unverified edges, reports each gap with its validator and the trust in it', () => {
    const u = computeSingleSourceTrust(graph(), A, { now: 50, includeUnverified: true });
    expect(u.reachedCount).toBe(4);
    expect(u.trustIn(D)).toBe(0.4);
    expect(u.resultFor(D)).toStrictEqual({
      trustLevel: 0.4,
      path: [A, D],
      depth: 1,
      confidence: 'medium',
      unverifiedHops: 1,
      gaps: [{ from: A, to: D, validator: B, validatorTrust: 0.8 }],
    });
    expect(u.resultFor(C).gaps).toStrictEqual([]);
  });

  it('counts an observer absent from the graph as reached, and nothing else', () => {
    const x = computeSingleSourceTrust(graph(), X, { now: 5 });
    expect([...x.entries()]).toStrictEqual([[X, 1]]);
    expect(x.reachedCount).toBe(1);
    expect(x.trustIn(X)).toBe(1);
    expect(x.resultFor(A)).toStrictEqual(none);
    expect(x.validFrom).toBe(Number.NEGATIVE_INFINITY);
    expect(x.validUntil).toBe(Number.POSITIVE_INFINITY);
  });

  it('is valid from the latest expiry it saw to the earliest expiry still ahead', () => {
    const live = computeSingleSourceTrust(graph(), A, { now: 50 });
    expect(live.validFrom).toBe(Number.NEGATIVE_INFINITY);
    expect(live.validUntil).toBe(100);
    expect(live.validAt(99)).toBe(true);
    expect(live.validAt(100)).toBe(false);
    const later = computeSingleSourceTrust(graph(), A, { now: 150 });
    expect(later.validFrom).toBe(100);
    expect(later.validUntil).toBe(Number.POSITIVE_INFINITY);
    expect(later.validAt(100)).toBe(true);
    expect(later.validAt(99)).toBe(false);
    expect(later.trustIn(C)).toBe(0);
    const e = computeSingleSourceTrust(graph(), E, { now: 5, maxDepth: 1 });
    expect([...e.entries()]).toStrictEqual([
      [A, 0.9],
      [E, 1],
    ]);
    expect(e.reachedCount).toBe(2);
    expect(e.validUntil).toBe(10);
    const u = computeSingleSourceTrust(graph(), E, { now: 20, includeUnverified: true });
    expect(u.validFrom).toBe(10);
    expect(u.validAt(10)).toBe(true);
    expect(u.validAt(9)).toBe(false);
  });
});
