import type { ContractRunBody, MeasurementResultBody } from '@qcos/chips-codec';
import {
  CHSH_PAIR_DRAWS,
  chshPair,
  heraldedFidelity,
  linkFromUnits,
  pairDraws,
} from '@qcos/entanglement-sim';

/** Pairs simulated between two turns of the event loop: heartbeats keep their cadence. */
const PAIRS_PER_TURN = 4_096;

/**
 * This node's side of a CHSH run over a link contract (docs/spec/entanglement-sim.md §5.1): for
 * every pair of the run, its basis and outcome, drawn from the contract's secret exactly as the
 * other end draws them. Each pair is measured at its herald, so its fidelity is the link's
 * heralded fidelity. Only these bits leave the node, as MEASUREMENT_RESULT.
 */
export async function measureChshRun(run: ContractRunBody): Promise<MeasurementResultBody> {
  const fidelity = heraldedFidelity(linkFromUnits(run.link));
  const bases = new Uint8Array(run.pairs);
  const outcomes = new Uint8Array(run.pairs);
  for (let i = 0; i < run.pairs; i++) {
    if (i > 0 && i % PAIRS_PER_TURN === 0) await new Promise((r) => setImmediate(r));
    const m = chshPair(
      fidelity,
      pairDraws(run.secret, run.firstPair + i, CHSH_PAIR_DRAWS),
      run.role,
    );
    bases[i] = m.basis;
    outcomes[i] = m.outcome;
  }
  return { requestId: run.run, bases, outcomes };
}
