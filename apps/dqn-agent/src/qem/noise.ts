import type { Circuit } from './circuit.js';
import { ExecutionError } from './errors.js';
import { twoQubitCost } from './gates.js';

/**
 * The node's noise, from the fidelities it reports in its heartbeat, so that
 * what a user measures is consistent with what the registry advertises.
 *
 * Model: each gate is followed by a depolarising channel of strength
 * 1 − fidelity (1-qubit gates use `fidelity1q`; multi-qubit gates use
 * `fidelity2q` once per native two-qubit gate they cost). The composition is
 * approximated by a global depolarising channel: with probability
 * F = Π fidelities the shot comes from the exact state, otherwise from the
 * maximally mixed state (a uniformly random outcome). Then each measured bit
 * is flipped independently with probability `readoutError`.
 * This keeps sampling at one exact simulation per job, whatever the shots.
 */
export interface NoiseModel {
  /** Average 1-qubit gate fidelity, 0..1. */
  readonly fidelity1q: number;
  /** Average 2-qubit gate fidelity, 0..1. */
  readonly fidelity2q: number;
  /** Probability that one measured bit is read wrong, 0..0.5. */
  readonly readoutError: number;
}

/** The noiseless model: counts come from the exact state alone. */
export const NOISELESS: NoiseModel = { fidelity1q: 1, fidelity2q: 1, readoutError: 0 };

export function validateNoiseModel(noise: NoiseModel): void {
  const inUnit = (x: number): boolean => Number.isFinite(x) && x >= 0 && x <= 1;
  if (!inUnit(noise.fidelity1q)) {
    throw new ExecutionError('INVALID_NOISE_MODEL', 'fidelity1q', 'fidelity1q must be in 0..1');
  }
  if (!inUnit(noise.fidelity2q)) {
    throw new ExecutionError('INVALID_NOISE_MODEL', 'fidelity2q', 'fidelity2q must be in 0..1');
  }
  if (!inUnit(noise.readoutError) || noise.readoutError > 0.5) {
    throw new ExecutionError(
      'INVALID_NOISE_MODEL',
      'readoutError',
      'readoutError must be in 0..0.5',
    );
  }
}

/** F = f1^(1-qubit gates) · f2^(native 2-qubit gates): the chance a shot sees no gate error. */
export function circuitFidelity(circuit: Circuit, noise: NoiseModel): number {
  let oneQubit = 0;
  let twoQubit = 0;
  for (const op of circuit.operations) {
    if (op.kind !== 'gate' || op.gate === 'id') continue;
    const cost = twoQubitCost(op.gate);
    if (cost === 0) oneQubit++;
    else twoQubit += cost;
  }
  return noise.fidelity1q ** oneQubit * noise.fidelity2q ** twoQubit;
}
