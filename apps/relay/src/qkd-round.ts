import {
  DEFAULT_EKS_LINK,
  type EksLink,
  type EksRoundKey,
  eksRoundKeys,
  runEksRound,
} from '@qcos/eks-qkd-sim';

/** One named 256-bit key of a round. */
export type RoundKey = EksRoundKey;

/** The keys round `seed` yields over `link` (none when it aborts). */
export type HopRound = (seed: Uint8Array, link: EksLink) => RoundKey[];

/** The relay's own hop link to the QAN: the default link at the configured distance. */
export function hopLink(distanceKm: number, pulses = DEFAULT_EKS_LINK.pulsesPerRound): EksLink {
  return { ...DEFAULT_EKS_LINK, distanceKm, pulsesPerRound: pulses };
}

/**
 * The relay's end of an EKS round (eks-qkd-sim's round contract): the same round the other end
 * runs over the same link — a node's announced link when mirroring its round, the relay's own
 * hop link towards the QAN — so both hold the keys the round names.
 */
export function honestRound(): HopRound {
  return (seed, link) => {
    const outcome = runEksRound(seed, link, 'alice');
    return outcome.ok ? eksRoundKeys(seed, outcome.key) : [];
  };
}
