import { DEFAULT_EKS_LINK, type EksLink, type EksRoundKey, eksRoundKeys } from '@qcos/eks-qkd-sim';
import { type EksRoundRunner, inThreadEksRounds } from '@qcos/runtime';

/** One named 256-bit key of a round. */
export type RoundKey = EksRoundKey;

/**
 * The keys round `seed` yields over `link` (none when it aborts), or undefined when the round was
 * not run (the worker pool refused it: full or stopping).
 */
export type HopRound = (seed: Uint8Array, link: EksLink) => Promise<RoundKey[] | undefined>;

/** The relay's own hop link to the QAN: the default link at the configured distance. */
export function hopLink(distanceKm: number, pulses = DEFAULT_EKS_LINK.pulsesPerRound): EksLink {
  return { ...DEFAULT_EKS_LINK, distanceKm, pulsesPerRound: pulses };
}

/**
 * The relay's end of an EKS round (eks-qkd-sim's round contract): the same round the other end
 * runs over the same link — a node's announced link when mirroring its round, the relay's own
 * hop link towards the QAN — so both hold the keys the round names. Rounds run on `rounds`, the
 * relay's EKS round worker pool, never on its event loop (in-thread only in unit tests).
 */
export function honestRound(rounds: EksRoundRunner = inThreadEksRounds()): HopRound {
  return async (seed, link) => {
    const result = await rounds.run(seed, link, 'alice');
    if (!result.ok) return undefined;
    return result.outcome.ok ? eksRoundKeys(seed, result.outcome.key) : [];
  };
}
