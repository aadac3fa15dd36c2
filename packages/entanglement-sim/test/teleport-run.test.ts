/**
 * A teleportation run split between two nodes: the sender's two bits are all that crosses; the
 * receiver, with them, passes a measurement along the job's state with probability (2F + 1)/3
 * for a fixed state, and with the bits lost (all zero) with 1/2 on average. Fixed secret;
 * tolerances are 4.5 standard errors.
 */
import { describe, expect, it } from 'vitest';
import {
  blochFromAngles,
  pairDraws,
  TELEPORT_PAIR_DRAWS,
  teleportationFidelity,
  teleportReceive,
  teleportSend,
} from '../src/index.js';
import { expectError } from './expect-error.js';

const secret = new Uint8Array(32).fill(11);

function run(f: number, theta: number, phi: number, n: number, lose = false): number {
  const input = blochFromAngles(theta, phi);
  let pass = 0;
  for (let i = 0; i < n; i++) {
    const draws = pairDraws(secret, i, TELEPORT_PAIR_DRAWS);
    const bits = lose ? ([0, 0] as const) : teleportSend(f, draws);
    if (teleportReceive(f, draws, input, bits) === 0) pass++;
  }
  return pass / n;
}

describe('a teleportation run across two nodes', () => {
  it.each([
    [0.97, 1.1, 0.4],
    [0.8, 0, 0],
    [0.9, Math.PI / 2, 3],
  ])(
    'passes with (2F + 1)/3 at F = %s for the state θ = %s, φ = %s (10 000 pairs, 4.5 σ)',
    (f, theta, phi) => {
      const n = 10_000;
      const expected = teleportationFidelity(f);
      const tolerance = 4.5 * Math.sqrt((expected * (1 - expected)) / n);
      expect(Math.abs(run(f, theta, phi, n) - expected)).toBeLessThan(tolerance);
    },
  );

  it('without the sender’s bits the receiver does no better than chance for an equatorial state', () => {
    // For |+⟩ the uncorrected X and XZ flip it: half the Bell outcomes turn it away, 1/2 ± noise.
    const n = 10_000;
    expect(Math.abs(run(0.97, Math.PI / 2, 0, n, true) - 0.5)).toBeLessThan(
      4.5 * Math.sqrt(0.25 / n),
    );
  });

  it('the sender’s bits are the Bell outcome, X bit first', () => {
    expect(teleportSend(0.9, [0.1, 0.5])).toStrictEqual([0, 0]);
    expect(teleportSend(0.9, [0.3, 0.5])).toStrictEqual([1, 0]);
    expect(teleportSend(0.9, [0.6, 0.5])).toStrictEqual([0, 1]);
    expect(teleportSend(0.9, [0.9, 0.5])).toStrictEqual([1, 1]);
  });

  it('names what is wrong', () => {
    const input = blochFromAngles(1, 1);
    expectError(() => teleportReceive(0.9, [0.1, 0.2], input, [0, 0]), 'INVALID_DRAWS', 'draws');
    expectError(
      () => teleportReceive(0.9, [0.1, 0.2, 0.3], input, [2, 0]),
      'INVALID_PARAMETER',
      'bits',
    );
    expectError(() => blochFromAngles(4, 0), 'INVALID_PARAMETER', 'theta');
    expectError(() => blochFromAngles(1, 7), 'INVALID_PARAMETER', 'phi');
    expect(blochFromAngles(0, 0)).toStrictEqual({ x: 0, y: 0, z: 1 });
  });
});
