/**
 * Acceptance tiers of a block's origin, computed from the genesis trust anchor over the
 * trust edges in the log, so every QAN that folded the same blocks gets the same tier.
 *
 * What each tier may do (docs/spec/registry.md §6):
 * - trusted:   every record kind except the operator-only ones (DEREGISTER, POLICY, TRUST_EDGE),
 *              which reach the fold only inside an OPERATOR_ACTION it carries.
 * - tentative: HEARTBEAT, EKS_SYNC and MAINTENANCE about nodes it registered itself, and
 *              OPERATOR_ACTION (the authority is the operator's signature, not the courier).
 * - untrusted: nothing; its blocks are refused (it cannot register, quarantine or trust).
 * - invalid:   its blocks are refused outright (ORIGIN_INVALID).
 */
import type { Quid } from '@qcos/identity';
import { relationalTrustPpm as trustGraphPpm } from '@qcos/trust-graph';
import { MAX_TRUST_DEPTH } from './limits.js';
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
 * Relational trust from `observer` to `target` in ppm over the state's TRUST_EDGE edges:
 * @qcos/trust-graph's integer rule (best path product, rounded down at every hop), which every
 * QAN computes alike (registry spec §6.1).
 */
export function relationalTrustPpm(
  state: RegistryState,
  observer: Quid,
  target: Quid,
  maxDepth: number = MAX_TRUST_DEPTH,
): number {
  return trustGraphPpm(state.trustEdges, observer, target, maxDepth);
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
/** Kinds no QAN writes on its own: only an operator action carries them. */
const OPERATOR_ONLY_KINDS: ReadonlySet<RecordKind> = new Set([
  'DEREGISTER',
  'POLICY',
  'TRUST_EDGE',
]);

/** Whether an origin of `tier` may write a record of `kind` about a node whose home QAN is `home`. */
export function mayWrite(
  tier: TrustTier,
  kind: RecordKind,
  origin: Quid,
  home: Quid | undefined,
): boolean {
  if (OPERATOR_ONLY_KINDS.has(kind)) return false;
  if (kind === 'OPERATOR_ACTION') return tier === 'trusted' || tier === 'tentative';
  if (tier === 'trusted') return true;
  if (tier === 'tentative') return TENTATIVE_KINDS.has(kind) && home === origin;
  return false;
}
