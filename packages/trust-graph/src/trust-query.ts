/** Options and result shapes of relational trust queries. */

import type { Quid } from '@qcos/identity';
import { TrustGraphError } from './errors.js';
import { checkDomain, checkQuid } from './graph.js';
import { DEFAULT_MAX_DEPTH, MAX_DEPTH_LIMIT } from './limits.js';

export interface TrustQueryOptions {
  /** Evaluation time, unix ms: edges with validUntil ≤ now are ignored. */
  readonly now: number;
  /** Longest path considered, in edges (default 5, at most 16). */
  readonly maxDepth?: number;
  /** Also use unverified edges, discounted by the observer's trust in their validator. */
  readonly includeUnverified?: boolean;
  /** Only edges of this trust domain; all domains when omitted. */
  readonly domain?: string;
}

export type TrustConfidence = 'high' | 'medium' | 'low';

/** One unverified hop of a trust path and what it was discounted by. */
export interface VerificationGap {
  readonly from: Quid;
  readonly to: Quid;
  readonly validator: Quid;
  /** The observer's verified-only trust in the validator (the discount factor). */
  readonly validatorTrust: number;
}

export interface RelationalTrust {
  /** Product of the (effective) levels along `path`, evaluated left to right in binary64. */
  readonly trustLevel: number;
  /** Observer … target; [observer] when they are the same; [] when there is no path. */
  readonly path: readonly Quid[];
  /** Number of edges in `path`. */
  readonly depth: number;
  readonly confidence: TrustConfidence;
  readonly unverifiedHops: number;
  readonly gaps: readonly VerificationGap[];
}

export interface ResolvedQuery {
  readonly now: number;
  readonly maxDepth: number;
  readonly includeUnverified: boolean;
  readonly domain: string | undefined;
}

export function resolveQuery(options: TrustQueryOptions): ResolvedQuery {
  if (typeof options !== 'object' || options === null) {
    throw new TrustGraphError('INVALID_TIME', 'now', 'query options with `now` are required');
  }
  const { now } = options;
  if (typeof now !== 'number' || !Number.isSafeInteger(now)) {
    throw new TrustGraphError('INVALID_TIME', 'now', 'must be a safe integer (unix ms)');
  }
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  if (!Number.isInteger(maxDepth) || maxDepth < 0 || maxDepth > MAX_DEPTH_LIMIT) {
    throw new TrustGraphError(
      'INVALID_DEPTH',
      'maxDepth',
      `must be an integer in [0, ${MAX_DEPTH_LIMIT}]`,
    );
  }
  if (options.domain !== undefined) checkDomain(options.domain);
  return {
    now,
    maxDepth,
    includeUnverified: options.includeUnverified === true,
    domain: options.domain,
  };
}

/** The Quidnug rule: 0 unverified hops → high, 1 → medium, more → low. No path → low. */
export function confidenceOf(unverifiedHops: number, hasPath: boolean): TrustConfidence {
  if (!hasPath) return 'low';
  if (unverifiedHops === 0) return 'high';
  return unverifiedHops === 1 ? 'medium' : 'low';
}

export { checkQuid };
