/**
 * A tier function built on @qcos/trust-graph's engine: relational trust from the genesis anchor
 * computed by `computeRelationalTrust` over the TRUST_EDGE edges in the state, classified by
 * `classifyAcceptance` (the Quidnug rule: trusted at or above the domain threshold, tentative
 * above the distrust threshold, untrusted otherwise). Every QAN that uses it with the same
 * thresholds decides alike. The fold's default, `defaultTierOf`, is the integer (ppm) variant of
 * the same idea with an explicit tentative band.
 */
import type { Quid } from '@qcos/identity';
import {
  type AcceptanceThresholds,
  classifyAcceptance,
  computeRelationalTrust,
  DEFAULT_ACCEPTANCE_THRESHOLDS,
  TrustGraph,
} from '@qcos/trust-graph';
import { MAX_TRUST_DEPTH, PPM } from './limits.js';
import type { TierOf, TrustTier } from './trust.js';

const TIERS: Record<string, TrustTier> = {
  Trusted: 'trusted',
  Tentative: 'tentative',
  Untrusted: 'untrusted',
  Invalid: 'invalid',
};

export function trustGraphTierOf(
  thresholds: AcceptanceThresholds = DEFAULT_ACCEPTANCE_THRESHOLDS,
  maxDepth: number = MAX_TRUST_DEPTH,
): TierOf {
  // One graph per edge map: states share the map until a TRUST_EDGE record changes it.
  const graphs = new WeakMap<object, TrustGraph>();
  return (origin, state) => {
    if (!state.qanKeys.has(origin)) return 'invalid';
    if (origin === state.anchor) return 'trusted';
    let g = graphs.get(state.trustEdges);
    if (!g) {
      g = new TrustGraph();
      for (const [truster, out] of state.trustEdges) {
        for (const [trustee, levelPpm] of out)
          g.setEdge({ truster, trustee, level: levelPpm / PPM });
      }
      graphs.set(state.trustEdges, g);
    }
    if (!g.hasQuid(state.anchor) || !g.hasQuid(origin)) return 'untrusted';
    const trust = computeRelationalTrust(g, state.anchor as Quid, origin, {
      now: 0,
      maxDepth,
    }).trustLevel;
    return TIERS[classifyAcceptance(trust, 0, thresholds)] ?? 'invalid';
  };
}
