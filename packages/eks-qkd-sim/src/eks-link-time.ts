import { decoyLinkOf, EKS_WIRE_LINK_LIMITS, type EksLink } from './eks-link.js';
import { checkInteger } from './errors.js';
import type { LinkTiming } from './link-timing.js';
import { type TimedRates, timedDecoyRates } from './timed-rates.js';

/**
 * The time axis of an EKS link (docs/spec/eks-qkd-sim.md §9.3). A round of P pulses is the key
 * of P/R seconds of link time, R the source's repetition rate; the node runs a round per round
 * period with as many pulses as its source sends in that period, so the key its pools gain per
 * second of wall time is the modelled link's key per second, and the far end admits rounds only
 * as fast as link time passes (EksLinkClock) — which also bounds the simulation work one peer
 * can ask of it to R pulses per second.
 */

/**
 * The source clock every EKS link assumes: 1 MHz. Slow enough that the simulator runs every
 * pulse of it in real time (a few per cent of a core per link at the measured speed); both ends
 * know it, so EKS_SYNC does not carry it.
 */
export const EKS_REPETITION_RATE_HZ = 1_000_000;

/**
 * The timing of the EKS link's source and detectors: 1 MHz slots, a window as wide as the slot,
 * no jitter and no dead time. The round contract pins the bytes of every round (§9.1), so the
 * detector here is the same as the per-pulse model's; a dead time or jitter for EKS links would
 * be a new version of that contract.
 */
export const EKS_LINK_TIMING: LinkTiming = {
  repetitionRateHz: EKS_REPETITION_RATE_HZ,
  deadTimeNs: 0,
  jitterPs: 0,
  gateWidthPs: 1e12 / EKS_REPETITION_RATE_HZ,
};

/** Link time of a round of `pulses` pulses, in ms. */
export function eksRoundDurationMs(pulses: number): number {
  return (pulses * 1000) / EKS_REPETITION_RATE_HZ;
}

/** Shortest and longest round period whose pulses fit the wire bounds (1.024 ms … 4 194 ms). */
export const EKS_ROUND_PERIOD_LIMITS_MS = Object.freeze({
  min: Math.ceil(eksRoundDurationMs(EKS_WIRE_LINK_LIMITS.minPulsesPerRound)),
  max: Math.floor(eksRoundDurationMs(EKS_WIRE_LINK_LIMITS.maxPulsesPerRound)),
});

/**
 * Pulses the source sends in one round period of `periodMs` ms: the round that keeps link time
 * equal to wall time. INVALID_PARAMETER on `periodMs` unless an integer within
 * EKS_ROUND_PERIOD_LIMITS_MS.
 */
export function eksPulsesPerPeriod(periodMs: number): number {
  const { min, max } = EKS_ROUND_PERIOD_LIMITS_MS;
  checkInteger('periodMs', periodMs, min, max);
  return Math.round((periodMs * EKS_REPETITION_RATE_HZ) / 1000);
}

/** The modelled rates of an EKS link on its time axis (asymptotic; `f` the reconciliation efficiency). */
export function eksLinkRates(link: EksLink, f = 1): TimedRates {
  return timedDecoyRates(decoyLinkOf(link), EKS_LINK_TIMING, f);
}

/**
 * How far a session's rounds may run ahead of the wall clock: two of the longest rounds, so a
 * node's first round (sent as its session opens) and a late timer never count as too fast.
 */
export const EKS_LINK_SLACK_MS = 2 * eksRoundDurationMs(EKS_WIRE_LINK_LIMITS.maxPulsesPerRound);

/**
 * The link-time budget of one EKS session, at the end that mirrors its rounds: a token bucket
 * of link time that fills at one ms per ms of wall time up to EKS_LINK_SLACK_MS (full when the
 * session begins), and that each admitted round empties by its link time. So rounds never run
 * ahead of the wall clock by more than the slack, and an idle session cannot save up a flood.
 * Pure: the caller passes the time.
 */
export class EksLinkClock {
  private credit = EKS_LINK_SLACK_MS;
  private admitted = 0;

  constructor(private lastMs: number) {}

  /** Link time of the rounds admitted so far, in ms. */
  get admittedMs(): number {
    return this.admitted;
  }

  /** Whether a round of `pulses` pulses fits the budget at `nowMs`; records it if it does. */
  admit(pulses: number, nowMs: number): boolean {
    this.credit = Math.min(EKS_LINK_SLACK_MS, this.credit + Math.max(0, nowMs - this.lastMs));
    this.lastMs = Math.max(this.lastMs, nowMs);
    const duration = eksRoundDurationMs(pulses);
    if (duration > this.credit) return false;
    this.credit -= duration;
    this.admitted += duration;
    return true;
  }
}
