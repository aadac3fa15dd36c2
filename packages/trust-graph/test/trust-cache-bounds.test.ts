import type { Quid } from '@qcos/identity';
import { describe, expect, it } from 'vitest';
import { TrustCache, TrustGraph, TrustGraphError } from '../src/index.js';
import { q } from './fixtures.js';

const [A, B, C, D] = ['a', 'b', 'c', 'd'].map(q) as [Quid, Quid, Quid, Quid];
const now = 1;

function cacheOf(maxEntries?: number): TrustCache {
  const g = new TrustGraph();
  g.setEdge({ truster: A, trustee: B, level: 0.5 });
  g.setEdge({ truster: B, trustee: C, level: 0.5, domain: 'x' });
  g.setEdge({ truster: C, trustee: D, level: 0.5 });
  return new TrustCache(g, maxEntries);
}

describe('TrustCache bounds and keys', () => {
  it('evicts the least recently used entry beyond maxEntries', () => {
    const cache = cacheOf(2);
    cache.singleSource(A, { now });
    cache.singleSource(B, { now });
    cache.singleSource(A, { now }); // hit: A becomes most recently used
    cache.singleSource(C, { now }); // evicts B
    expect(cache.stats).toStrictEqual({
      hits: 1,
      misses: 3,
      invalidations: 0,
      flushes: 0,
      size: 2,
    });
    cache.singleSource(A, { now });
    expect(cache.stats.hits).toBe(2);
    cache.singleSource(B, { now });
    expect(cache.stats).toStrictEqual({
      hits: 2,
      misses: 4,
      invalidations: 0,
      flushes: 0,
      size: 2,
    });
  });

  it('keeps exactly maxEntries entries', () => {
    const cache = cacheOf(3);
    for (const o of [A, B, C]) cache.singleSource(o, { now });
    expect(cache.stats.size).toBe(3);
    for (const o of [A, B, C]) cache.singleSource(o, { now });
    expect(cache.stats).toStrictEqual({
      hits: 3,
      misses: 3,
      invalidations: 0,
      flushes: 0,
      size: 3,
    });
  });

  it('caches each domain separately from the all-domains query', () => {
    const cache = cacheOf();
    expect(cache.computeRelationalTrust(A, C, { now, domain: 'x' }).trustLevel).toBe(0);
    expect(cache.computeRelationalTrust(A, C, { now }).trustLevel).toBe(0.25);
    expect(cache.computeRelationalTrust(A, D, { now, domain: 'x' }).trustLevel).toBe(0);
    expect(cache.computeRelationalTrust(A, D, { now }).trustLevel).toBe(0.125);
    expect(cache.stats).toStrictEqual({
      hits: 2,
      misses: 2,
      invalidations: 0,
      flushes: 0,
      size: 2,
    });
  });

  it('caches each named domain separately', () => {
    const cache = cacheOf();
    expect(cache.computeRelationalTrust(B, C, { now, domain: 'x' }).trustLevel).toBe(0.5);
    expect(cache.computeRelationalTrust(B, C, { now, domain: 'default' }).trustLevel).toBe(0);
    expect(cache.stats.misses).toBe(2);
  });

  it.each([
    ['observer', (c: TrustCache) => c.singleSource('x', { now })],
    ['target', (c: TrustCache) => c.computeRelationalTrust(A, 'x', { now })],
  ])('rejects a bad %s quid', (field, f) => {
    const cache = cacheOf();
    let caught: unknown;
    try {
      f(cache);
    } catch (err) {
      caught = err;
    }
    expect(caught instanceof TrustGraphError && [caught.code, caught.field]).toStrictEqual([
      'INVALID_QUID',
      field,
    ]);
  });
});
