/**
 * Tiered acceptance of a block issuer, after the Quidnug node's tiered block validation:
 * Trusted blocks are applied, Tentative ones kept aside, Untrusted ones only relayed,
 * Invalid ones rejected.
 */
import { TrustGraphError } from './errors.js';

export type AcceptanceTier = 'Trusted' | 'Tentative' | 'Untrusted' | 'Invalid';

export interface AcceptanceThresholds {
  /** trust ≥ trusted (and no disqualifying distrust) → Trusted. The domain's trust threshold. */
  readonly trusted: number;
  /** trust ≤ distrust → Untrusted; distrust evidence ≥ trusted → Invalid. */
  readonly distrust: number;
}

/** Quidnug's defaults: a domain threshold of 0.75 and a node distrust threshold of 0. */
export const DEFAULT_ACCEPTANCE_THRESHOLDS: AcceptanceThresholds = { trusted: 0.75, distrust: 0 };

function unit(x: number, field: string, code: 'INVALID_LEVEL' | 'INVALID_THRESHOLDS'): void {
  if (typeof x !== 'number' || !(x >= 0 && x <= 1)) {
    throw new TrustGraphError(code, field, 'must be a number in [0, 1]');
  }
}

/**
 * Classifies an issuer from the observer's relational `trust` in it and the `distrust`
 * evidence against it, both in [0, 1]. `distrust` is the strongest trust the observer
 * places in a claim that the issuer must not be believed: 1 for a block that failed its
 * cryptographic checks or a revocation by the observer itself, the observer's trust in
 * the revoker for a revocation by someone else, 0 when there is none.
 *
 *   distrust ≥ trusted                      → Invalid
 *   trust ≥ trusted and distrust ≤ distrustT → Trusted
 *   trust > distrustT                       → Tentative
 *   otherwise                               → Untrusted
 *
 * With distrust = 0 this is exactly the reference node's rule.
 */
export function classifyAcceptance(
  trust: number,
  distrust: number,
  thresholds: AcceptanceThresholds = DEFAULT_ACCEPTANCE_THRESHOLDS,
): AcceptanceTier {
  unit(trust, 'trust', 'INVALID_LEVEL');
  unit(distrust, 'distrust', 'INVALID_LEVEL');
  if (typeof thresholds !== 'object' || thresholds === null) {
    throw new TrustGraphError('INVALID_THRESHOLDS', 'thresholds', 'must be an object');
  }
  unit(thresholds.trusted, 'thresholds.trusted', 'INVALID_THRESHOLDS');
  unit(thresholds.distrust, 'thresholds.distrust', 'INVALID_THRESHOLDS');
  if (!(thresholds.distrust < thresholds.trusted)) {
    throw new TrustGraphError('INVALID_THRESHOLDS', 'thresholds', 'distrust must be below trusted');
  }
  if (distrust >= thresholds.trusted) return 'Invalid';
  if (trust >= thresholds.trusted && distrust <= thresholds.distrust) return 'Trusted';
  if (trust > thresholds.distrust) return 'Tentative';
  return 'Untrusted';
}
