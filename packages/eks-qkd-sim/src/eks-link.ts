import { checkInteger, checkRange } from './errors.js';
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

/**
 * An EksLink in the fixed-point form EKS_SYNC carries it (docs/spec/eks-qkd-sim.md §9.1): metres,
 * thousandths of a dB per km, pulses, parts per million. Integers only, so both ends of a link
 * reconstruct exactly the same EksLink from it.
 */
export interface EksWireLink {
  readonly distanceM: number;
  readonly fibreLossMilliDbPerKm: number;
  readonly pulsesPerRound: number;
  readonly eavesdropperPpm: number;
}

/** Bounds of an EksWireLink (the same as CHIPS EKS_SYNC's). */
export const EKS_WIRE_LINK_LIMITS = Object.freeze({
  maxDistanceM: 500_000,
  maxFibreLossMilliDbPerKm: 1_000,
  minPulsesPerRound: 1_024,
  maxPulsesPerRound: 4_194_304,
  maxEavesdropperPpm: 1_000_000,
});

function checkWireLink(w: EksWireLink): EksWireLink {
  const l = EKS_WIRE_LINK_LIMITS;
  checkInteger('distanceM', w.distanceM, 0, l.maxDistanceM);
  checkInteger('fibreLossMilliDbPerKm', w.fibreLossMilliDbPerKm, 0, l.maxFibreLossMilliDbPerKm);
  checkInteger('pulsesPerRound', w.pulsesPerRound, l.minPulsesPerRound, l.maxPulsesPerRound);
  checkInteger('eavesdropperPpm', w.eavesdropperPpm, 0, l.maxEavesdropperPpm);
  return w;
}

/** The fixed-point form of a link, rounded to the nearest unit; out of bounds: INVALID_PARAMETER. */
export function eksWireLinkOf(link: EksLink): EksWireLink {
  return checkWireLink({
    distanceM: Math.round(link.distanceKm * 1000),
    fibreLossMilliDbPerKm: Math.round(link.fibreLossDbPerKm * 1000),
    pulsesPerRound: link.pulsesPerRound,
    eavesdropperPpm: Math.round(link.eavesdropper * 1_000_000),
  });
}

/** The link a fixed-point form stands for; out of bounds or not integers: INVALID_PARAMETER. */
export function eksLinkOfWire(wire: EksWireLink): EksLink {
  const w = checkWireLink(wire);
  return {
    distanceKm: w.distanceM / 1000,
    fibreLossDbPerKm: w.fibreLossMilliDbPerKm / 1000,
    pulsesPerRound: w.pulsesPerRound,
    eavesdropper: w.eavesdropperPpm / 1_000_000,
  };
}
