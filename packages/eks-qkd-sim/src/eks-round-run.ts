import { runDecoyBb84 } from './decoy-bb84.js';
import { decoyLinkOf, type EksLink } from './eks-link.js';
import { eksRoundLossReason } from './eks-round-loss.js';
import type { EksLossReason } from './eks-status.js';

/**
 * Which end's key a caller keeps. The node (the EKS_SYNC sender) is Alice; the QAN or relay
 * mirroring its round is Bob. After a round that did not abort both keys are equal (the
 * verification hash passed), so the side matters only for what each end really holds.
 */
export type EksRoundSide = 'alice' | 'bob';

/** One EKS round: the side's distilled key, or the reason the round lost the EKS. */
export type EksRoundOutcome =
  | { readonly ok: true; readonly key: Uint8Array; readonly qber: number }
  | { readonly ok: false; readonly reason: EksLossReason; readonly qber: number };

/**
 * Runs one decoy-state BB84 round over the link, deterministic from the round seed
 * (eksRoundSeed): the other end running the same seed and link reaches the same key or the same
 * abort. Cut the key into named keys with eksRoundKeys.
 */
export function runEksRound(seed: Uint8Array, link: EksLink, side: EksRoundSide): EksRoundOutcome {
  const run = runDecoyBb84({ link: decoyLinkOf(link), pulses: link.pulsesPerRound, seed });
  const report = run.report;
  if (report.abortReason !== undefined) {
    return {
      ok: false,
      reason: eksRoundLossReason(report.abortReason, report.qberEstimate, link),
      qber: report.qberEstimate,
    };
  }
  // Stryker disable next-line ConditionalExpression,EqualityOperator,StringLiteral: equivalent, both keys are equal after a round that did not abort (see EksRoundSide)
  return { ok: true, key: side === 'alice' ? run.aliceKey : run.bobKey, qber: report.qberEstimate };
}
