import type { EksLossReason } from '@qcos/chips-codec';
import {
  type AbortReason,
  DEFAULT_DECOY_SOURCE,
  DEFAULT_DETECTOR,
  type DecoyBb84Link,
  eksLossReasonOf,
  expectedGainAndQber,
  runDecoyBb84,
} from '@qcos/eks-qkd-sim';
import type { QkdChannel, QkdRound, QkdRoundOutcome } from './eks-keeper.js';

/** Standard telecom fibre loss at 1550 nm. */
export const FIBRE_LOSS_DB_PER_KM = 0.2;
/** Pulses per round: enough sifted bits for a stable QBER estimate and a few keys at 10–50 km. */
export const DEFAULT_PULSES_PER_ROUND = 2 ** 20;
/**
 * QBER above the link's honest expectation that counts as an attack: the
 * sampling spread of a 2^20-pulse round's estimate is well under 1%.
 */
export const EXCESS_QBER_ATTACK = 0.03;

/** The simulated link of a channel: the package's default decoy source and detector, our fibre. */
export function linkOf(channel: QkdChannel): DecoyBb84Link {
  return {
    source: DEFAULT_DECOY_SOURCE,
    fibre: { distanceKm: channel.distanceKm, lossDbPerKm: FIBRE_LOSS_DB_PER_KM },
    detector: DEFAULT_DETECTOR,
    attack:
      channel.eavesdropper > 0
        ? { kind: 'intercept-resend', fraction: channel.eavesdropper }
        : { kind: 'none' },
  };
}

/**
 * Why an aborted round loses the EKS. When the estimated QBER exceeds the
 * link's honest expectation (its calibration, from the analytic model) by
 * more than EXCESS_QBER_ATTACK, only an eavesdropper explains the excess
 * errors: EAVESDROPPER_DETECTED. Otherwise eks-qkd-sim's mapping applies.
 */
export function lossReasonOf(
  reason: AbortReason,
  qberEstimate: number,
  channel: QkdChannel,
): EksLossReason {
  const link = linkOf(channel);
  const honest = expectedGainAndQber(link.source.signalMean, link.fibre, link.detector).qber;
  if (qberEstimate > honest + EXCESS_QBER_ATTACK) return 'EAVESDROPPER_DETECTED';
  return eksLossReasonOf(reason);
}

/**
 * One decoy-state BB84 session of eks-qkd-sim over the channel, deterministic
 * from the seed: the QAN running the same seed and channel gets the same key
 * or the same abort.
 */
export function decoyBb84Round(pulses = DEFAULT_PULSES_PER_ROUND): QkdRound {
  return (seed: Uint8Array, channel: QkdChannel): QkdRoundOutcome => {
    const outcome = runDecoyBb84({ link: linkOf(channel), pulses, seed });
    const report = outcome.report;
    if (report.abortReason !== undefined) {
      return {
        ok: false,
        reason: lossReasonOf(report.abortReason, report.qberEstimate, channel),
        qber: report.qberEstimate,
      };
    }
    return { ok: true, key: outcome.aliceKey, qber: report.qberEstimate };
  };
}
