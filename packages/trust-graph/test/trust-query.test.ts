import type { Quid } from '@qcos/identity';
import { describe, expect, it } from 'vitest';
import {
  computeRelationalTrust,
  computeSingleSourceTrust,
  TrustGraph,
  TrustGraphError,
  type TrustQueryOptions,
} from '../src/index.js';
import { confidenceOf } from '../src/trust-query.js';
import { q } from './fixtures.js';

const [A, B, C] = ['a', 'b', 'c'].map(q) as [Quid, Quid, Quid];

function rejection(f: () => unknown): { code: string; field: string } {
  try {
    f();
  } catch (err) {
    if (err instanceof TrustGraphError) return { code: err.code, field: err.field };
    throw err;
  }
  throw new Error('expected a TrustGraphError');
}

function chain(): TrustGraph {
  const g = new TrustGraph();
  g.setEdge({ truster: A, trustee: B, level: 0.5 });
  return g;
}

describe('query options', () => {
  it.each<[string, unknown, string, string]>([
    ['missing options', undefined, 'INVALID_TIME', 'now'],
    ['null options', null, 'INVALID_TIME', 'now'],
    ['a string now', { now: '5' }, 'INVALID_TIME', 'now'],
    ['a fractional now', { now: 1.5 }, 'INVALID_TIME', 'now'],
    ['an unsafe now', { now: 2 ** 53 }, 'INVALID_TIME', 'now'],
    ['a negative maxDepth', { now: 1, maxDepth: -1 }, 'INVALID_DEPTH', 'maxDepth'],
    ['a maxDepth above 16', { now: 1, maxDepth: 17 }, 'INVALID_DEPTH', 'maxDepth'],
    ['a fractional maxDepth', { now: 1, maxDepth: 1.5 }, 'INVALID_DEPTH', 'maxDepth'],
    ['an invalid domain', { now: 1, domain: 'a b' }, 'INVALID_DOMAIN', 'domain'],
  ])('reject %s in point and single-source queries', (_, options, code, field) => {
    const g = chain();
    const opts = options as TrustQueryOptions;
    expect(rejection(() => computeRelationalTrust(g, A, B, opts))).toStrictEqual({ code, field });
    expect(rejection(() => computeSingleSourceTrust(g, A, opts))).toStrictEqual({ code, field });
  });

  it.each([
    [0, 0],
    [16, 0.5],
  ])('accept maxDepth %i', (maxDepth, trust) => {
    expect(computeRelationalTrust(chain(), A, B, { now: 1, maxDepth }).trustLevel).toBe(trust);
  });

  it('restricts to the named domain', () => {
    const g = chain();
    g.setEdge({ truster: B, trustee: C, level: 0.5, domain: 'x' });
    expect(computeRelationalTrust(g, A, C, { now: 1 }).trustLevel).toBe(0.25);
    expect(computeRelationalTrust(g, A, C, { now: 1, domain: 'x' }).trustLevel).toBe(0);
    expect(computeRelationalTrust(g, B, C, { now: 1, domain: 'x' }).trustLevel).toBe(0.5);
  });
});

describe('confidenceOf', () => {
  it.each([
    [0, false, 'low'],
    [0, true, 'high'],
    [1, true, 'medium'],
    [2, true, 'low'],
    [3, true, 'low'],
  ])('gives %i unverified hops (path: %s) confidence %s', (hops, hasPath, confidence) => {
    expect(confidenceOf(hops, hasPath)).toBe(confidence);
  });
});
