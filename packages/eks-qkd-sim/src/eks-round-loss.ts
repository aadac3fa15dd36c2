import { expectedGainAndQber } from './analytic.js';
import { decoyLinkOf, type EksLink } from './eks-link.js';
import { type EksLossReason, eksLossReasonOf } from './eks-status.js';
import type { AbortReason } from './report.js';

/**
 * QBER above the link's honest expectation that counts as an attack: the sampling spread of a
 * 2^20-pulse round's estimate is well under 1 %.
 */
export const EXCESS_QBER_ATTACK = 0.03;

/**
 * Why an aborted EKS round loses the EKS. When the estimated QBER exceeds the link's honest
 * expectation (its calibration, from the analytic model) by more than EXCESS_QBER_ATTACK, only
 * an eavesdropper explains the excess errors: EAVESDROPPER_DETECTED. Otherwise the package's
 * general mapping (eksLossReasonOf) applies.
 */
export function eksRoundLossReason(
  abort: AbortReason,
  qberEstimate: number,
  link: EksLink,
): EksLossReason {
  const decoy = decoyLinkOf(link);
  const honest = expectedGainAndQber(decoy.source.signalMean, decoy.fibre, decoy.detector).qber;
  if (qberEstimate > honest + EXCESS_QBER_ATTACK) return 'EAVESDROPPER_DETECTED';
  return eksLossReasonOf(abort);
}
