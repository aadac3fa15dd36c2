import type { Quid } from '@qcos/identity';
import { computeRelationalTrust, TrustGraph } from '@qcos/trust-graph';
import { describe, expect, it } from 'vitest';
import {
  defaultTierOf,
  mayWrite,
  type RecordKind,
  type RegistryState,
  relationalTrustPpm,
  type TrustTier,
  trustGraphTierOf,
} from '../src/index.js';
import { ANCHOR, genesis, qan } from './helpers.js';

/**
 * A genesis state whose trust edges are `edges` between QANs named by number; every trustee,
 * and every QAN in `known`, is a known QAN key.
 */
function withEdges(
  edges: readonly [number, number, number][],
  known: readonly number[] = [],
): RegistryState {
  const g = genesis();
  const trustEdges = new Map<Quid, Map<Quid, number>>();
  const qanKeys = new Map(g.qanKeys);
  for (const [from, to, levelPpm] of edges) {
    const out = trustEdges.get(qan(from).quid) ?? new Map<Quid, number>();
    out.set(qan(to).quid, levelPpm);
    trustEdges.set(qan(from).quid, out);
  }
  for (const n of [...edges.map(([, to]) => to), ...known])
    qanKeys.set(qan(n).quid, qan(n).key.publicKey);
  return { ...g, trustEdges, qanKeys };
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

describe('defaultTierOf (trusted from 700 000 ppm, tentative from 300 000)', () => {
  // The anchor trusts QAN i + 2 directly at levels[i]; over one hop the trust is the level.
  const levels = [700_000, 699_999, 300_000, 299_999];
  const s = withEdges(levels.map((levelPpm, i) => [ANCHOR, i + 2, levelPpm]));
  it.each([
    [700_000, 'trusted'],
    [699_999, 'tentative'],
    [300_000, 'tentative'],
    [299_999, 'untrusted'],
  ])('a QAN trusted at %i ppm is %s', (levelPpm, tier) => {
    expect(defaultTierOf()(qan(levels.indexOf(levelPpm) + 2).quid, s)).toBe(tier);
  });
});

describe('mayWrite', () => {
  const origin = qan(2).quid;
  const home = { 'its origin': origin, 'another QAN': qan(3).quid, none: undefined };
  it.each([
    ['trusted', 'REGISTER', 'another QAN', true],
    ['trusted', 'POLICY', 'its origin', false],
    ['trusted', 'OPERATOR_ACTION', 'none', true],
    ['tentative', 'OPERATOR_ACTION', 'none', true],
    ['tentative', 'HEARTBEAT', 'its origin', true],
    ['tentative', 'HEARTBEAT', 'another QAN', false],
    ['tentative', 'REGISTER', 'its origin', false],
    ['tentative', 'CRITICAL_FAULT', 'its origin', false],
    ['untrusted', 'OPERATOR_ACTION', 'none', false],
    ['untrusted', 'HEARTBEAT', 'its origin', false],
  ] as [TrustTier, RecordKind, keyof typeof home, boolean][])(
    'may a %s origin write %s (node homed at: %s)? %s',
    (tier, kind, homeOf, want) => {
      expect(mayWrite(tier, kind, origin, home[homeOf])).toBe(want);
    },
  );
});

describe('trustGraphTierOf', () => {
  it('the anchor is trusted before any trust edge exists', () => {
    expect(trustGraphTierOf()(qan(ANCHOR).quid, genesis())).toBe('trusted');
  });

  it('a QAN no trust edge reaches is untrusted, with or without edges from the anchor', () => {
    expect(trustGraphTierOf()(qan(4).quid, withEdges([], [4]))).toBe('untrusted');
    expect(trustGraphTierOf()(qan(4).quid, withEdges([[ANCHOR, 2, 900_000]], [4]))).toBe(
      'untrusted',
    );
  });
});
