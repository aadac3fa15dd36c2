import type { Quid } from '@qcos/identity';
import { describe, expect, it } from 'vitest';
import {
  computeDistrust,
  computeRelationalTrust,
  computeSingleSourceTrust,
  TrustGraph,
} from '../src/index.js';
import { failure } from './failure.js';
import { q } from './fixtures.js';

const [A, B, C, D, E, F, X] = ['a', 'b', 'c', 'd', 'e', 'f', '9'].map(q) as Quid[] as [
  Quid,
  Quid,
  Quid,
  Quid,
  Quid,
  Quid,
  Quid,
];
const now = 1_000;

/** A→B in d0, A→C in d1, A→D in d2 (domains numbered in that order). */
function domainGraph(): TrustGraph {
  const g = new TrustGraph();
  g.setEdge({ truster: A, trustee: B, level: 0.25, domain: 'd0' });
  g.setEdge({ truster: A, trustee: C, level: 0.5, domain: 'd1' });
  g.setEdge({ truster: A, trustee: D, level: 0.75, domain: 'd2' });
  return g;
}

describe('entry points name the bad argument', () => {
  const g = () => domainGraph();
  it.each([
    ['observer', () => computeRelationalTrust(g(), 'A', B, { now })],
    ['target', () => computeRelationalTrust(g(), A, 'B', { now })],
    ['observer', () => computeSingleSourceTrust(g(), 'nope', { now })],
    ['target', () => computeDistrust(g(), A, 'nope', { now })],
    // Checked even when nobody has revoked the target (it used to return 0 then).
    ['observer', () => computeDistrust(g(), 'nope', B, { now })],
    ['observer', () => computeDistrust(g(), 'nope', 'nope', { now })],
  ])('INVALID_QUID at %s', (field, call) => {
    expect(failure(call)).toStrictEqual({ code: 'INVALID_QUID', field });
  });
});

describe('domain filter', () => {
  it.each([
    ['d0', [0.25, 0, 0]],
    ['d1', [0, 0.5, 0]],
    ['d2', [0, 0, 0.75]],
    ['unknown', [0, 0, 0]],
    [undefined, [0.25, 0.5, 0.75]],
  ])('domain %s: single-source and relational trust count only its edges', (domain, want) => {
    const g = domainGraph();
    const opts = domain === undefined ? { now } : { now, domain };
    const all = computeSingleSourceTrust(g, A, opts);
    expect([B, C, D].map((t) => all.trustIn(t))).toStrictEqual(want);
    expect([B, C, D].map((t) => computeRelationalTrust(g, A, t, opts).trustLevel)).toStrictEqual(
      want,
    );
  });
});

describe('single-source result after the graph grows', () => {
  it('gives 0 to quids added after the search', () => {
    const g = domainGraph();
    const all = computeSingleSourceTrust(g, A, { now });
    g.setEdge({ truster: E, trustee: F, level: 1 });
    expect([E, F, B].map((t) => all.trustIn(t))).toStrictEqual([0, 0, 0.25]);
  });
});

describe('computeDistrust', () => {
  it('weighs a revoker by verified-only trust, even when the query includes unverified edges', () => {
    const g = new TrustGraph();
    g.setEdge({ truster: A, trustee: B, level: 0.8 });
    g.setEdge({ truster: A, trustee: C, level: 0.9, verified: false, validator: B });
    g.setEdge({ truster: C, trustee: X, level: 0 });
    const opts = { now, includeUnverified: true };
    expect(computeRelationalTrust(g, A, C, opts).trustLevel).toBeCloseTo(0.72, 12);
    expect(computeDistrust(g, A, X, opts)).toBe(0);
    g.setEdge({ truster: B, trustee: X, level: 0 });
    expect(computeDistrust(g, A, X, opts)).toBe(0.8);
  });
});
