import { checkRange } from './errors.js';
import { DEFAULT_DECOY_SOURCE, DEFAULT_DETECTOR, type DecoyBb84Link } from './physics.js';

/**
 * The simulated QKD link between a node and its QAN (or relay), as both ends must agree on it
 * to run the same round: everything that is not the package's default source and detector.
 */
export interface EksLink {
  readonly distanceKm: number;
  readonly fibreLossDbPerKm: number;
  /** Pulses Alice sends per round. */
  readonly pulsesPerRound: number;
  /** Fraction of pulses an intercept-resend eavesdropper measures (0 = no eavesdropper). */
  readonly eavesdropper: number;
}

/**
 * The link every QCOS end assumes unless configured otherwise: 10 km of standard telecom fibre
 * at 1550 nm (0.2 dB/km), 2^20 pulses per round (enough sifted bits for a stable QBER estimate
 * and a few keys at 10–50 km), no eavesdropper.
 */
export const DEFAULT_EKS_LINK: EksLink = {
  distanceKm: 10,
  fibreLossDbPerKm: 0.2,
  pulsesPerRound: 2 ** 20,
  eavesdropper: 0,
};

/** The decoy-state BB84 link of eks-qkd-sim that an EKS link stands for (runDecoyBb84 checks the rest). */
export function decoyLinkOf(link: EksLink): DecoyBb84Link {
  checkRange('eavesdropper', link.eavesdropper, 0, 1);
  return {
    source: DEFAULT_DECOY_SOURCE,
    fibre: { distanceKm: link.distanceKm, lossDbPerKm: link.fibreLossDbPerKm },
    detector: DEFAULT_DETECTOR,
    attack:
      link.eavesdropper > 0
        ? { kind: 'intercept-resend', fraction: link.eavesdropper }
        : { kind: 'none' },
  };
}
