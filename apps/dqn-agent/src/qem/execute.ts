import { applyGate } from './apply-gate.js';
import type { Circuit } from './circuit.js';
import { ExecutionError } from './errors.js';
import { MAX_AMPLITUDE_UPDATES, MAX_SHOTS, MAX_SIMULATED_QUBITS } from './limits.js';
import { circuitFidelity, NOISELESS, type NoiseModel, validateNoiseModel } from './noise.js';
import type { UniformRandom } from './rng.js';
import { StateVector } from './state-vector.js';

export interface ExecuteOptions {
  readonly shots: number;
  /** Uniform [0,1) source for sampling; use seededRandom for reproducible counts. */
  readonly random: UniformRandom;
  readonly noise?: NoiseModel;
  /** The node's qubit capacity; programs wider than this are refused. */
  readonly maxQubits?: number;
}

/**
 * Outcome counts keyed like OpenQASM tools print them: each classical register
 * as bits c[n-1]…c[0], registers separated by a space, the last declared first.
 * Keys are in ascending order so equal results serialise identically.
 */
export type Counts = Readonly<Record<string, number>>;

export interface ExecutionResult {
  readonly counts: Counts;
  readonly shots: number;
  /** F of the noise model for this circuit (1 when noiseless). */
  readonly expectedFidelity: number;
}

/**
 * Runs a parsed circuit once, exactly, then draws `shots` terminal-measurement
 * outcomes from it under the noise model. Only the counts are returned.
 */
export function executeCircuit(circuit: Circuit, options: ExecuteOptions): ExecutionResult {
  const { shots, random } = options;
  const noise = options.noise ?? NOISELESS;
  const maxQubits = Math.min(options.maxQubits ?? MAX_SIMULATED_QUBITS, MAX_SIMULATED_QUBITS);
  if (!Number.isSafeInteger(shots) || shots < 1 || shots > MAX_SHOTS) {
    throw new ExecutionError('INVALID_SHOTS', 'shots', `shots must be an integer 1..${MAX_SHOTS}`);
  }
  if (circuit.qubits > maxQubits) {
    throw new ExecutionError(
      'QUBIT_LIMIT_EXCEEDED',
      'qubits',
      `circuit uses ${circuit.qubits} qubits; this node has ${maxQubits}`,
    );
  }
  validateNoiseModel(noise);
  const gates = circuit.operations.filter((op) => op.kind === 'gate').length;
  if (gates * 2 ** circuit.qubits > MAX_AMPLITUDE_UPDATES) {
    throw new ExecutionError(
      'WORK_LIMIT_EXCEEDED',
      'program',
      `${gates} gates on ${circuit.qubits} qubits exceed ${MAX_AMPLITUDE_UPDATES} amplitude updates`,
    );
  }

  const state = evolve(circuit);
  const measures = circuit.operations.flatMap((op) =>
    op.kind === 'measure' ? [{ qubit: op.qubit, clbit: op.clbit }] : [],
  );
  if (measures.length === 0) {
    throw new ExecutionError('NO_MEASUREMENT', 'program', 'the program measures no qubit');
  }

  const cumulative = state.probabilities();
  for (let i = 1; i < cumulative.length; i++) cumulative[i]! += cumulative[i - 1]!;
  const total = cumulative[cumulative.length - 1]!;
  const fidelity = circuitFidelity(circuit, noise);
  const measuredQubits = [...new Set(measures.map((m) => m.qubit))];

  const keyOf = outcomeKeyer(circuit, measures);
  const tally = new Map<number, number>();
  for (let shot = 0; shot < shots; shot++) {
    let basis =
      fidelity < 1 && random() >= fidelity
        ? Math.floor(random() * state.size)
        : sample(cumulative, random() * total);
    if (noise.readoutError > 0) {
      for (const q of measuredQubits) if (random() < noise.readoutError) basis ^= 1 << q;
    }
    tally.set(basis, (tally.get(basis) ?? 0) + 1);
  }

  const merged = new Map<string, number>();
  for (const [basis, count] of tally) {
    const key = keyOf(basis);
    merged.set(key, (merged.get(key) ?? 0) + count);
  }
  const counts: Record<string, number> = {};
  for (const key of [...merged.keys()].sort()) counts[key] = merged.get(key)!;
  return { counts, shots, expectedFidelity: fidelity };
}

/**
 * The exact state just before measurement: every gate applied to |0…0⟩.
 * (Measurements are terminal — the parser guarantees it — so they come after.)
 */
export function evolve(circuit: Circuit): StateVector {
  const state = new StateVector(circuit.qubits);
  for (const op of circuit.operations) if (op.kind === 'gate') applyGate(state, op);
  return state;
}

/** Smallest index whose cumulative probability exceeds `x` (binary search). */
function sample(cumulative: Float64Array, x: number): number {
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cumulative[mid]! > x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function outcomeKeyer(
  circuit: Circuit,
  measures: readonly { qubit: number; clbit: number }[],
): (basis: number) => string {
  return (basis) => {
    const bits = new Uint8Array(circuit.clbits);
    // Later measurements into the same bit overwrite earlier ones, as on hardware.
    for (const m of measures) bits[m.clbit] = (basis >>> m.qubit) & 1;
    return [...circuit.cregs]
      .reverse()
      .map((reg) => {
        let s = '';
        for (let i = reg.size - 1; i >= 0; i--) s += bits[reg.start + i] === 1 ? '1' : '0';
        return s;
      })
      .join(' ');
  };
}
