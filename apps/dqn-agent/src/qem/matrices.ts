/**
 * 2×2 unitaries of the single-qubit gates, as Float64Array(8):
 * [a.re, a.im, b.re, b.im, c.re, c.im, d.re, d.im] for [[a, b], [c, d]].
 * Conventions follow qelib1.inc / Qiskit (rz is the symmetric exp(-iθZ/2)).
 */

export type Matrix2 = Float64Array;

function matrix(...entries: number[]): Matrix2 {
  return Float64Array.from(entries);
}

const H = Math.SQRT1_2;

export const IDENTITY = matrix(1, 0, 0, 0, 0, 0, 1, 0);
export const PAULI_X = matrix(0, 0, 1, 0, 1, 0, 0, 0);
export const PAULI_Y = matrix(0, 0, 0, -1, 0, 1, 0, 0);
export const PAULI_Z = matrix(1, 0, 0, 0, 0, 0, -1, 0);
export const HADAMARD = matrix(H, 0, H, 0, H, 0, -H, 0);
export const S = phase(Math.PI / 2);
export const S_DAGGER = phase(-Math.PI / 2);
export const T = phase(Math.PI / 4);
export const T_DAGGER = phase(-Math.PI / 4);
export const SQRT_X = matrix(0.5, 0.5, 0.5, -0.5, 0.5, -0.5, 0.5, 0.5);
export const SQRT_X_DAGGER = matrix(0.5, -0.5, 0.5, 0.5, 0.5, 0.5, 0.5, -0.5);

/** u1(λ) = p(λ) = diag(1, e^{iλ}). */
export function phase(lambda: number): Matrix2 {
  return matrix(1, 0, 0, 0, 0, 0, Math.cos(lambda), Math.sin(lambda));
}

/** u3(θ, φ, λ) = [[cos θ/2, −e^{iλ} sin θ/2], [e^{iφ} sin θ/2, e^{i(φ+λ)} cos θ/2]]. */
export function u3(theta: number, phi: number, lambda: number): Matrix2 {
  const c = Math.cos(theta / 2);
  const s = Math.sin(theta / 2);
  return matrix(
    c,
    0,
    -Math.cos(lambda) * s,
    -Math.sin(lambda) * s,
    Math.cos(phi) * s,
    Math.sin(phi) * s,
    Math.cos(phi + lambda) * c,
    Math.sin(phi + lambda) * c,
  );
}

export function rx(theta: number): Matrix2 {
  const c = Math.cos(theta / 2);
  const s = Math.sin(theta / 2);
  return matrix(c, 0, 0, -s, 0, -s, c, 0);
}

export function ry(theta: number): Matrix2 {
  const c = Math.cos(theta / 2);
  const s = Math.sin(theta / 2);
  return matrix(c, 0, -s, 0, s, 0, c, 0);
}

export function rz(theta: number): Matrix2 {
  const c = Math.cos(theta / 2);
  const s = Math.sin(theta / 2);
  return matrix(c, -s, 0, 0, 0, 0, c, s);
}
