/**
 * Teleporting one qubit over a Werner pair (Bennett et al. 1993). The sender's Bell measurement of
 * the input with its half of the pair gives two bits m, uniform; the receiver applies the Pauli
 * correction named by the bits it received. A Werner pair is the mixture p·|Φ+⟩⟨Φ+| + (1 − p)·I/4:
 * from |Φ+⟩ the receiver holds σ_m|ψ⟩, from the noise I/2 whatever the outcome. Paulis compose
 * (up to a phase) by the XOR of their bits, so after correction c the receiver holds the input
 * turned by σ_(c⊕m): the input itself when c = m. Averaged over the mixture the fidelity is
 * (1 + p)/2 = (2F + 1)/3 for every input. The states here are Bloch vectors local to the receiver
 * (its own qubit's simulation); only the two bits m cross the network, as MEASUREMENT_RESULT.
 */
import { checkDraws, checkRange, EntanglementError } from './errors.js';
import { wernerParameter } from './werner.js';

/** A qubit's Bloch vector (length ≤ 1; 1 for a pure state). */
export interface Bloch {
  readonly x: number;
  readonly y: number;
  readonly z: number;
}

/** Bell outcome / Pauli correction: bit 0 an X, bit 1 a Z (0: I, 1: X, 2: Z, 3: XZ ∝ Y). */
export type PauliBits = 0 | 1 | 2 | 3;

/** What the pair's draws decide: the sender's Bell outcome, and whether the pair was |Φ+⟩. */
export interface TeleportDraw {
  readonly bell: PauliBits;
  readonly entangled: boolean;
}

/** The sender's outcome and the pair's component, from the first two of the pair's draws. */
export function teleportDraw(fidelity: number, draws: readonly number[]): TeleportDraw {
  const p = wernerParameter(fidelity);
  checkDraws(draws, 2);
  return {
    bell: Math.floor((draws[0] as number) * 4) as PauliBits,
    entangled: (draws[1] as number) < p,
  };
}

/** The receiver's qubit after it applied `correction` (the bits it received). */
export function teleportedState(input: Bloch, draw: TeleportDraw, correction: PauliBits): Bloch {
  checkBloch('input', input);
  if (!draw.entangled) return { x: 0, y: 0, z: 0 };
  const pauli = (draw.bell ^ correction) as PauliBits;
  // X flips y and z, Z flips x and y, XZ flips x and z.
  const flipX = pauli === 2 || pauli === 3;
  const flipY = pauli === 1 || pauli === 2;
  const flipZ = pauli === 1 || pauli === 3;
  return {
    x: flipX ? -input.x : input.x,
    y: flipY ? -input.y : input.y,
    z: flipZ ? -input.z : input.z,
  };
}

/** Measures `state` along the unit vector `direction`: outcome 0 with probability (1 + r·d)/2. */
export function measureAlong(state: Bloch, direction: Bloch, draw: number): 0 | 1 {
  checkBloch('state', state);
  checkBloch('direction', direction);
  checkRange('draw', draw, 0, 1 - Number.EPSILON / 2);
  const dot = state.x * direction.x + state.y * direction.y + state.z * direction.z;
  return draw < (1 + dot) / 2 ? 0 : 1;
}

function checkBloch(field: string, v: Bloch): void {
  checkRange(`${field}.x`, v.x, -1, 1);
  checkRange(`${field}.y`, v.y, -1, 1);
  checkRange(`${field}.z`, v.z, -1, 1);
  if (v.x * v.x + v.y * v.y + v.z * v.z > 1 + 1e-9) {
    throw new EntanglementError('INVALID_PARAMETER', field, 'a Bloch vector is at most 1 long');
  }
}

/** Draws one teleported pair uses: 0 and 1 as teleportDraw's, 2 the receiver's measurement. */
export const TELEPORT_PAIR_DRAWS = 3;

/** The pure state of polar angle θ and azimuth φ (radians) as a Bloch vector. */
export function blochFromAngles(theta: number, phi: number): Bloch {
  checkRange('theta', theta, 0, Math.PI);
  checkRange('phi', phi, 0, 2 * Math.PI);
  return {
    x: Math.sin(theta) * Math.cos(phi),
    y: Math.sin(theta) * Math.sin(phi),
    z: Math.cos(theta),
  };
}

/**
 * The sender's side of one teleported pair: its Bell measurement's two bits, X correction first
 * — the two Z outcomes of the measurement circuit, and all that it sends.
 */
export function teleportSend(fidelity: number, draws: readonly number[]): readonly [0 | 1, 0 | 1] {
  const { bell } = teleportDraw(fidelity, draws);
  return [(bell & 1) as 0 | 1, (bell >> 1) as 0 | 1];
}

/**
 * The receiver's side: its qubit after the correction it received (`bits`, X first), measured
 * along the input's own direction — outcome 0 when it passes, with probability (1 + r·d)/2.
 */
export function teleportReceive(
  fidelity: number,
  draws: readonly number[],
  input: Bloch,
  bits: readonly [number, number],
): 0 | 1 {
  checkDraws(draws, TELEPORT_PAIR_DRAWS);
  if ((bits[0] !== 0 && bits[0] !== 1) || (bits[1] !== 0 && bits[1] !== 1))
    throw new EntanglementError('INVALID_PARAMETER', 'bits', 'two bits, each 0 or 1');
  const correction = (bits[0] | (bits[1] << 1)) as PauliBits;
  const state = teleportedState(input, teleportDraw(fidelity, draws), correction);
  return measureAlong(state, input, draws[2] as number);
}
