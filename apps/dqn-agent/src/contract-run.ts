import type { ContractRunBody, MeasurementResultBody } from '@qcos/chips-codec';
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

/** Pairs simulated between two turns of the event loop: heartbeats keep their cadence. */
const PAIRS_PER_TURN = 4_096;

/** Teleportation runs a receiver holds while it waits for the sender's bits. */
export const MAX_WAITING_RUNS = 16;
/** How long a receiver keeps a run waiting for the sender's bits (its QAN waits 30 s). */
export const RUN_WAIT_MS = 30_000;

/**
 * This node's side of every pair of a run, `entries` entries per pair from `side(i, draws)`,
 * yielding to the event loop every PAIRS_PER_TURN pairs. The pairs' fidelity is the link's at
 * the herald: each pair is used as soon as it is heralded.
 */
async function eachPair(
  run: ContractRunBody,
  draws: number,
  entries: number,
  side: (i: number, fidelity: number, draws: number[]) => readonly (readonly [number, number])[],
): Promise<MeasurementResultBody> {
  const fidelity = heraldedFidelity(linkFromUnits(run.link));
  const bases = new Uint8Array(run.pairs * entries);
  const outcomes = new Uint8Array(run.pairs * entries);
  for (let i = 0; i < run.pairs; i++) {
    if (i > 0 && i % PAIRS_PER_TURN === 0) await new Promise((r) => setImmediate(r));
    side(i, fidelity, pairDraws(run.secret, run.firstPair + i, draws)).forEach(([b, o], k) => {
      bases[i * entries + k] = b;
      outcomes[i * entries + k] = o;
    });
  }
  return { requestId: run.run, bases, outcomes };
}

/** A CHSH run (entanglement-sim §5.1): this side's basis index and outcome per pair. */
export function measureChshRun(run: ContractRunBody): Promise<MeasurementResultBody> {
  return eachPair(run, CHSH_PAIR_DRAWS, 1, (_, f, d) => {
    const m = chshPair(f, d, run.role);
    return [[m.basis, m.outcome]];
  });
}

/** The sender of a teleportation run (§6.1): its two Bell bits per pair, X first, basis 0. */
export function sendTeleportRun(run: ContractRunBody): Promise<MeasurementResultBody> {
  return eachPair(run, TELEPORT_PAIR_DRAWS, 2, (_, f, d) => {
    const [x, z] = teleportSend(f, d);
    return [
      [0, x],
      [0, z],
    ];
  });
}

/**
 * The receiver of a teleportation run: with the sender's bits (two per pair), its qubit
 * corrected and measured along the job's state; one outcome per pair, 0 when it passed.
 */
export function receiveTeleportRun(
  run: ContractRunBody,
  senderBits: Uint8Array,
): Promise<MeasurementResultBody> {
  const state = run.state;
  if (state === null) throw new Error('a teleportation run names its state');
  if (senderBits.length !== 2 * run.pairs)
    throw new Error(`${senderBits.length} sender bits for ${run.pairs} pairs`);
  const input = blochFromAngles(state.thetaUrad / 1e6, state.phiUrad / 1e6);
  return eachPair(run, TELEPORT_PAIR_DRAWS, 1, (i, f, d) => {
    const bits = [senderBits[2 * i] as number, senderBits[2 * i + 1] as number] as const;
    return [[0, teleportReceive(f, d, input, bits)]];
  });
}
