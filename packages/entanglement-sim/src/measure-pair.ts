/**
 * Measuring both qubits of a pair directly (type M of the link layer): node A along angle a and
 * node B along angle b in the X–Z plane of the Bloch sphere (0: Z, π/2: X). For a Werner pair of
 * parameter p each outcome is uniform, and the two agree with probability (1 + p·cos(a − b))/2,
 * that is E(a, b) = p·cos(a − b): the joint statistics of the state, exactly (with a = 0, π/2 and
 * b = ±π/4 they give CHSH S = 2√2·p). Only these outcome bits ever leave a node.
 */
import { checkDraws, checkRange } from './errors.js';
import { wernerParameter } from './werner.js';

/** An outcome bit: 0 for the +1 eigenvalue, 1 for −1. */
export type Outcome = 0 | 1;

/** Both outcomes of one pair, from two draws (the pair's, shared by both nodes). */
export function measurePair(
  fidelity: number,
  angleA: number,
  angleB: number,
  draws: readonly number[],
): { readonly a: Outcome; readonly b: Outcome } {
  const p = wernerParameter(fidelity);
  checkRange('angleA', angleA, -2 * Math.PI, 2 * Math.PI);
  checkRange('angleB', angleB, -2 * Math.PI, 2 * Math.PI);
  checkDraws(draws, 2);
  const a: Outcome = (draws[0] as number) < 0.5 ? 0 : 1;
  const agree = (draws[1] as number) < (1 + p * Math.cos(angleA - angleB)) / 2;
  return { a, b: agree ? a : a === 0 ? 1 : 0 };
}
