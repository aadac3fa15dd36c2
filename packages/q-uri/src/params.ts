/** What the QNH may do when the target is quarantined: re-route to another node, or not. */
export type ReroutePolicy = 'allow' | 'deny';

/**
 * Typed job parameters of a `/run` Q-URI. Parameters with a default are always present;
 * `qubits` and `deadlineMs` are absent when the URI sets no requirement.
 */
export interface QUriParams {
  /** Number of circuit repetitions, 1..1_000_000; default 1024. Query name `shots`. */
  readonly shots: number;
  /** Least average gate fidelity the node must have, 0..1 in steps of 1e-6; default 0. `min-fidelity`. */
  readonly minFidelity: number;
  /** Least qubit capacity the node must have, 1..32767 (the registry's INT16). `qubits`. */
  readonly qubits?: number;
  /** Time budget from submission in ms, 1..86_400_000 (24 h). `deadline-ms`. */
  readonly deadlineMs?: number;
  /** Re-route policy when the target is quarantined; default 'allow'. `reroute`. */
  readonly reroute: ReroutePolicy;
  /** Scheduling priority 0 (best effort) .. 7 (most urgent), like IEEE 802.1p; default 0. */
  readonly priority: number;
}

/** An inclusive integer range of a numeric parameter. */
export interface IntRange {
  readonly min: number;
  readonly max: number;
}

export const SHOTS_RANGE: IntRange = { min: 1, max: 1_000_000 };
export const QUBITS_RANGE: IntRange = { min: 1, max: 32_767 };
export const DEADLINE_MS_RANGE: IntRange = { min: 1, max: 86_400_000 };
export const PRIORITY_RANGE: IntRange = { min: 0, max: 7 };
/** min-fidelity is carried as parts per million so that its decimal form is exact. */
export const MIN_FIDELITY_PPM_RANGE: IntRange = { min: 0, max: 1_000_000 };
/** At most this many digits after the decimal point of `min-fidelity`. */
export const MIN_FIDELITY_MAX_FRACTION_DIGITS = 6;

/** The parameters of a `/run` Q-URI that sets nothing; the canonical form omits these values. */
export const DEFAULT_PARAMS: QUriParams = Object.freeze({
  shots: 1024,
  minFidelity: 0,
  reroute: 'allow',
  priority: 0,
});

/** What a `/link` job does with the pairs of its link contract. */
export type LinkUse = 'chsh' | 'teleport';

/**
 * Typed parameters of a `/link` Q-URI: a run over an ACTIVE link contract whose first
 * participant is the target. `contract`, `use` and `pairs` are required; `thetaUrad` and
 * `phiUrad` (the state to teleport) are present exactly when `use` is `teleport`.
 */
export interface QUriLinkParams {
  /** The contract's id, 1..9 999 999 999. Query name `contract`. */
  readonly contract: number;
  readonly use: LinkUse;
  /** Pairs to run, 1..65 536. */
  readonly pairs: number;
  /** Polar angle of the state, 0..3 141 593 µrad. `theta-urad`. */
  readonly thetaUrad?: number;
  /** Azimuth of the state, 0..6 283 185 µrad. `phi-urad`. */
  readonly phiUrad?: number;
}

export const CONTRACT_RANGE: IntRange = { min: 1, max: 9_999_999_999 };
export const PAIRS_RANGE: IntRange = { min: 1, max: 65_536 };
export const THETA_URAD_RANGE: IntRange = { min: 0, max: 3_141_593 };
export const PHI_URAD_RANGE: IntRange = { min: 0, max: 6_283_185 };
