import { type DecoyBb84Link, totalTransmittance } from './physics.js';

/**
 * Intercept-resend over a lossless line (spec §3.2): the intercept-resend attack of Bennett and
 * Brassard (1984), with the channel replaced by a lossless one so that Eve hides in the loss, as
 * Brassard, Lütkenhaus, Mor, Sanders, PRL 85, 1330 (2000) allow her to. Eve, at Alice's output
 * with an ideal detector, measures every attacked pulse that holds a photon (probability
 * 1 − e^(−μ) for a signal pulse) in a random BB84 basis and resends one photon in her basis over
 * her own lossless line straight into Bob's detector, where it fires with probability η_det. She
 * forwards a share p_f of her results, the same for every pulse (she cannot tell the intensity
 * class), so that Bob's signal-detection probability is the honest one:
 *
 *   (1 − e^(−μ))·p_f·η_det = 1 − e^(−μη),   p_f = min(1, (1 − e^(−μη)) / ((1 − e^(−μ))·η_det)).
 *
 * Returns t = p_f·η_det, the probability that one photon she resends fires Bob's detector. The
 * match needs p_f ≤ 1, i.e. η_fibre ≤ −ln(1 − (1 − e^(−μ))·η_det)/(μ·η_det): 0.82 for μ = 0.5,
 * η_det = 0.2, so beyond 4.3 km of 0.2 dB/km fibre; closer, p_f = 1 and Bob's signal gain falls
 * (Eve shows in it). Decoy pulses (ν < μ) hold a photon more often per unit of mean,
 * (1 − e^(−ν))/ν > (1 − e^(−μ))/μ, so their gain rises above the honest one, which the decoy
 * bounds see; the resent photon's basis is Eve's, so the QBER rises by 1/4 − e_d/2 per attacked
 * click.
 */
export function losslessResendClickProb(link: DecoyBb84Link): number {
  const mu = link.source.signalMean;
  const eta = totalTransmittance(link.fibre, link.detector);
  // expm1 keeps the digits of 1 − e^(−x) when x is small (long fibres, weak pulses).
  const honestSignalDetection = -Math.expm1(-mu * eta);
  const photonPresent = -Math.expm1(-mu);
  return Math.min(link.detector.efficiency, honestSignalDetection / photonPresent);
}
