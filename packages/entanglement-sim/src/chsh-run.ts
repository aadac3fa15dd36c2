/**
 * A distributed CHSH test over measure-directly pairs (docs/spec/entanglement-sim.md §5.1). Each
 * pair's settings come from the pair's own draws — side A along 0 or π/2, side B along π/4 or
 * 3π/4 — so both ends know both settings, which is what lets shared randomness reproduce the
 * quantum correlations exactly: a simulation is not a loophole-free Bell test, but its statistics
 * are the state's. Each side reports only its basis index and outcome bit per pair; whoever holds
 * both reports estimates S.
 */
import { checkDraws, EntanglementError } from './errors.js';
import { measurePair, type Outcome } from './measure-pair.js';

/** A basis index: the measurement angle index·π/4 in the X–Z plane. */
export type BasisIndex = 0 | 1 | 2 | 3;

/** Draws one CHSH pair uses: 0 and 1 as measurePair's, 2 A's setting, 3 B's setting. */
export const CHSH_PAIR_DRAWS = 4;

/** The angle of a basis index, in radians. */
export const basisAngle = (index: BasisIndex): number => (index * Math.PI) / 4;

/** Side `role` (0: A, 1: B) of one CHSH pair of `fidelity`: its basis index and outcome. */
export function chshPair(
  fidelity: number,
  draws: readonly number[],
  role: 0 | 1,
): { readonly basis: BasisIndex; readonly outcome: Outcome } {
  checkDraws(draws, CHSH_PAIR_DRAWS);
  const a: BasisIndex = (draws[2] as number) < 0.5 ? 0 : 2;
  const b: BasisIndex = (draws[3] as number) < 0.5 ? 1 : 3;
  const both = measurePair(fidelity, basisAngle(a), basisAngle(b), draws);
  return role === 0 ? { basis: a, outcome: both.a } : { basis: b, outcome: both.b };
}

/** One side's report: a basis index and an outcome bit per pair. */
export interface SideReport {
  readonly bases: ArrayLike<number>;
  readonly outcomes: ArrayLike<number>;
}

/** One correlator of the estimate: E(a, b) over the n pairs measured with those settings. */
export interface Correlator {
  readonly a: BasisIndex;
  readonly b: BasisIndex;
  readonly n: number;
  readonly e: number;
}

export interface ChshEstimate {
  /** S = E(0, π/4) − E(0, 3π/4) + E(π/2, π/4) + E(π/2, 3π/4); 2√2·p for a Werner pair. */
  readonly s: number;
  /** Its standard error, √Σ (1 − E²)/n. */
  readonly standardError: number;
  readonly correlators: readonly Correlator[];
}

/** The terms of S, in order, with their signs. */
const TERMS: readonly (readonly [BasisIndex, BasisIndex, 1 | -1])[] = [
  [0, 1, 1],
  [0, 3, -1],
  [2, 1, 1],
  [2, 3, 1],
];

/**
 * S from both sides' reports of the same pairs. INVALID_PARAMETER (field `b`, `a.bases[i]`, …)
 * when the reports differ in length, name a basis the side does not use, or an outcome not 0/1,
 * or when a setting pair was never measured.
 */
export function chshEstimate(a: SideReport, b: SideReport): ChshEstimate {
  const n = a.bases.length;
  if (a.outcomes.length !== n || b.bases.length !== n || b.outcomes.length !== n)
    throw new EntanglementError('INVALID_PARAMETER', 'b', `reports of ${n} pairs each expected`);
  const sums = new Map<string, { n: number; sum: number }>();
  for (let i = 0; i < n; i++) {
    const key = `${side(a, i, 'a', [0, 2])},${side(b, i, 'b', [1, 3])}`;
    const agree = a.outcomes[i] === b.outcomes[i] ? 1 : -1;
    const cell = sums.get(key) ?? { n: 0, sum: 0 };
    sums.set(key, { n: cell.n + 1, sum: cell.sum + agree });
  }
  let s = 0;
  let variance = 0;
  const correlators: Correlator[] = [];
  for (const [x, y, sign] of TERMS) {
    const cell = sums.get(`${x},${y}`);
    if (cell === undefined)
      throw new EntanglementError('INVALID_PARAMETER', 'a', `no pair measured with ${x}, ${y}`);
    const e = cell.sum / cell.n;
    correlators.push({ a: x, b: y, n: cell.n, e });
    s += sign * e;
    variance += (1 - e * e) / cell.n;
  }
  return { s, standardError: Math.sqrt(variance), correlators };
}

/** The basis of pair i in a side's report, checked, with its outcome bit checked too. */
function side(r: SideReport, i: number, name: string, bases: readonly number[]): number {
  const basis = r.bases[i] as number;
  if (!bases.includes(basis))
    throw new EntanglementError('INVALID_PARAMETER', `${name}.bases[${i}]`, `not one of ${bases}`);
  const outcome = r.outcomes[i];
  if (outcome !== 0 && outcome !== 1)
    throw new EntanglementError('INVALID_PARAMETER', `${name}.outcomes[${i}]`, 'not 0 or 1');
  return basis;
}
