/**
 * Werner pairs: ρ = F·|Φ+⟩⟨Φ+| + (1 − F)/3·(I − |Φ+⟩⟨Φ+|), equivalently p·|Φ+⟩⟨Φ+| + (1 − p)·I/4
 * with the Werner parameter p = (4F − 1)/3. Depolarising memory noise with time constant T keeps
 * a Werner pair a Werner pair, with p(t) = p₀·e^(−t/T), that is F(t) = 1/4 + (F₀ − 1/4)·e^(−t/T).
 * The checks a pair's fidelity F must pass (docs/spec/entanglement-sim.md §2):
 * CHSH S = 2√2·p = 2√2·(4F − 1)/3, and teleportation fidelity (1 + p)/2 = (2F + 1)/3.
 */
import { checkRange } from './errors.js';

/** p = (4F − 1)/3 for F in [1/4, 1]: the weight of |Φ+⟩ against white noise. */
export function wernerParameter(fidelity: number): number {
  checkRange('fidelity', fidelity, 0.25, 1);
  return (4 * fidelity - 1) / 3;
}

/** F(t) = 1/4 + (F₀ − 1/4)·e^(−t/T): the fidelity after `elapsedMs` in memory. */
export function fidelityAfter(initial: number, elapsedMs: number, memoryTimeMs: number): number {
  checkRange('initial', initial, 0.25, 1);
  checkRange('elapsedMs', elapsedMs, 0, Number.MAX_VALUE);
  checkRange('memoryTimeMs', memoryTimeMs, Number.MIN_VALUE, Number.MAX_VALUE);
  return 0.25 + (initial - 0.25) * Math.exp(-elapsedMs / memoryTimeMs);
}

/**
 * The longest time in memory that keeps the fidelity at or above `minimum`:
 * T·ln((F₀ − 1/4)/(F_min − 1/4)); 0 when F₀ is already below it; Infinity for a minimum of 1/4.
 */
export function cutoffMs(initial: number, minimum: number, memoryTimeMs: number): number {
  checkRange('initial', initial, 0.25, 1);
  checkRange('minimum', minimum, 0.25, 1);
  checkRange('memoryTimeMs', memoryTimeMs, Number.MIN_VALUE, Number.MAX_VALUE);
  if (initial < minimum) return 0;
  if (minimum === 0.25) return Number.POSITIVE_INFINITY;
  return memoryTimeMs * Math.log((initial - 0.25) / (minimum - 0.25));
}

/** The CHSH value of the optimal settings: 2√2·(4F − 1)/3 (above 2 only for F > 0.78). */
export function chshValue(fidelity: number): number {
  return 2 * Math.SQRT2 * wernerParameter(fidelity);
}

/** The fidelity of a qubit teleported over the pair, the same for every input: (2F + 1)/3. */
export function teleportationFidelity(fidelity: number): number {
  return (1 + wernerParameter(fidelity)) / 2;
}
