import type { Quid } from '@qcos/identity';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeSingleSourceTrust, TrustCache, TrustGraph } from '../src/index.js';

const quids = Array.from({ length: 8 }, (_, i) => `${i}`.repeat(16) as Quid);

const opArb = fc.oneof(
  fc.record({
    kind: fc.constant('set' as const),
    from: fc.nat(7),
    to: fc.nat(7),
    level: fc.constantFrom(0, 0.25, 0.5, 0.9, 1),
    verified: fc.constantFrom(true, true, false),
    validator: fc.nat(7),
    validUntil: fc.constantFrom(undefined, undefined, 30, 60),
  }),
  fc.record({
    kind: fc.constant('query' as const),
    observer: fc.nat(7),
    maxDepth: fc.integer({ min: 1, max: 4 }),
    includeUnverified: fc.boolean(),
    now: fc.constantFrom(10, 40, 70),
  }),
);

describe('TrustCache under edge changes', () => {
  it('always answers exactly what a fresh computation answers', () => {
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 1, maxLength: 80 }), (ops) => {
        const g = new TrustGraph();
        const cache = new TrustCache(g, 4);
        for (const op of ops) {
          if (op.kind === 'set') {
            if (op.from === op.to) continue;
            g.setEdge({
              truster: quids[op.from] as Quid,
              trustee: quids[op.to] as Quid,
              level: op.level,
              verified: op.verified,
              validator: quids[op.validator] as Quid,
              ...(op.validUntil === undefined ? {} : { validUntil: op.validUntil }),
            });
            continue;
          }
          const options = {
            now: op.now,
            maxDepth: op.maxDepth,
            includeUnverified: op.includeUnverified,
          };
          const observer = quids[op.observer] as Quid;
          const cached = cache.singleSource(observer, options);
          const fresh = computeSingleSourceTrust(g, observer, options);
          for (const q of quids) expect(cached.resultFor(q)).toEqual(fresh.resultFor(q));
        }
      }),
      { numRuns: 600, seed: 7 },
    );
  });

  it('keeps answering correctly across traversal-index rebuilds and journal overflow', () => {
    const g = new TrustGraph();
    const cache = new TrustCache(g);
    const many = Array.from({ length: 300 }, (_, i) => i.toString(16).padStart(16, '0') as Quid);
    g.setEdge({ truster: many[0] as Quid, trustee: many[1] as Quid, level: 0.5 });
    expect(
      cache.computeRelationalTrust(many[0] as Quid, many[1] as Quid, { now: 0 }).trustLevel,
    ).toBe(0.5);
    // 5 000 changes: more than the journal holds and enough to force an index rebuild.
    for (let i = 0; i < 5_000; i++) {
      const a = many[(i * 7) % 300] as Quid;
      const b = many[(i * 13 + 1) % 300] as Quid;
      if (a !== b) g.setEdge({ truster: a, trustee: b, level: ((i % 4) + 1) / 4 });
    }
    const got = cache.computeRelationalTrust(many[0] as Quid, many[299] as Quid, { now: 0 });
    const fresh = computeSingleSourceTrust(g, many[0] as Quid, { now: 0 }).resultFor(
      many[299] as Quid,
    );
    expect(got).toEqual(fresh);
    expect(cache.stats.flushes).toBe(1);
  });
});
