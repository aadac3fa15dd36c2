/**
 * The agent's side of contract runs: for every pair it reports exactly what entanglement-sim
 * gives for its role from the contract's secret — one entry per pair for CHSH and for the
 * teleportation receiver, two (the Bell bits) for the sender — across the slices it yields
 * between, and it refuses a sender report of the wrong size.
 */
import type { ContractRunBody, PacketId } from '@qcos/chips-codec';
import {
  blochFromAngles,
  CHSH_PAIR_DRAWS,
  chshPair,
  heraldedFidelity,
  linkFromUnits,
  pairDraws,
  TELEPORT_PAIR_DRAWS,
  teleportReceive,
  teleportSend,
} from '@qcos/entanglement-sim';
import { describe, expect, it } from 'vitest';
import { measureChshRun, receiveTeleportRun, sendTeleportRun } from '../src/contract-run.js';

const link = {
  lengthM: 10_000,
  lossMdbPerKm: 200,
  attemptRateHz: 1_000_000,
  emissionPpm: 500_000,
  detectorPpm: 800_000,
  initialFidelityPpm: 970_000,
  memoryTimeMs: 1_000,
};
const run = (over: Partial<ContractRunBody>): ContractRunBody => ({
  contract: 7,
  run: 'ab'.repeat(16) as PacketId,
  use: 'CHSH',
  role: 0,
  peer: 'b',
  secret: new Uint8Array(32).fill(3),
  link,
  firstPair: 100,
  // More than one slice of 4 096 pairs.
  pairs: 5_000,
  state: null,
  ...over,
});
const f = heraldedFidelity(linkFromUnits(link));

describe('contract runs on the agent', () => {
  it('a CHSH side reports its basis and outcome of every pair, numbered from firstPair', async () => {
    for (const role of [0, 1] as const) {
      const r = run({ role });
      const result = await measureChshRun(r);
      expect(result.requestId).toBe(r.run);
      expect(result.bases).toHaveLength(5_000);
      for (const i of [0, 1, 4_095, 4_096, 4_999]) {
        const m = chshPair(f, pairDraws(r.secret, 100 + i, CHSH_PAIR_DRAWS), role);
        expect([result.bases[i], result.outcomes[i]]).toStrictEqual([m.basis, m.outcome]);
      }
    }
  });

  it('a teleportation sender reports two Bell bits per pair; the receiver one outcome', async () => {
    const state = { thetaUrad: 1_100_000, phiUrad: 400_000 };
    const sender = await sendTeleportRun(run({ use: 'TELEPORT', state }));
    expect(sender.outcomes).toHaveLength(10_000);
    expect([...sender.bases.subarray(0, 8)]).toStrictEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    const receiver = await receiveTeleportRun(
      run({ use: 'TELEPORT', role: 1, state }),
      sender.outcomes,
    );
    expect(receiver.outcomes).toHaveLength(5_000);
    const input = blochFromAngles(1.1, 0.4);
    for (const i of [0, 4_096, 4_999]) {
      const draws = pairDraws(new Uint8Array(32).fill(3), 100 + i, TELEPORT_PAIR_DRAWS);
      const bits = teleportSend(f, draws);
      expect([sender.outcomes[2 * i], sender.outcomes[2 * i + 1]]).toStrictEqual([...bits]);
      expect(receiver.outcomes[i]).toBe(teleportReceive(f, draws, input, bits));
    }
  });

  it('a receiver refuses sender bits of the wrong size, or a run without its state', () => {
    const state = { thetaUrad: 0, phiUrad: 0 };
    expect(() =>
      receiveTeleportRun(run({ use: 'TELEPORT', role: 1, state }), new Uint8Array(9_999)),
    ).toThrow('9999 sender bits for 5000 pairs');
    expect(() =>
      receiveTeleportRun(run({ use: 'TELEPORT', role: 1 }), new Uint8Array(10_000)),
    ).toThrow('a teleportation run names its state');
  });
});
