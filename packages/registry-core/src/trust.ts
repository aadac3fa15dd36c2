/**
 * Acceptance tiers of a block's origin, computed from the genesis trust anchor over the
 * TRUST_EDGE records in the log, so every QAN that folded the same blocks gets the same tier.
 *
 * What each tier may do (docs/spec/registry.md §6):
 * - trusted:   every record kind.
 * - tentative: HEARTBEAT, EKS_SYNC and MAINTENANCE about nodes it registered itself.
 * - untrusted: nothing; its blocks are refused (it cannot register, quarantine or trust).
 * - invalid:   its blocks are refused outright (ORIGIN_INVALID).
 */
import type { Quid } from '@qcos/trust-graph';
import { MAX_TRUST_DEPTH, PPM } from './limits.js';
import type { RecordKind } from './records.js';
import type { RegistryState } from './state.js';

export type TrustTier = 'trusted' | 'tentative' | 'untrusted' | 'invalid';

/** How the fold tiers a block's origin. Must depend only on (origin, state). */
export type TierOf = (origin: Quid, state: RegistryState) => TrustTier;

export interface TierThresholds {
  /** Trust (ppm) at or above which an origin is trusted (default 700_000). */
  readonly trustedPpm: number;
  /** Trust (ppm) at or above which an origin is tentative (default 300_000). */
  readonly tentativePpm: number;
  /** Longest trust path considered (default 5). */
  readonly maxDepth: number;
}

export const DEFAULT_TIER_THRESHOLDS: TierThresholds = {
  trustedPpm: 700_000,
  tentativePpm: 300_000,
  maxDepth: MAX_TRUST_DEPTH,
};

/**
 * Relational trust from `observer` to `target` in ppm: the maximum over paths of at most
 * `maxDepth` edges of the product of edge levels, each product step rounded down
 * (floor(a·b / 10^6)). observer = target → 10^6; no path → 0.
 *
 * Computed by dynamic programming over path length (O(depth · edges)). Levels are ≤ 1, so a
 * walk that repeats a node is never better than the simple path that skips the cycle, and the
 * maximum over walks equals the maximum over simple paths.
 *
 * Why not @qcos/trust-graph's search: it ranks paths by their exact real product, and from
 * three edges on the path with the best exact product need not have the best product rounded
 * down at each hop (anchor→a→b→x at 333 333 · 333 333 · 999 999 ppm has the larger exact
 * product, 111 110.78 ppm, but rounds to 111 109; anchor→c→d→x at 10^6 · 111 110 · 10^6 gives
 * 111 110). Taking its path, or flooring its exact product once, would change trust values
 * and so tiers; this rule is consensus (registry spec §6.1), so it keeps its own search.
 */
export function relationalTrustPpm(
  state: RegistryState,
  observer: Quid,
  target: Quid,
  maxDepth: number = MAX_TRUST_DEPTH,
): number {
  if (observer === target) return PPM;
  let frontier = new Map<Quid, number>([[observer, PPM]]);
  let best = 0;
  for (let d = 0; d < maxDepth && frontier.size > 0; d++) {
    const next = new Map<Quid, number>();
    for (const [from, t] of frontier) {
      const edges = state.trustEdges.get(from);
      if (!edges) continue;
      for (const [to, level] of edges) {
        const v = Math.floor((t * level) / PPM);
        if (v === 0) continue;
        if (to === target) {
          if (v > best) best = v;
          continue;
        }
        if (v > (next.get(to) ?? 0)) next.set(to, v);
      }
    }
    frontier = next;
  }
  return best;
}

/** The default tier function: relational trust from the genesis anchor against thresholds. */
export function defaultTierOf(thresholds: TierThresholds = DEFAULT_TIER_THRESHOLDS): TierOf {
  return (origin, state) => {
    if (!state.qanKeys.has(origin)) return 'invalid';
    const t = relationalTrustPpm(state, state.anchor, origin, thresholds.maxDepth);
    if (t >= thresholds.trustedPpm) return 'trusted';
    if (t >= thresholds.tentativePpm) return 'tentative';
    return 'untrusted';
  };
}

const TENTATIVE_KINDS: ReadonlySet<RecordKind> = new Set(['HEARTBEAT', 'EKS_SYNC', 'MAINTENANCE']);

/** Whether an origin of `tier` may write a record of `kind` about a node whose home QAN is `home`. */
export function mayWrite(
  tier: TrustTier,
  kind: RecordKind,
  origin: Quid,
  home: Quid | undefined,
): boolean {
  if (tier === 'trusted') return true;
  if (tier === 'tentative') return TENTATIVE_KINDS.has(kind) && home === origin;
  return false;
}
