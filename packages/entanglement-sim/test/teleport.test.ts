/**
 * Teleportation over a Werner pair: averaged over random inputs the receiver's qubit passes a
 * measurement along the input with probability (2F + 1)/3; without the right correction it does
 * not. Fixed secret; tolerances are 4.5 standard errors.
 */
import { describe, expect, it } from 'vitest';
import {
  type Bloch,
  measureAlong,
  type PauliBits,
  pairDraws,
  teleportationFidelity,
  teleportDraw,
  teleportedState,
} from '../src/index.js';
import { expectError } from './expect-error.js';

const secret = new Uint8Array(32).fill(9);

/** A uniformly random pure state from two draws. */
function randomInput(u: number, v: number): Bloch {
  const z = 2 * u - 1;
  const r = Math.sqrt(1 - z * z);
  return { x: r * Math.cos(2 * Math.PI * v), y: r * Math.sin(2 * Math.PI * v), z };
}

/** Fraction of n teleported inputs that pass, with `correct(m)` the bits the receiver applies. */
function passRate(fidelity: number, n: number, correct: (m: PauliBits) => PauliBits): number {
  let pass = 0;
  for (let i = 0; i < n; i++) {
    const d = pairDraws(secret, i, 5);
    const input = randomInput(d[2] as number, d[3] as number);
    const draw = teleportDraw(fidelity, d);
    const out = teleportedState(input, draw, correct(draw.bell));
    if (measureAlong(out, input, d[4] as number) === 0) pass++;
  }
  return pass / n;
}

describe('teleportation', () => {
  it('reaches (2F + 1)/3 on average over random inputs (F = 0.9, 20 000 qubits, within 4.5 σ)', () => {
    const f = 0.9;
    const n = 20_000;
    const expected = teleportationFidelity(f);
    const rate = passRate(f, n, (m) => m);
    expect(Math.abs(rate - expected)).toBeLessThan(
      4.5 * Math.sqrt((expected * (1 - expected)) / n),
    );
  });

  it('without the sender’s bits the receiver holds a random Pauli of the input: ½ on average', () => {
    const n = 20_000;
    const rate = passRate(1, n, () => 0);
    expect(Math.abs(rate - 0.5)).toBeLessThan(4.5 * Math.sqrt(0.25 / n));
  });

  it('turns the input by the Pauli of c ⊕ m, and gives the noise part nothing', () => {
    const input = { x: 0.6, y: 0, z: 0.8 };
    const entangled = (bell: PauliBits) => ({ bell, entangled: true });
    expect(teleportedState(input, entangled(3), 3)).toStrictEqual(input);
    expect(teleportedState(input, entangled(1), 0)).toStrictEqual({ x: 0.6, y: -0, z: -0.8 });
    expect(teleportedState(input, entangled(2), 0)).toStrictEqual({ x: -0.6, y: -0, z: 0.8 });
    expect(teleportedState(input, entangled(1), 2)).toStrictEqual({ x: -0.6, y: 0, z: -0.8 });
    expect(teleportedState(input, { bell: 0, entangled: false }, 0)).toStrictEqual({
      x: 0,
      y: 0,
      z: 0,
    });
  });

  it('draws the Bell outcome from the first draw and the pair’s component from the second', () => {
    expect(teleportDraw(0.85, [0.2499, 0.7999])).toStrictEqual({ bell: 0, entangled: true });
    expect(teleportDraw(0.85, [0.75, 0.8])).toStrictEqual({ bell: 3, entangled: false });
    expect(measureAlong({ x: 0, y: 0, z: 1 }, { x: 0, y: 0, z: 1 }, 0.999)).toBe(0);
    expect(measureAlong({ x: 0, y: 0, z: 0 }, { x: 1, y: 0, z: 0 }, 0.5)).toBe(1);
    expect(measureAlong({ x: 0, y: 0, z: 0 }, { x: 1, y: 0, z: 0 }, 0.4999)).toBe(0);
  });

  it('refuses vectors longer than 1 and values out of range, naming them', () => {
    expectError(
      () => teleportedState({ x: 1, y: 1, z: 0 }, { bell: 0, entangled: true }, 0),
      'INVALID_PARAMETER',
      'input',
    );
    expectError(
      () => measureAlong({ x: 2, y: 0, z: 0 }, { x: 1, y: 0, z: 0 }, 0),
      'INVALID_PARAMETER',
      'state.x',
    );
    expectError(
      () => measureAlong({ x: 0, y: 0, z: 0 }, { x: 0, y: Number.NaN, z: 0 }, 0),
      'INVALID_PARAMETER',
      'direction.y',
    );
    expectError(
      () => measureAlong({ x: 0, y: 0, z: 0 }, { x: 0, y: 0, z: -3 }, 0),
      'INVALID_PARAMETER',
      'direction.z',
    );
    expectError(
      () => measureAlong({ x: 0, y: 0, z: 0 }, { x: 1, y: 0, z: 0 }, 1),
      'INVALID_PARAMETER',
      'draw',
    );
    expectError(() => teleportDraw(0.9, [0.1]), 'INVALID_DRAWS', 'draws');
  });
});
