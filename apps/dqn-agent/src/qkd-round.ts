import { DEFAULT_EKS_LINK, type EksLink, runEksRound } from '@qcos/eks-qkd-sim';
import type { QkdChannel, QkdRound } from './eks-keeper.js';

/** The EKS link of a channel: the contract's defaults with this node's distance and eavesdropper. */
export function linkOf(channel: QkdChannel, pulses = DEFAULT_EKS_LINK.pulsesPerRound): EksLink {
  return {
    ...DEFAULT_EKS_LINK,
    distanceKm: channel.distanceKm,
    eavesdropper: channel.eavesdropper,
    pulsesPerRound: pulses,
  };
}

/**
 * The node's end of each EKS round: eks-qkd-sim's round contract run as Alice over the
 * link the keeper announces in EKS_SYNC, deterministic from the seed, so the QAN running it as
 * Bob over the same link reaches the same key or the same abort.
 */
export function decoyBb84Round(): QkdRound {
  return (seed, link) => runEksRound(seed, link, 'alice');
}
