import { DEFAULT_EKS_LINK, type EksRoundKey, eksRoundKeys, runEksRound } from '@qcos/eks-qkd-sim';

/** One named 256-bit key of a round. */
export type RoundKey = EksRoundKey;

/** The keys round `seed` yields on an honest link of `distanceKm` (none when it aborts). */
export type HopRound = (seed: Uint8Array, distanceKm: number) => RoundKey[];

/**
 * The relay's end of an EKS round (eks-qkd-sim's round contract): the same round a node runs,
 * over an honest link of the configured distance, so the relay holds the keys the node names.
 */
export function honestRound(pulses = DEFAULT_EKS_LINK.pulsesPerRound): HopRound {
  return (seed, distanceKm) => {
    const outcome = runEksRound(
      seed,
      { ...DEFAULT_EKS_LINK, distanceKm, pulsesPerRound: pulses },
      'alice',
    );
    return outcome.ok ? eksRoundKeys(seed, outcome.key) : [];
  };
}
